import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from 'src/common/errors/domain-error';
import { formatCents, fromCents, toCents, toDecimal } from 'src/common/money/decimal';
import { moneyFromText } from 'src/common/money/money.type';
import { Connection, mapConnection, PageArgs, sqlPage } from 'src/common/pagination/connection';
import { BylawsTerms } from 'src/cooperatives/bylaws.rules';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS, AccountKind, accountKey, AccountRef } from 'src/ledger/posting';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { BallotRoundCloser } from './ballot-close.service';
import { roundTermProblems } from './ballot-rules';
import { Allocation, BudgetRound, BudgetRoundMode, BudgetRule, BucketStatus, RoundStatus } from './budgeting.types';
import { classPools } from './distribution';
import { OpenBudgetRoundInput } from './dto/budgeting.inputs';
import { memberLinesPage } from './member-lines';
import { memberShareLines } from './member-shares.sql';

export interface RoundRow {
  id: string;
  seq: string;
  cooperativeId: string;
  currency: string;
  title: string;
  pool: string;
  status: RoundStatus;
  grantingClosesAt: Date;
  maxPerMemberPerBucket: string | null;
  surplusId: string | null;
  journalEntryId: string;
  mode: BudgetRoundMode;
  rule: BudgetRule | null;
  classes: StakeholderClass[] | null;
  classWeights: string[] | null;
  minProjects: number | null;
  maxProjects: number | null;
  knapsack: boolean;
  minBudgetPercent: string | null;
}

export const ROUND = `SELECT r.id, r.seq::text, r.cooperative_id AS "cooperativeId", c.currency, r.title, r.pool::text, r.status, r.granting_closes_at AS "grantingClosesAt",
  r.max_per_member_per_bucket::text AS "maxPerMemberPerBucket", r.surplus_id AS "surplusId", r.journal_entry_id AS "journalEntryId",
  r.mode, r.rule, r.classes, r.class_weights::text[] AS "classWeights", r.min_projects AS "minProjects", r.max_projects AS "maxProjects", r.knapsack, r.min_budget_percent::text AS "minBudgetPercent"
  FROM budget_rounds r JOIN cooperatives c ON c.id = r.cooperative_id`;

export function toRound(row: RoundRow): BudgetRound {
  const ballotRules =
    row.mode === BudgetRoundMode.BALLOT
      ? { minProjects: row.minProjects ?? 1, maxProjects: row.maxProjects, knapsack: row.knapsack, minBudgetPercent: row.minBudgetPercent ? toDecimal(row.minBudgetPercent) : null }
      : null;
  return {
    ...row,
    pool: moneyFromText(row.pool, row.currency),
    maxPerMemberPerBucket: row.maxPerMemberPerBucket ? moneyFromText(row.maxPerMemberPerBucket, row.currency) : null,
    ballotRules,
  };
}

