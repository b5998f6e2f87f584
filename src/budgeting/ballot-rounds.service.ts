import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from 'src/common/errors/domain-error';
import { formatCents, fromCents, toCents, toDecimal } from 'src/common/money/decimal';
import { Fraction } from 'src/common/money/fraction';
import { money } from 'src/common/money/money.type';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { inTransaction } from 'src/database/transaction';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import type { StoredRoundResult } from './ballot-close.service';
import { ballotProblems } from './ballot-rules';
import { BudgetBallot, BudgetPreview, BudgetRound, BudgetRoundMode, BudgetRoundResult, BudgetRule, RoundStatus } from './budgeting.types';
import { BudgetBallotInput } from './dto/budgeting.inputs';
import { electionOf, PabulibError, parsePabulib } from './pabulib/parse';
import { writePabulib } from './pabulib/write';
import { ROUND, RoundRow, toRound } from './rounds.service';
import { pickWinnersOffThread } from './winners/off-thread';

/** Limits on a previewed file: the rule runs off the event loop, but still uses a core while it runs. */
const PREVIEW_LIMITS = { voters: 20_000, projects: 200 };

const BALLOT = `SELECT round_id AS "roundId", member_id AS "memberId", bucket_ids AS "bucketIds", cast_at AS "castAt" FROM budget_ballots`;

