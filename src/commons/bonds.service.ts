import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { badInput, conflict, notFound } from 'src/common/errors/domain-error';
import { formatCents, formatMoney, fromCents, toCents, toDecimal } from 'src/common/money/decimal';
import { moneyFromText } from 'src/common/money/money.type';
import { inTransaction } from 'src/database/transaction';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS, PostingLine } from 'src/ledger/posting';
import { FeePeriod, periodFromLabel, periodOf } from 'src/licensing/licensing.rules';
import { today } from 'src/licensing/licensing.service';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { BondHolding, BondPayment, BondPaymentKind, BondSeries } from './commons.types';
import { periodCoupons } from './coupons';
import { BondPurchaseInput, IssueBondSeriesInput, PayCouponsInput } from './dto/commons.inputs';

interface SeriesRow {
  id: string;
  cooperativeId: string;
  title: string;
  couponPercent: string;
  couponPeriod: FeePeriod;
  issuedOn: string;
  maturesOn: string;
  currency: string;
}

interface HoldingRow {
  id: string;
  seq: string;
  seriesId: string;
  memberId: string | null;
  holderName: string | null;
  principal: string;
  redeemed: boolean;
  currency: string;
}

interface PaymentRow {
  id: string;
  holdingId: string;
  kind: BondPaymentKind;
  period: string;
  amount: string;
  journalEntryId: string;
  paidAt: Date;
  currency: string;
}

const SERIES = `SELECT s.id, s.cooperative_id AS "cooperativeId", s.title, s.coupon_percent::text AS "couponPercent", s.coupon_period AS "couponPeriod",
  s.issued_on::text AS "issuedOn", s.matures_on::text AS "maturesOn", c.currency FROM bond_series s JOIN cooperatives c ON c.id = s.cooperative_id`;

/** A holding's principal is what its ledger account owes: the credit balance of BONDS_PAYABLE for it. */
const HOLDING = `SELECT h.id, h.seq::text, h.series_id AS "seriesId", h.member_id AS "memberId", h.holder_name AS "holderName",
  coalesce((SELECT -sum(l.amount) FROM ledger_accounts a JOIN journal_lines l ON l.account_id = a.id WHERE a.code = 'BONDS_PAYABLE' AND a.scope_id = h.id), 0)::text AS principal,
  EXISTS (SELECT 1 FROM bond_payments p WHERE p.holding_id = h.id AND p.kind = 'PRINCIPAL') AS redeemed, c.currency
  FROM bond_holdings h JOIN bond_series s ON s.id = h.series_id JOIN cooperatives c ON c.id = s.cooperative_id`;

const PAYMENT = `SELECT p.id, p.holding_id AS "holdingId", p.kind, p.period, p.amount::text, p.journal_entry_id AS "journalEntryId", p.paid_at AS "paidAt", c.currency
  FROM bond_payments p JOIN bond_series s ON s.id = p.series_id JOIN cooperatives c ON c.id = s.cooperative_id`;

/** The one period label of a redemption. */
const MATURITY = 'MATURITY';

const toSeries = (row: SeriesRow): BondSeries => ({ ...row, couponPercent: toDecimal(row.couponPercent) });
const toHolding = (row: HoldingRow): BondHolding => ({ ...row, principal: moneyFromText(row.principal, row.currency), closed: row.redeemed && toDecimal(row.principal).isZero() });
const toPayment = (row: PaymentRow): BondPayment => ({ ...row, amount: moneyFromText(row.amount, row.currency) });

/**
 * Bonds: money lent to the commune at a fixed coupon, carrying no vote and no units. Every change
 * to a series (a purchase, a period's coupons, the redemption) happens under the series' row lock,
 * and bond_payments' unique (holding, kind, period) backs up "exactly once" across instances.
 */
