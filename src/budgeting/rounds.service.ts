import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from 'src/common/errors/domain-error';
import { formatCents, fromCents, toCents, toDecimal } from 'src/common/money/decimal';
import { moneyFromText } from 'src/common/money/money.type';
import { Connection, mapConnection, PageArgs, sqlPage } from 'src/common/pagination/connection';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS, AccountKind, PostingLine } from 'src/ledger/posting';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { Allocation, BudgetRound, BucketStatus, RoundStatus } from './budgeting.types';
import { distributeByClass } from './distribution';
import { OpenBudgetRoundInput } from './dto/budgeting.inputs';
import { loadHolders } from './holders';

interface RoundRow {
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
}

const ROUND = `SELECT r.id, r.seq::text, r.cooperative_id AS "cooperativeId", c.currency, r.title, r.pool::text, r.status, r.granting_closes_at AS "grantingClosesAt",
  r.max_per_member_per_bucket::text AS "maxPerMemberPerBucket", r.surplus_id AS "surplusId" FROM budget_rounds r JOIN cooperatives c ON c.id = r.cooperative_id`;

export function toRound(row: RoundRow): BudgetRound {
  return { ...row, pool: moneyFromText(row.pool, row.currency), maxPerMemberPerBucket: row.maxPerMemberPerBucket ? moneyFromText(row.maxPerMemberPerBucket, row.currency) : null };
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
  ) {}

  /** Opens a round from a surplus's co-budget part or from an amount of the reserve, and allocates it. */
  async open(userId: string, input: OpenBudgetRoundInput): Promise<BudgetRound> {
    if (Boolean(input.surplusId) === Boolean(input.amount)) throw badInput([{ field: 'surplusId', message: 'give either surplusId or amount' }]);
    if (input.grantingClosesAt <= new Date()) throw badInput([{ field: 'grantingClosesAt', message: 'must be in the future' }]);
    const id = await inTransaction(this.dataSource, async (manager) => {
      await this.cooperatives.lockCooperative(manager, input.cooperativeId);
      await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR], manager);
      const { poolCents, source } = await this.poolSource(manager, input);
      const bylaws = await this.cooperatives.currentBylaws(input.cooperativeId, manager);
      const [{ id: roundId }] = await manager.query<{ id: string }[]>(
        `INSERT INTO budget_rounds (cooperative_id, title, surplus_id, pool, within_class, granting_closes_at, max_per_member_per_bucket, opened_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [input.cooperativeId, input.title.trim(), input.surplusId ?? null, formatCents(poolCents), bylaws.cobudgetAllocation, input.grantingClosesAt, input.maxPerMemberPerBucket?.toString() ?? null, userId],
      );
      const { shares, toReserveCents } = distributeByClass(poolCents, await loadHolders(manager, input.cooperativeId), bylaws.cobudgetAllocation);
      const allocations = shares.filter((s) => s.cents > 0n);
      const lines: PostingLine[] = [{ account: { kind: source }, amount: fromCents(poolCents) }];
      if (toReserveCents > 0n) lines.push({ account: { kind: ACCOUNTS.RESERVE }, amount: fromCents(-toReserveCents) });
      for (const a of allocations) lines.push({ account: { kind: ACCOUNTS.MEMBER_ALLOCATION, memberId: a.memberId, scopeId: roundId }, amount: fromCents(-a.cents) });
      await this.ledger.post(manager, { cooperativeId: input.cooperativeId, description: `Budget round "${input.title.trim()}" allocated`, sourceType: 'BUDGET_ROUND', sourceId: roundId, postedByUserId: userId, lines });
      await manager.query(
        `INSERT INTO allocations (round_id, member_id, stakeholder_class, amount) SELECT $1, m, c, a FROM unnest($2::uuid[], $3::text[], $4::numeric[]) AS t(m, c, a)`,
        [roundId, allocations.map((a) => a.memberId), allocations.map((a) => a.class), allocations.map((a) => formatCents(a.cents))],
      );
      await this.audit.record(manager, { cooperativeId: input.cooperativeId, actorUserId: userId, action: 'BUDGET_ROUND_OPENED', subjectId: roundId, data: { pool: formatCents(poolCents), surplusId: input.surplusId ?? null } });
      return roundId;
    });
    return this.byId(id);
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
    const reserve = (await this.ledger.accounts(manager, input.cooperativeId, [{ kind: ACCOUNTS.RESERVE }])).values().next().value!;
    await this.ledger.lockAccount(manager, reserve);
    // Equity accounts hold credits, so the reserve's balance is the negated sum of its lines.
    const available = (await this.ledger.balance(manager, reserve)).negated();
    if (amount.gt(available)) throw conflict(`The reserve holds ${available.toString()}, less than ${amount.toString()}`);
    return { poolCents: toCents(amount), source: ACCOUNTS.RESERVE };
  }

  /**
   * Closes granting: buckets at or above their minimum are FUNDED; contributions to the others are
   * refunded by reversal entries; what members did not spend returns to the reserve.
   */
  async close(userId: string, roundId: string): Promise<BudgetRound> {
    await inTransaction(this.dataSource, async (manager) => {
      const round = await this.lockRound(manager, roundId);
      await this.membership.requireMember(userId, round.cooperativeId, [Role.COORDINATOR], manager);
      if (round.status !== RoundStatus.OPEN) throw conflict('This round is already closed');
      const buckets = await manager.query<{ id: string; status: BucketStatus; minGoal: string; funded: string }[]>(
        `SELECT b.id, b.status, b.min_goal::text AS "minGoal",
                coalesce((SELECT -sum(l.amount) FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id WHERE a.code = 'BUCKET_FUNDS' AND a.scope_id = b.id), 0)::text AS funded
           FROM buckets b WHERE b.round_id = $1 FOR UPDATE OF b`,
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

  private async returnUnspent(manager: EntityManager, round: RoundRow, userId: string): Promise<void> {
    const unspent = await manager.query<{ memberId: string; balance: string }[]>(
      `SELECT a.member_id AS "memberId", (-sum(l.amount))::text AS balance
         FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id
        WHERE a.code = 'MEMBER_ALLOCATION' AND a.scope_id = $1 GROUP BY a.member_id HAVING sum(l.amount) < 0`,
      [round.id],
    );
    if (unspent.length === 0) return;
    const lines: PostingLine[] = unspent.map((u) => ({ account: { kind: ACCOUNTS.MEMBER_ALLOCATION, memberId: u.memberId, scopeId: round.id }, amount: toDecimal(u.balance) }));
    const total = unspent.reduce((sum, u) => sum + toCents(toDecimal(u.balance)), 0n);
    lines.push({ account: { kind: ACCOUNTS.RESERVE }, amount: fromCents(-total) });
    await this.ledger.post(manager, { cooperativeId: round.cooperativeId, description: `Unspent allocations of "${round.title}" returned to the reserve`, sourceType: 'BUDGET_ROUND_CLOSE', sourceId: round.id, postedByUserId: userId, lines });
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

  async allocations(round: BudgetRound, page: PageArgs): Promise<Connection<Allocation>> {
    const connection = await sqlPage<{ seq: string; memberId: string; class: Allocation['class']; amount: string }>(
      this.dataSource,
      page,
      {
        count: `SELECT count(*)::int AS n FROM allocations WHERE round_id = $1`,
        rows: `SELECT id::text AS seq, member_id AS "memberId", stakeholder_class AS class, amount::text FROM allocations WHERE round_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      },
      [round.id],
    );
    return mapConnection(connection, (r) => ({ ...r, amount: moneyFromText(r.amount, round.currency) }));
  }

  /** What the member was allocated in the round (sum of allocation rows). */
  async allocated(roundId: string, memberId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ total: string }[]>(`SELECT coalesce(sum(amount), 0)::text AS total FROM allocations WHERE round_id = $1 AND member_id = $2`, [roundId, memberId]);
    return row.total;
  }

  /** What the member can still contribute: the credit balance of their allocation account in the round. */
  async balance(roundId: string, memberId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ total: string }[]>(
      `SELECT coalesce(-sum(l.amount), 0)::text AS total FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id WHERE a.code = 'MEMBER_ALLOCATION' AND a.scope_id = $1 AND a.member_id = $2`,
      [roundId, memberId],
    );
    return row.total;
  }
}