/** BALLOT rounds: members' ballots, the stored result, the round as a Pabulib file, and previews of a rule on any file. */
@Injectable()
export class BallotRoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly cooperatives: CooperativesService,
  ) {}

  /**
   * Records (or replaces) the member's ballot and appends it to the history. The round row is held
   * FOR SHARE, so ballots run side by side but never across the close, which locks it FOR UPDATE.
   */
  async cast(userId: string, input: BudgetBallotInput): Promise<BudgetBallot> {
    if (new Set(input.bucketIds).size !== input.bucketIds.length) throw badInput([{ field: 'bucketIds', message: 'a bucket can be approved only once' }]);
    return inTransaction(this.dataSource, async (manager) => {
      const [round] = await manager.query<RoundRow[]>(`${ROUND} WHERE r.id = $1 FOR SHARE OF r`, [input.roundId]);
      if (!round) throw notFound('Budget round');
      const member = await this.membership.requireMember(userId, round.cooperativeId, [], manager);
      if (round.mode !== BudgetRoundMode.BALLOT) throw conflict('This round is funded by contributions, not ballots');
      if (round.status !== RoundStatus.OPEN || round.grantingClosesAt <= new Date()) throw conflict('Voting is closed for this round');
      const classes = await this.voterClasses(manager, member.id, round.classes!);
      if (!classes.length) throw forbidden(`Only members holding units in ${round.classes!.join(', ')} vote in this round`);
      const buckets = await manager.query<{ id: string; cost: string }[]>(
        `SELECT id, max_goal::text AS cost FROM buckets WHERE round_id = $1 AND status = 'OPEN' AND id = ANY($2::uuid[])`,
        [round.id, input.bucketIds],
      );
      const known = new Set(buckets.map((b) => b.id));
      const unknown = input.bucketIds.filter((id) => !known.has(id));
      if (unknown.length) throw badInput([{ field: 'bucketIds', message: `not an approved bucket of this round: ${unknown.join(', ')}` }]);
      const { ballotRules } = toRound(round);
      const problems = ballotProblems(ballotRules!, toCents(toDecimal(round.pool)), buckets.map((b) => toCents(toDecimal(b.cost))));
      if (problems.length) throw badInput(problems);
      const [ballot] = await manager.query<BudgetBallot[]>(
        `WITH history AS (INSERT INTO budget_ballot_history (round_id, member_id, bucket_ids) VALUES ($1, $2, $4))
         INSERT INTO budget_ballots (round_id, member_id, classes, bucket_ids) VALUES ($1, $2, $3, $4)
         ON CONFLICT (round_id, member_id) DO UPDATE SET classes = excluded.classes, bucket_ids = excluded.bucket_ids, cast_at = now()
         RETURNING round_id AS "roundId", member_id AS "memberId", bucket_ids AS "bucketIds", cast_at AS "castAt"`,
        [round.id, member.id, classes, input.bucketIds],
      );
      return ballot;
    });
  }

  /** The classes of the round's electorate in which the member holds units, in class order. */
  private async voterClasses(manager: EntityManager, memberId: string, electorate: StakeholderClass[]): Promise<StakeholderClass[]> {
    const rows = await manager.query<{ class: StakeholderClass }[]>(
      `SELECT stakeholder_class AS class FROM member_class_units WHERE member_id = $1 AND units > 0 AND stakeholder_class = ANY($2)`,
      [memberId, electorate],
    );
    return CLASS_ORDER.filter((c) => rows.some((r) => r.class === c));
  }

  async myBallot(userId: string, round: BudgetRound): Promise<BudgetBallot | null> {
    const member = await this.membership.requireMember(userId, round.cooperativeId);
    const [ballot] = await this.dataSource.query<BudgetBallot[]>(`${BALLOT} WHERE round_id = $1 AND member_id = $2`, [round.id, member.id]);
    return ballot ?? null;
  }

  /** Every ballot the member cast in the round, oldest first. */
  async myHistory(userId: string, round: BudgetRound): Promise<BudgetBallot[]> {
    const member = await this.membership.requireMember(userId, round.cooperativeId);
    return this.dataSource.query<BudgetBallot[]>(
      `SELECT round_id AS "roundId", member_id AS "memberId", bucket_ids AS "bucketIds", cast_at AS "castAt" FROM budget_ballot_history WHERE round_id = $1 AND member_id = $2 ORDER BY id`,
      [round.id, member.id],
    );
  }

  async result(round: BudgetRound): Promise<BudgetRoundResult | null> {
    const [row] = await this.dataSource.query<{ result: StoredRoundResult | null }[]>(`SELECT result FROM budget_rounds WHERE id = $1`, [round.id]);
    const stored = row?.result;
    if (!stored) return null;
    return {
      winnerIds: stored.selected,
      spent: money(fromCents(BigInt(stored.spent)), round.currency),
      perVoterBudget: stored.perVoterBudget ? Fraction.parse(stored.perVoterBudget).toDecimal() : null,
      mesRuns: stored.rule === BudgetRule.EQUAL_SHARES ? stored.mesRuns : null,
      explanations: stored.explanations.map((e) => ({
        ...e,
        supportersLeft: e.supportersLeft === null ? null : money(fromCents(BigInt(e.supportersLeft)), round.currency),
      })),
    };
  }

  /**
   * The round as a Pabulib `.pb` file: voters numbered in a random order (no member id, no cast
   * time), each with the classes they voted in. The ballots are sealed until the round closes.
   */
  async pabulib(round: BudgetRound): Promise<string> {
    if (round.mode !== BudgetRoundMode.BALLOT) throw conflict('Only a BALLOT round has ballots to export');
    if (round.status !== RoundStatus.CLOSED) throw conflict('The ballots are sealed until the round closes');
    const [cooperative] = await this.dataSource.query<{ name: string }[]>(`SELECT name FROM cooperatives WHERE id = $1`, [round.cooperativeId]);
    const buckets = await this.dataSource.query<{ id: string; title: string; cost: string; status: string; votes: number }[]>(
      `SELECT b.id, b.title, b.max_goal::text AS cost, b.status, (SELECT count(*)::int FROM budget_ballots v WHERE v.round_id = b.round_id AND b.id = ANY(v.bucket_ids)) AS votes
         FROM buckets b WHERE b.round_id = $1 AND b.approved_at IS NOT NULL ORDER BY b.seq`,
      [round.id],
    );
    const voters = await this.dataSource.query<{ id: string; approvals: string[]; groups: string[] }[]>(
      `SELECT (row_number() OVER (ORDER BY random()))::text AS id, bucket_ids::text[] AS approvals, classes AS groups FROM budget_ballots WHERE round_id = $1`,
      [round.id],
    );
    const rules = round.ballotRules!;
    return writePabulib({
      description: `Tetrad ballot round "${round.title}"`,
      unit: cooperative.name,
      instance: round.title,
      budget: toCents(toDecimal(round.pool.amount)),
      rule: round.rule!,
      minLength: rules.minProjects,
      maxLength: rules.maxProjects,
      maxSumCost: rules.knapsack ? toCents(toDecimal(round.pool.amount)) : null,
      currency: round.currency,
      projects: buckets.map((b) => ({ id: b.id, cost: toCents(toDecimal(b.cost)), name: b.title, votes: b.votes, selected: b.status === 'FUNDED' })),
      voters,
    });
  }

  /** What a rule would pick from a Pabulib file, for a coordinator comparing rules; writes nothing. */
  async preview(userId: string, cooperativeId: string, text: string, rule: BudgetRule): Promise<BudgetPreview> {
    await this.membership.requireMember(userId, cooperativeId, [Role.COORDINATOR]);
    let instance;
    try {
      instance = parsePabulib(text);
    } catch (error) {
      if (error instanceof PabulibError) throw badInput([{ field: 'pabulib', message: error.message }], 'Malformed Pabulib file');
      throw error;
    }
    if (instance.voters.length > PREVIEW_LIMITS.voters || instance.projects.length > PREVIEW_LIMITS.projects) {
      throw badInput([{ field: 'pabulib', message: `a preview takes at most ${PREVIEW_LIMITS.voters} votes and ${PREVIEW_LIMITS.projects} projects` }]);
    }
    // A class column naming stakeholder classes weighs them as the bylaws do; other groups weigh the same.
    const bylaws = await this.cooperatives.currentBylaws(cooperativeId);
    const weightOf = (group: string) => ((CLASS_ORDER as readonly string[]).includes(group) ? Fraction.fromDecimal(bylaws.voteWeight(group as StakeholderClass)) : Fraction.ONE);
    const outcome = await pickWinnersOffThread(rule, electionOf(instance, weightOf));
    return {
      selectedProjectIds: outcome.selected,
      spent: formatCents(outcome.spent),
      perVoterBudget: outcome.perVoterBudget?.toDecimal() ?? null,
      mesRuns: rule === BudgetRule.EQUAL_SHARES ? outcome.mesRuns : null,
      explanations: outcome.explanations.map(({ projectId, selected, approvals, reason }) => ({ projectId, selected, approvals, reason })),
    };
  }
}