/** Co-budgeting rounds: allocations in, unspent allocations and failed buckets' money back out. */
@Injectable()
export class RoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly cooperatives: CooperativesService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly ballotCloser: BallotRoundCloser,
  ) {}

  /**
   * Opens a round from a surplus's co-budget part or from an amount of the reserve. A CONTRIBUTIONS
   * round allocates the pool to members; a BALLOT round holds it in the round's pool account until a
   * rule picks the winners at close.
   */
  async open(userId: string, input: OpenBudgetRoundInput): Promise<BudgetRound> {
    const problems = roundTermProblems(input);
    if (Boolean(input.surplusId) === Boolean(input.amount)) problems.push({ field: 'surplusId', message: 'give either surplusId or amount' });
    if (input.grantingClosesAt <= new Date()) problems.push({ field: 'grantingClosesAt', message: 'must be in the future' });
    if (problems.length) throw badInput(problems);
    const ballot = input.mode === BudgetRoundMode.BALLOT;
    const id = await inTransaction(this.dataSource, async (manager) => {
      await this.cooperatives.lockCooperative(manager, input.cooperativeId);
      await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR], manager);
      const { poolCents, source } = await this.poolSource(manager, input);
      const bylaws = await this.cooperatives.currentBylaws(input.cooperativeId, manager);
      // The round's id comes first: its accounts are kept for it (scope) before the row exists.
      const roundId = randomUUID();
      const entry = ballot
        ? await this.ledger.post(manager, {
            cooperativeId: input.cooperativeId,
            description: `Budget round "${input.title.trim()}" pool set aside for the ballot`,
            sourceType: 'BUDGET_ROUND',
            sourceId: roundId,
            postedByUserId: userId,
            lines: [
              { account: { kind: source }, amount: fromCents(poolCents) },
              { account: { kind: ACCOUNTS.ROUND_POOL, scopeId: roundId }, amount: fromCents(-poolCents) },
            ],
          })
        : await this.allocate(manager, input, roundId, poolCents, source, bylaws, userId);
      const classes = ballot ? CLASS_ORDER.filter((c) => (input.classes ?? CLASS_ORDER).includes(c)) : null;
      const rules = input.ballotRules;
      await manager.query(
        `INSERT INTO budget_rounds (id, cooperative_id, title, surplus_id, pool, within_class, granting_closes_at, max_per_member_per_bucket, opened_by_user_id, journal_entry_id,
                                    mode, rule, classes, class_weights, min_projects, max_projects, knapsack, min_budget_percent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [
          roundId,
          input.cooperativeId,
          input.title.trim(),
          input.surplusId ?? null,
          formatCents(poolCents),
          bylaws.cobudgetAllocation,
          input.grantingClosesAt,
          input.maxPerMemberPerBucket?.toString() ?? null,
          userId,
          entry.id,
          input.mode ?? BudgetRoundMode.CONTRIBUTIONS,
          input.rule ?? null,
          classes,
          classes?.map((c) => bylaws.voteWeight(c).toString()) ?? null,
          ballot ? (rules?.minProjects ?? 1) : null,
          rules?.maxProjects ?? null,
          rules?.knapsack ?? false,
          rules?.minBudgetPercent?.toString() ?? null,
        ],
      );
      await this.audit.record(manager, {
        cooperativeId: input.cooperativeId,
        actorUserId: userId,
        action: 'BUDGET_ROUND_OPENED',
        subjectId: roundId,
        data: { pool: formatCents(poolCents), surplusId: input.surplusId ?? null, mode: input.mode ?? BudgetRoundMode.CONTRIBUTIONS, rule: input.rule ?? null },
      });
      return roundId;
    });
    return this.byId(id);
  }

  /** A quarter per class, equally per member (or pro rata, per bylaws); empty classes' quarters to the reserve. */
  private async allocate(manager: EntityManager, input: OpenBudgetRoundInput, roundId: string, poolCents: bigint, source: AccountKind, bylaws: BylawsTerms, userId: string) {
    const allocations: AccountRef = { kind: ACCOUNTS.MEMBER_ALLOCATION, scopeId: roundId };
    const reserve: AccountRef = { kind: ACCOUNTS.RESERVE };
    const accounts = await this.ledger.accounts(manager, input.cooperativeId, [allocations, reserve]);
    return this.ledger.post(manager, {
      cooperativeId: input.cooperativeId,
      description: `Budget round "${input.title.trim()}" allocated`,
      sourceType: 'BUDGET_ROUND',
      sourceId: roundId,
      postedByUserId: userId,
      lines: [{ account: { kind: source }, amount: fromCents(poolCents) }],
      computed: memberShareLines({
        cooperativeId: input.cooperativeId,
        pools: classPools(poolCents),
        within: bylaws.cobudgetAllocation,
        perMemberClasses: bylaws.perMemberEquityClasses,
        memberAccountId: accounts.get(accountKey(allocations))!,
        unclaimedAccountId: accounts.get(accountKey(reserve))!,
      }),
    });
  }

  private async poolSource(manager: EntityManager, input: OpenBudgetRoundInput): Promise<{ poolCents: bigint; source: AccountKind }> {
    if (input.surplusId) {
      const [surplus] = await manager.query<{ cobudget: string; used: boolean }[]>(
        `SELECT d.cobudget::text, EXISTS (SELECT 1 FROM budget_rounds r WHERE r.surplus_id = d.id) AS used FROM surplus_declarations d WHERE d.id = $1 AND d.cooperative_id = $2`,
        [input.surplusId, input.cooperativeId],
      );
      if (!surplus) throw notFound('Surplus declaration');
      if (surplus.used) throw conflict("This surplus's co-budget already funds a round");
      const poolCents = toCents(toDecimal(surplus.cobudget));
      if (poolCents === 0n) throw conflict('This surplus has no co-budget part');
      return { poolCents, source: ACCOUNTS.COBUDGET_FUND };
    }
    const amount = input.amount!;
    const reserve = await this.ledger.account(manager, input.cooperativeId, { kind: ACCOUNTS.RESERVE });
    await this.ledger.lockAccount(manager, reserve);
    // Equity accounts hold credits, so the reserve's balance is the negated sum of its lines.
    const available = (await this.ledger.balance(manager, reserve)).negated();
    if (amount.gt(available)) throw conflict(`The reserve holds ${available.toString()}, less than ${amount.toString()}`);
    return { poolCents: toCents(amount), source: ACCOUNTS.RESERVE };
  }

  /**
   * Closes granting: buckets at or above their minimum are FUNDED; contributions to the others are
   * refunded by reversal entries; what members did not spend returns to the reserve. A BALLOT round's
   * rule picks and funds its winners instead (BallotRoundCloser).
   */
  async close(userId: string, roundId: string): Promise<BudgetRound> {
    await inTransaction(this.dataSource, async (manager) => {
      const round = await this.lockRound(manager, roundId);
      await this.membership.requireMember(userId, round.cooperativeId, [Role.COORDINATOR], manager);
      if (round.status !== RoundStatus.OPEN) throw conflict('This round is already closed');
      if (round.mode === BudgetRoundMode.BALLOT) {
        const result = await this.ballotCloser.closeLocked(manager, round, userId);
        await manager.query(`UPDATE budget_rounds SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [roundId]);
        await this.audit.record(manager, {
          cooperativeId: round.cooperativeId,
          actorUserId: userId,
          action: 'BUDGET_ROUND_CLOSED',
          subjectId: roundId,
          data: { rule: result.rule, winners: result.selected, spent: formatCents(BigInt(result.spent)) },
        });
        return;
      }
      // Lock the buckets first and read their funding in a later statement: a statement that waits for
      // a bucket lock keeps its starting snapshot, so it would miss the contribution it waited for.
      await manager.query(`SELECT id FROM buckets WHERE round_id = $1 ORDER BY id FOR UPDATE`, [roundId]);
      const buckets = await manager.query<{ id: string; status: BucketStatus; minGoal: string; funded: string }[]>(
        `SELECT b.id, b.status, b.min_goal::text AS "minGoal",
                coalesce((SELECT -sum(l.amount) FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id WHERE a.code = 'BUCKET_FUNDS' AND a.scope_id = b.id), 0)::text AS funded
           FROM buckets b WHERE b.round_id = $1 ORDER BY b.id`,
        [roundId],
      );
      for (const bucket of buckets) {
        const funded = bucket.status === BucketStatus.OPEN && new Decimal(bucket.funded).gte(bucket.minGoal);
        if (!funded) await this.refund(manager, bucket.id);
        await manager.query(`UPDATE buckets SET status = $2 WHERE id = $1`, [bucket.id, funded ? BucketStatus.FUNDED : BucketStatus.NOT_FUNDED]);
      }
      await this.returnUnspent(manager, round, userId);
      await manager.query(`UPDATE budget_rounds SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [roundId]);
      await this.audit.record(manager, { cooperativeId: round.cooperativeId, actorUserId: userId, action: 'BUDGET_ROUND_CLOSED', subjectId: roundId });
    });
    return this.byId(roundId);
  }

  /** Refunds every contribution to a bucket by reversing its journal entry; the contribution rows stay. */
  private async refund(manager: EntityManager, bucketId: string): Promise<void> {
    const contributions = await manager.query<{ journalEntryId: string }[]>(`SELECT journal_entry_id AS "journalEntryId" FROM contributions WHERE bucket_id = $1 ORDER BY created_at, id`, [bucketId]);
    for (const c of contributions) await this.ledger.reverse(manager, c.journalEntryId, 'Refund: the bucket was not funded', null);
  }

  /** Debits every member's unspent allocation back to zero and credits the total to the reserve, in one entry. */
  private async returnUnspent(manager: EntityManager, round: RoundRow, userId: string): Promise<void> {
    const account = await this.ledger.account(manager, round.cooperativeId, { kind: ACCOUNTS.MEMBER_ALLOCATION, scopeId: round.id });
    // The round and all its buckets are locked, so no contribution can move these balances meanwhile.
    const unspent = (await this.ledger.balance(manager, account)).negated();
    if (unspent.isZero()) return;
    await this.ledger.post(manager, {
      cooperativeId: round.cooperativeId,
      description: `Unspent allocations of "${round.title}" returned to the reserve`,
      sourceType: 'BUDGET_ROUND_CLOSE',
      sourceId: round.id,
      postedByUserId: userId,
      lines: [{ account: { kind: ACCOUNTS.RESERVE }, amount: unspent.negated() }],
      computed: {
        sql: `SELECT $1::uuid AS account_id, member_id, NULL::text AS stakeholder_class, (-sum(amount) * 100)::bigint AS cents FROM journal_lines WHERE account_id = $1 GROUP BY member_id`,
        params: [account],
        totalCents: toCents(unspent),
      },
    });
  }

  async lockRound(manager: EntityManager, roundId: string): Promise<RoundRow> {
    const [round] = await manager.query<RoundRow[]>(`${ROUND} WHERE r.id = $1 FOR UPDATE OF r`, [roundId]);
    if (!round) throw notFound('Budget round');
    return round;
  }

  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<BudgetRound> {
    const [row] = await manager.query<RoundRow[]>(`${ROUND} WHERE r.id = $1`, [id]);
    if (!row) throw notFound('Budget round');
    return toRound(row);
  }

  /** A round as its cooperative's members see it (`Cooperative.budgetRounds`). */
  async readableRound(userId: string, id: string): Promise<BudgetRound> {
    const round = await this.byId(id);
    await this.membership.requireMember(userId, round.cooperativeId);
    return round;
  }

  async bySurplus(surplusId: string): Promise<BudgetRound | null> {
    const [row] = await this.dataSource.query<RoundRow[]>(`${ROUND} WHERE r.surplus_id = $1`, [surplusId]);
    return row ? toRound(row) : null;
  }

  async list(cooperativeId: string, page: PageArgs): Promise<Connection<BudgetRound>> {
    const connection = await sqlPage<RoundRow>(
      this.dataSource,
      page,
      { count: `SELECT count(*)::int AS n FROM budget_rounds WHERE cooperative_id = $1`, rows: `${ROUND} WHERE r.cooperative_id = $1 AND r.seq > $2 ORDER BY r.seq LIMIT $3` },
      [cooperativeId],
    );
    return mapConnection(connection, toRound);
  }

  /** The allocations are the member lines of the round's allocation entry. */
  async allocations(round: BudgetRound, page: PageArgs): Promise<Connection<Allocation>> {
    return memberLinesPage(this.dataSource, round.journalEntryId, round.currency, page);
  }

  /** What the member was allocated in the round: their lines in the allocation entry. */
  async allocated(round: BudgetRound, memberId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ total: string }[]>(
      `SELECT coalesce(-sum(l.amount), 0)::text AS total FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id
        WHERE a.cooperative_id = $1 AND a.code = 'MEMBER_ALLOCATION' AND a.scope_id = $2 AND l.member_id = $3 AND l.entry_id = $4`,
      [round.cooperativeId, round.id, memberId, round.journalEntryId],
    );
    return row.total;
  }

  /** What the member can still contribute: their credit balance on the round's allocation account. */
  async balance(round: BudgetRound, memberId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ total: string }[]>(
      `SELECT coalesce(-sum(l.amount), 0)::text AS total FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id
        WHERE a.cooperative_id = $1 AND a.code = 'MEMBER_ALLOCATION' AND a.scope_id = $2 AND l.member_id = $3`,
      [round.cooperativeId, round.id, memberId],
    );
    return row.total;
  }
}
