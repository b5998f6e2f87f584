import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Fraction } from 'src/common/money/fraction';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Bylaws } from 'src/cooperatives/bylaws.entity';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { Choice, VotingMethod } from './governance.enums';
import { Proposal } from './proposal.entity';
import { ChoiceTallyResult, ClassCounts, tallyChoices } from './tally';
import { storeTally, StoredTally } from './tally-view';

interface BallotGroup {
  classes: StakeholderClass[];
  choice: Choice;
  n: number;
}

/**
 * Feeds the pure tally from one aggregate query: ballots grouped by (voter classes, choice). The
 * groups are few (class combinations × choices), so a million ballots never leave the database.
 */
@Injectable()
export class TallyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cooperatives: CooperativesService,
  ) {}

  async tally(proposal: Proposal, manager: EntityManager = this.dataSource.manager): Promise<{ result: ChoiceTallyResult; stored: StoredTally }> {
    const [groups, bylaws] = await Promise.all([
      manager.query<BallotGroup[]>(`SELECT classes, choice, count(*)::int AS n FROM ballots WHERE proposal_id = $1 GROUP BY classes, choice`, [proposal.id]),
      this.cooperatives.currentBylaws(proposal.cooperativeId, manager),
    ]);
    const eligible = proposal.eligibleCounts ?? { classes: {}, distinct: 0 };
    const counts = new Map<StakeholderClass, ClassCounts>(
      proposal.classes.map((c) => [c, { class: c, weight: voteWeight(bylaws, c), eligible: eligible.classes[c] ?? 0, yes: 0, no: 0, abstain: 0, block: 0 }]),
    );
    let voters = 0;
    for (const group of groups) {
      voters += group.n;
      for (const c of group.classes) {
        const tally = counts.get(c);
        if (tally) tally[choiceKey(group.choice)] += group.n;
      }
    }
    const result = tallyChoices({
      kind: proposal.kind,
      consent: proposal.method === VotingMethod.CONSENT,
      quorumPerClass: Fraction.fromDecimal(bylaws.quorumPerClass),
      quorumOverall: Fraction.fromDecimal(bylaws.quorumOverall),
      classes: [...counts.values()],
      distinctEligible: eligible.distinct,
      distinctVoters: voters,
    });
    return { result, stored: storeTally(result, voters, eligible.distinct) };
  }
}

function voteWeight(bylaws: Bylaws, stakeholderClass: StakeholderClass): Fraction {
  return Fraction.fromDecimal(bylaws.voteWeight(stakeholderClass));
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
