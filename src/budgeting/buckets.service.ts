import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from 'src/common/errors/domain-error';
import { Loaders } from 'src/common/loaders/loaders';
import { formatMoney, toDecimal } from 'src/common/money/decimal';
import { Money, moneyFromText } from 'src/common/money/money.type';
import { Connection, mapConnection, PageArgs, sqlPage } from 'src/common/pagination/connection';
import { inTransaction } from 'src/database/transaction';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS, accountKey, AccountRef } from 'src/ledger/posting';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { Bucket, BucketStatus, BudgetRoundMode, Contribution, RoundStatus } from './budgeting.types';
import { ContributeInput, ProposeBucketInput } from './dto/budgeting.inputs';
import { RoundsService } from './rounds.service';

interface BucketRow {
  id: string;
  seq: string;
  roundId: string;
  cooperativeId: string;
  title: string;
  description: string;
  minGoal: string;
  maxGoal: string;
  status: BucketStatus;
  currency: string;
}

const BUCKET = `SELECT b.id, b.seq::text, b.round_id AS "roundId", r.cooperative_id AS "cooperativeId", b.title, b.description, b.min_goal::text AS "minGoal", b.max_goal::text AS "maxGoal", b.status, c.currency
  FROM buckets b JOIN budget_rounds r ON r.id = b.round_id JOIN cooperatives c ON c.id = r.cooperative_id`;

const toBucket = (row: BucketRow): Bucket => ({ ...row, minGoal: moneyFromText(row.minGoal, row.currency), maxGoal: moneyFromText(row.maxGoal, row.currency) });

interface ContributionRow {
  id: string;
  bucketId: string;
  memberId: string;
  amount: string;
  idempotencyKey: string | null;
  createdAt: Date;
  journalEntryId: string;
}

