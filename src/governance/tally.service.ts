import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Fraction } from 'src/common/money/fraction';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { groupByKeys, Loaders } from 'src/common/loaders/loaders';
import { Bylaws } from 'src/cooperatives/bylaws.entity';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { classesOf } from './class-mask';
import { EFFECTIVE_BALLOTS } from './effective-ballots.sql';
import { Choice, isOptionMethod, ProposalOutcome, VotingMethod } from './governance.enums';
import { groupsOf, OptionGroups, optionGroups, optionTallyOf } from './option-tally.source';
import { Proposal, ProposalOption } from './proposal.entity';
import { ClassCounts, tallyChoices } from './tally';
import { storeTally, StoredTally } from './tally-view';

interface BallotGroup {
  mask: number;
  choice: Choice;
  n: number;
}

/**
 * Feeds the pure tally from one aggregate query: ballots grouped by (voter class mask, choice). The
 * groups are few (class combinations × choices), so a million ballots never leave the database.
 */
@Injectable()
export class TallyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cooperatives: CooperativesService,
  ) {}

  async tally(proposal: Proposal, manager: EntityManager = this.dataSource.manager): Promise<{ outcome: ProposalOutcome; stored: StoredTally }> {
    // The rules frozen at the snapshot; the current bylaws only for a proposal that has not opened yet.
    const bylaws = proposal.eligibleCounts?.weights ? null : await this.cooperatives.currentBylaws(proposal.cooperativeId, manager);
    if (isOptionMethod(proposal.method)) {
      const query = <T>(sql: string, params: unknown[]) => manager.query<T[]>(sql, params);
      const options = await query<ProposalOption>(`SELECT id, label, position FROM proposal_options WHERE proposal_id = $1 ORDER BY position`, [proposal.id]);
      return optionTallyOf(proposal, options, await optionGroups(query, [proposal.id]), bylaws);
    }
    const groups = await manager.query<BallotGroup[]>(`SELECT class_mask AS mask, choice, count(*)::int AS n FROM (${EFFECTIVE_BALLOTS}) b GROUP BY class_mask, choice`, [[proposal.id]]);
    return tallyOf(proposal, groups, bylaws);
  }

  /** The same tally for many proposals of a request (a list): grouped queries for all of them at once. */
  async loadTally(loaders: Loaders, proposal: Proposal): Promise<{ outcome: ProposalOutcome; stored: StoredTally }> {
    const bylaws = proposal.eligibleCounts?.weights ? null : await this.cooperatives.loadCurrentBylaws(loaders, proposal.cooperativeId);
    if (isOptionMethod(proposal.method)) {
      const [options, groups] = await Promise.all([
        loaders
          .get<string, ProposalOption[]>('tallyOptions', async (ids) => {
            const rows = await this.dataSource.query<(ProposalOption & { proposalId: string })[]>(
              `SELECT proposal_id AS "proposalId", id, label, position FROM proposal_options WHERE proposal_id = ANY($1) ORDER BY proposal_id, position`,
              [ids],
            );
            return groupByKeys(ids, rows, (row) => row.proposalId);
          })
          .load(proposal.id),
        loaders
          .get<string, OptionGroups>('optionGroups', async (ids) => {
            const all = await optionGroups((sql, params) => this.dataSource.query(sql, params), ids);
            return ids.map((id) => groupsOf(all, id));
          })
          .load(proposal.id),
      ]);
      return optionTallyOf(proposal, options, groups, bylaws);
    }
    const groups = await loaders
      .get<string, BallotGroup[]>('ballotGroups', async (ids) => {
        const rows = await this.dataSource.query<(BallotGroup & { proposalId: string })[]>(
          `SELECT proposal_id AS "proposalId", class_mask AS mask, choice, count(*)::int AS n FROM (${EFFECTIVE_BALLOTS}) b GROUP BY proposal_id, class_mask, choice`,
          [ids],
        );
        return groupByKeys(ids, rows, (row) => row.proposalId);
      })
      .load(proposal.id);
    return tallyOf(proposal, groups, bylaws);
  }
}

/** The pure tally of a proposal from its ballot groups, under its frozen rules (or `bylaws` before the snapshot). */
function tallyOf(proposal: Proposal, groups: BallotGroup[], bylaws: Bylaws | null): { outcome: ProposalOutcome; stored: StoredTally } {
  const eligible = proposal.eligibleCounts ?? { classes: {}, distinct: 0 };
  const weightOf = (c: StakeholderClass) => Fraction.fromDecimal(eligible.weights?.[c] ?? bylaws!.voteWeight(c));
  const counts = new Map<StakeholderClass, ClassCounts>(
    proposal.classes.map((c) => [c, { class: c, weight: weightOf(c), eligible: eligible.classes[c] ?? 0, yes: 0, no: 0, abstain: 0, block: 0 }]),
  );
  let voters = 0;
  for (const group of groups) {
    voters += group.n;
    for (const c of classesOf(group.mask)) {
      const tally = counts.get(c);
      if (tally) tally[choiceKey(group.choice)] += group.n;
    }
  }
  const result = tallyChoices({
    kind: proposal.kind,
    consent: proposal.method === VotingMethod.CONSENT,
    quorumPerClass: Fraction.fromDecimal(eligible.quorumPerClass ?? bylaws!.quorumPerClass),
    quorumOverall: Fraction.fromDecimal(eligible.quorumOverall ?? bylaws!.quorumOverall),
    classes: [...counts.values()],
    distinctEligible: eligible.distinct,
    distinctVoters: voters,
  });
  return { outcome: result.outcome as ProposalOutcome, stored: storeTally(result, voters, eligible.distinct) };
}

function choiceKey(choice: Choice): 'yes' | 'no' | 'abstain' | 'block' {
  switch (choice) {
    case Choice.YES:
      return 'yes';
    case Choice.NO:
      return 'no';
    case Choice.ABSTAIN:
      return 'abstain';
    case Choice.BLOCK:
      return 'block';
  }
}