@Injectable()
export class BondsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
  ) {}

  async issue(userId: string, input: IssueBondSeriesInput): Promise<BondSeries> {
    const problems = [];
    if (input.couponPercent.gt(100)) problems.push({ field: 'couponPercent', message: 'must be at most 100' });
    if (input.maturesOn <= input.issuedOn) problems.push({ field: 'maturesOn', message: 'must be after issuedOn' });
    if (problems.length) throw badInput(problems);
    const id = await inTransaction(this.dataSource, async (manager) => {
      await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR], manager);
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO bond_series (cooperative_id, title, coupon_percent, coupon_period, issued_on, matures_on, created_by_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [input.cooperativeId, input.title.trim(), input.couponPercent.toString(), input.couponPeriod, input.issuedOn, input.maturesOn, userId],
      );
      await this.audit.record(manager, { cooperativeId: input.cooperativeId, actorUserId: userId, action: 'BOND_SERIES_ISSUED', subjectId: id, data: { title: input.title.trim(), couponPercent: input.couponPercent.toString(), couponPeriod: input.couponPeriod, maturesOn: input.maturesOn } });
      return id;
    });
    return this.byId(id);
  }

  /** Records a purchase once per idempotency key: cash in, principal owed to the holding. */
  async purchase(userId: string, input: BondPurchaseInput): Promise<BondHolding> {
    if (Boolean(input.memberId) === Boolean(input.holderName)) throw badInput([{ field: 'memberId', message: 'give either memberId or holderName' }]);
    const holdingId = await inTransaction(this.dataSource, async (manager) => {
      const series = await this.lockSeries(manager, input.seriesId, userId);
      const holderName = input.holderName?.trim() ?? null;
      const [replayed] = await manager.query<{ holdingId: string; amount: string; memberId: string | null; holderName: string | null }[]>(
        `SELECT p.holding_id AS "holdingId", p.amount::text, h.member_id AS "memberId", h.holder_name AS "holderName"
           FROM bond_purchases p JOIN bond_holdings h ON h.id = p.holding_id WHERE p.series_id = $1 AND p.idempotency_key = $2`,
        [series.id, input.idempotencyKey],
      );
      if (replayed) {
        const same = toDecimal(replayed.amount).eq(input.amount) && replayed.memberId === (input.memberId ?? null) && replayed.holderName === holderName;
        if (!same) throw conflict('This idempotency key was already used for a different purchase');
        return replayed.holdingId;
      }
      if (series.maturesOn <= today()) throw conflict('This series has matured: it sells no more bonds');
      if (input.memberId) {
        const [member] = await manager.query<{ id: string }[]>(`SELECT id FROM members WHERE id = $1 AND cooperative_id = $2`, [input.memberId, series.cooperativeId]);
        if (!member) throw notFound('Member');
      }
      const holding = await this.holdingFor(manager, series.id, input.memberId ?? null, holderName);
      const amount = fromCents(toCents(input.amount));
      const entry = await this.ledger.post(manager, {
        cooperativeId: series.cooperativeId,
        description: `Bonds "${series.title}" bought by ${holderName ?? 'a member'}`,
        sourceType: 'BOND_PURCHASE',
        sourceId: holding,
        postedByUserId: userId,
        lines: [
          { account: { kind: ACCOUNTS.CASH }, amount },
          { account: { kind: ACCOUNTS.BONDS_PAYABLE, scopeId: holding }, amount: amount.negated() },
        ],
      });
      await manager.query(`INSERT INTO bond_purchases (series_id, holding_id, amount, idempotency_key, journal_entry_id, recorded_by_user_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
        series.id,
        holding,
        formatMoney(amount),
        input.idempotencyKey,
        entry.id,
        userId,
      ]);
      await this.audit.record(manager, { cooperativeId: series.cooperativeId, actorUserId: userId, action: 'BOND_PURCHASED', subjectId: holding, data: { seriesId: series.id, amount: formatMoney(amount), idempotencyKey: input.idempotencyKey } });
      return holding;
    });
    return this.holding(holdingId);
  }

  private async holdingFor(manager: EntityManager, seriesId: string, memberId: string | null, holderName: string | null): Promise<string> {
    const [existing] = await manager.query<{ id: string }[]>(
      `SELECT id FROM bond_holdings WHERE series_id = $1 AND member_id IS NOT DISTINCT FROM $2 AND holder_name IS NOT DISTINCT FROM $3`,
      [seriesId, memberId, holderName],
    );
    if (existing) return existing.id;
    const [created] = await manager.query<{ id: string }[]>(`INSERT INTO bond_holdings (series_id, member_id, holder_name) VALUES ($1, $2, $3) RETURNING id`, [seriesId, memberId, holderName]);
    return created.id;
  }

  /**
   * Pays one period's coupons once: each holding's coupon exactly, the cents apportioned by largest
   * remainder, in one entry (interest expense, cash out). A second call returns the same payments.
   */
  async payCoupons(userId: string, input: PayCouponsInput): Promise<BondPayment[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const series = await this.lockSeries(manager, input.seriesId, userId);
      const period = periodFromLabel(input.period, series.couponPeriod);
      if (!period) throw badInput([{ field: 'period', message: `must be a ${series.couponPeriod} period such as ${series.couponPeriod === FeePeriod.MONTHLY ? "'2026-01'" : "'2026'"}` }]);
      if (period.start < periodOf(series.issuedOn, series.couponPeriod).start || period.start >= series.maturesOn) {
        throw badInput([{ field: 'period', message: `is outside the series (issued ${series.issuedOn}, maturing ${series.maturesOn})` }]);
      }
      const paid = await this.payments(manager, series.id, BondPaymentKind.COUPON, period.label);
      if (paid.length) return paid;
      if (period.end >= today()) throw conflict(`The period ${period.label} is not over yet`);
      const holdings = (await manager.query<HoldingRow[]>(`${HOLDING} WHERE h.series_id = $1 ORDER BY h.seq`, [series.id])).filter((h) => toDecimal(h.principal).gt(0));
      const coupons = periodCoupons(
        holdings.map((h, rank) => ({ holdingId: h.id, principalCents: toCents(toDecimal(h.principal)), rank })),
        toDecimal(series.couponPercent),
        series.couponPeriod,
      ).filter((c) => c.cents > 0n);
      const total = coupons.reduce((sum, c) => sum + c.cents, 0n);
      if (total === 0n) return [];
      const entry = await this.ledger.post(manager, {
        cooperativeId: series.cooperativeId,
        description: `Coupons of bonds "${series.title}" for ${period.label}`,
        sourceType: 'BOND_COUPONS',
        sourceId: series.id,
        postedByUserId: userId,
        lines: [
          { account: { kind: ACCOUNTS.INTEREST_EXPENSE }, amount: fromCents(total) },
          { account: { kind: ACCOUNTS.CASH }, amount: fromCents(-total) },
        ],
      });
      for (const coupon of coupons) {
        await manager.query(`INSERT INTO bond_payments (series_id, holding_id, kind, period, amount, journal_entry_id) VALUES ($1, $2, 'COUPON', $3, $4, $5)`, [
          series.id,
          coupon.holdingId,
          period.label,
          formatCents(coupon.cents),
          entry.id,
        ]);
      }
      await this.audit.record(manager, { cooperativeId: series.cooperativeId, actorUserId: userId, action: 'BOND_COUPONS_PAID', subjectId: series.id, data: { period: period.label, total: formatCents(total) } });
      return this.payments(manager, series.id, BondPaymentKind.COUPON, period.label);
    });
  }

  /** Repays every holding's principal at maturity, once: the holdings' accounts go to zero. */
  async redeem(userId: string, seriesId: string): Promise<BondPayment[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const series = await this.lockSeries(manager, seriesId, userId);
      const paid = await this.payments(manager, series.id, BondPaymentKind.PRINCIPAL, MATURITY);
      if (paid.length) return paid;
      if (series.maturesOn > today()) throw conflict(`This series matures on ${series.maturesOn}`);
      const holdings = (await manager.query<HoldingRow[]>(`${HOLDING} WHERE h.series_id = $1 ORDER BY h.seq`, [series.id])).filter((h) => toDecimal(h.principal).gt(0));
      if (!holdings.length) return [];
      const total = holdings.reduce((sum, h) => sum.plus(h.principal), new Decimal(0));
      const lines: PostingLine[] = holdings.map((h) => ({ account: { kind: ACCOUNTS.BONDS_PAYABLE, scopeId: h.id }, amount: toDecimal(h.principal) }));
      lines.push({ account: { kind: ACCOUNTS.CASH }, amount: total.negated() });
      const entry = await this.ledger.post(manager, { cooperativeId: series.cooperativeId, description: `Bonds "${series.title}" redeemed`, sourceType: 'BOND_REDEMPTION', sourceId: series.id, postedByUserId: userId, lines });
      for (const h of holdings) {
        await manager.query(`INSERT INTO bond_payments (series_id, holding_id, kind, period, amount, journal_entry_id) VALUES ($1, $2, 'PRINCIPAL', $3, $4, $5)`, [series.id, h.id, MATURITY, h.principal, entry.id]);
      }
      await this.audit.record(manager, { cooperativeId: series.cooperativeId, actorUserId: userId, action: 'BONDS_REDEEMED', subjectId: series.id, data: { total: formatMoney(total) } });
      return this.payments(manager, series.id, BondPaymentKind.PRINCIPAL, MATURITY);
    });
  }

  private async lockSeries(manager: EntityManager, seriesId: string, userId: string): Promise<SeriesRow> {
    const [series] = await manager.query<SeriesRow[]>(`${SERIES} WHERE s.id = $1 FOR UPDATE OF s`, [seriesId]);
    if (!series) throw notFound('Bond series');
    await this.membership.requireMember(userId, series.cooperativeId, [Role.COORDINATOR], manager);
    return series;
  }

  private async payments(manager: EntityManager, seriesId: string, kind: BondPaymentKind, period: string): Promise<BondPayment[]> {
    return (await manager.query<PaymentRow[]>(`${PAYMENT} WHERE p.series_id = $1 AND p.kind = $2 AND p.period = $3 ORDER BY p.seq`, [seriesId, kind, period])).map(toPayment);
  }

  async byId(id: string): Promise<BondSeries> {
    const [row] = await this.dataSource.query<SeriesRow[]>(`${SERIES} WHERE s.id = $1`, [id]);
    if (!row) throw notFound('Bond series');
    return toSeries(row);
  }

  /** Coordinators only: the series in the order issued. */
  async list(userId: string, cooperativeId: string): Promise<BondSeries[]> {
    await this.membership.requireMember(userId, cooperativeId, [Role.COORDINATOR]);
    return (await this.dataSource.query<SeriesRow[]>(`${SERIES} WHERE s.cooperative_id = $1 ORDER BY s.seq`, [cooperativeId])).map(toSeries);
  }

  async holding(id: string): Promise<BondHolding> {
    const [row] = await this.dataSource.query<HoldingRow[]>(`${HOLDING} WHERE h.id = $1`, [id]);
    if (!row) throw notFound('Bond holding');
    return toHolding(row);
  }

  async holdings(seriesId: string): Promise<BondHolding[]> {
    return (await this.dataSource.query<HoldingRow[]>(`${HOLDING} WHERE h.series_id = $1 ORDER BY h.seq`, [seriesId])).map(toHolding);
  }

  async allPayments(seriesId: string): Promise<BondPayment[]> {
    return (await this.dataSource.query<PaymentRow[]>(`${PAYMENT} WHERE p.series_id = $1 ORDER BY p.seq`, [seriesId])).map(toPayment);
  }
}