/** Buckets and contributions. Every limit is checked under row locks, never by an earlier read. */
@Injectable()
export class BucketsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly rounds: RoundsService,
    private readonly ledger: LedgerService,
  ) {}

  async propose(userId: string, input: ProposeBucketInput): Promise<Bucket> {
    if (input.minGoal.gt(input.maxGoal)) throw badInput([{ field: 'minGoal', message: 'must not exceed maxGoal' }]);
    const id = await inTransaction(this.dataSource, async (manager) => {
      const round = await this.rounds.lockRound(manager, input.roundId);
      const member = await this.membership.requireMember(userId, round.cooperativeId, [], manager);
      this.assertGranting(round);
      if (round.mode === BudgetRoundMode.BALLOT && !input.minGoal.eq(input.maxGoal)) {
        throw badInput([{ field: 'maxGoal', message: 'in a BALLOT round a bucket has one cost: minGoal and maxGoal must be equal' }]);
      }
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO buckets (round_id, title, description, min_goal, max_goal, proposed_by_member_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [round.id, input.title.trim(), input.description, input.minGoal.toString(), input.maxGoal.toString(), member.id],
      );
      return id;
    });
    return this.byId(id);
  }

  async approve(userId: string, bucketId: string): Promise<Bucket> {
    await inTransaction(this.dataSource, async (manager) => {
      // Round before bucket, as closing a round does, so an approval and a close cannot deadlock.
      const [located] = await manager.query<{ roundId: string }[]>(`SELECT round_id AS "roundId" FROM buckets WHERE id = $1`, [bucketId]);
      if (!located) throw notFound('Bucket');
      const round = await this.rounds.lockRound(manager, located.roundId);
      const bucket = await this.lockBucket(manager, bucketId);
      await this.membership.requireMember(userId, round.cooperativeId, [Role.COORDINATOR], manager);
      this.assertGranting(round);
      if (bucket.status !== BucketStatus.PENDING_APPROVAL) throw conflict(`This bucket is ${bucket.status}, not waiting for approval`);
      await manager.query(`UPDATE buckets SET status = 'OPEN', approved_at = now() WHERE id = $1`, [bucketId]);
    });
    return this.byId(bucketId);
  }

  /**
   * Moves money from the member's allocation to a bucket. The bucket row lock serialises its funding
   * (maxGoal, the per-member cap); the member row lock, taken next, serialises the member's balance.
   */
  async contribute(userId: string, input: ContributeInput): Promise<Contribution> {
    return inTransaction(this.dataSource, async (manager) => {
      const bucket = await this.lockBucket(manager, input.bucketId);
      // Everything inside a transaction uses its connection: borrowing another from the pool while
      // holding locks could exhaust the pool under load.
      const round = await this.rounds.byId(bucket.roundId, manager);
      const member = await this.membership.requireMember(userId, round.cooperativeId, [], manager);
      if (input.idempotencyKey) {
        const [replayed] = await manager.query<ContributionRow[]>(`${CONTRIBUTION} WHERE member_id = $1 AND idempotency_key = $2`, [member.id, input.idempotencyKey]);
        if (replayed) {
          if (replayed.bucketId !== bucket.id || !input.amount.eq(replayed.amount)) throw conflict('This idempotency key was already used for another contribution');
          return toContribution(replayed, bucket.currency);
        }
      }
      this.assertGranting(round);
      if (round.mode === BudgetRoundMode.BALLOT) throw conflict('This is a BALLOT round: vote for buckets with castBudgetBallot');
      if (bucket.status !== BucketStatus.OPEN) throw conflict(`This bucket is ${bucket.status} and takes no contributions`);

      const allocation: AccountRef = { kind: ACCOUNTS.MEMBER_ALLOCATION, scopeId: round.id };
      const funds: AccountRef = { kind: ACCOUNTS.BUCKET_FUNDS, scopeId: bucket.id };
      const accounts = await this.ledger.accounts(manager, round.cooperativeId, [allocation, funds]);
      // The member's row lock serialises their balance (the allocation account is shared by the round's members).
      await this.membership.lockMember(manager, member.id);
      const balance = (await this.ledger.balance(manager, accounts.get(accountKey(allocation))!, member.id)).negated();
      if (input.amount.gt(balance)) throw conflict(`You have ${formatMoney(balance)} left to contribute in this round`);
      const funded = (await this.ledger.balance(manager, accounts.get(accountKey(funds))!)).negated();
      if (funded.plus(input.amount).gt(bucket.maxGoal)) throw conflict(`This would take the bucket past its maximum goal (${formatMoney(funded)} of ${bucket.maxGoal} funded)`);
      if (round.maxPerMemberPerBucket) {
        const [{ total }] = await manager.query<{ total: string }[]>(`SELECT coalesce(sum(amount), 0)::text AS total FROM contributions WHERE bucket_id = $1 AND member_id = $2`, [bucket.id, member.id]);
        if (toDecimal(total).plus(input.amount).gt(round.maxPerMemberPerBucket.amount)) throw conflict(`You may give at most ${round.maxPerMemberPerBucket.amount} to one bucket in this round`);
      }

      const entry = await this.ledger.post(manager, {
        cooperativeId: round.cooperativeId,
        description: `Contribution to "${bucket.title}"`,
        sourceType: 'CONTRIBUTION',
        sourceId: bucket.id,
        postedByUserId: userId,
        lines: [
          { account: allocation, memberId: member.id, amount: input.amount },
          { account: funds, amount: input.amount.negated() },
        ],
      });
      const [row] = await manager.query<ContributionRow[]>(
        `INSERT INTO contributions (bucket_id, member_id, amount, idempotency_key, journal_entry_id) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, bucket_id AS "bucketId", member_id AS "memberId", amount::text, idempotency_key AS "idempotencyKey", created_at AS "createdAt", journal_entry_id AS "journalEntryId"`,
        [bucket.id, member.id, input.amount.toString(), input.idempotencyKey ?? null, entry.id],
      );
      return toContribution(row, bucket.currency);
    });
  }

  private assertGranting(round: { status: RoundStatus; grantingClosesAt: Date }): void {
    if (round.status !== RoundStatus.OPEN || round.grantingClosesAt <= new Date()) throw conflict('Granting is closed for this round');
  }

  private async lockBucket(manager: EntityManager, bucketId: string): Promise<BucketRow & { maxGoal: string }> {
    const [bucket] = await manager.query<BucketRow[]>(`${BUCKET} WHERE b.id = $1 FOR UPDATE OF b`, [bucketId]);
    if (!bucket) throw notFound('Bucket');
    return bucket;
  }

  async byId(id: string): Promise<Bucket> {
    const [row] = await this.dataSource.query<BucketRow[]>(`${BUCKET} WHERE b.id = $1`, [id]);
    if (!row) throw notFound('Bucket');
    return toBucket(row);
  }

  /** Buckets by id, batched per request (a round's winners and explanations). */
  load(loaders: Loaders, id: string): Promise<Bucket> {
    return loaders
      .get<string, Bucket>('bucket', async (ids) => {
        const rows = await this.dataSource.query<BucketRow[]>(`${BUCKET} WHERE b.id = ANY($1)`, [ids]);
        return ids.map((id) => {
          const row = rows.find((r) => r.id === id);
          return row ? toBucket(row) : notFound('Bucket');
        });
      })
      .load(id);
  }

  /** A bucket as its cooperative's members see it (`BudgetRound.buckets` of a round they can read). */
  async readableBucket(userId: string, id: string): Promise<Bucket> {
    const bucket = await this.byId(id);
    await this.membership.requireMember(userId, bucket.cooperativeId);
    return bucket;
  }

  async list(roundId: string, page: PageArgs): Promise<Connection<Bucket>> {
    const connection = await sqlPage<BucketRow>(
      this.dataSource,
      page,
      { count: `SELECT count(*)::int AS n FROM buckets WHERE round_id = $1`, rows: `${BUCKET} WHERE b.round_id = $1 AND b.seq > $2 ORDER BY b.seq LIMIT $3` },
      [roundId],
    );
    return mapConnection(connection, toBucket);
  }

  /** A bucket's funding: the credit balance of its ledger account (refunds included), batched per request. */
  funded(loaders: Loaders, bucket: Bucket): Promise<Money> {
    return loaders
      .get<string, string>('bucketFunded', async (ids) => {
        const rows = await this.dataSource.query<{ bucketId: string; funded: string }[]>(
          `SELECT a.scope_id AS "bucketId", (-sum(l.amount))::text AS funded FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id
            WHERE a.code = 'BUCKET_FUNDS' AND a.scope_id = ANY($1) GROUP BY a.scope_id`,
          [ids],
        );
        return ids.map((id) => rows.find((r) => r.bucketId === id)?.funded ?? '0');
      })
      .load(bucket.id)
      .then((funded) => moneyFromText(funded, bucket.currency));
  }
}

const CONTRIBUTION = `SELECT id, bucket_id AS "bucketId", member_id AS "memberId", amount::text, idempotency_key AS "idempotencyKey", created_at AS "createdAt", journal_entry_id AS "journalEntryId" FROM contributions`;

function toContribution(row: ContributionRow, currency: string): Contribution {
  return { id: row.id, bucketId: row.bucketId, memberId: row.memberId, amount: moneyFromText(row.amount, currency), idempotencyKey: row.idempotencyKey, createdAt: row.createdAt };
}
