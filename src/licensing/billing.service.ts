import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from 'src/common/errors/domain-error';
import { byKeys, Loaders } from 'src/common/loaders/loaders';
import { toDecimal } from 'src/common/money/decimal';
import { money } from 'src/common/money/money.type';
import { Connection, mapConnection, PageArgs, sqlPage } from 'src/common/pagination/connection';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { RegisterService } from 'src/equity/register.service';
import { LedgerService } from 'src/ledger/ledger.service';
import { AccountKind, ACCOUNTS, PostingLine } from 'src/ledger/posting';
import { MemberStatus, Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { DeclareRevenueInput, IssueInvoicesInput, RecordPaymentInput } from './dto/licensing.inputs';
import { LicenseAgreement, Licensee } from './licensing.entities';
import { addDays, AgreementKind, allocate, FeePeriod, InvoiceStatus, periodFee, periodFromLabel, periodsThrough } from './licensing.rules';
import { LicensingService, today } from './licensing.service';
import { Invoice, Payment, RevenueDeclaration } from './licensing.types';

/** The revenue account each kind of agreement earns into: licence fees, membership dues, rent. */
const REVENUE_OF: Record<AgreementKind, AccountKind> = {
  [AgreementKind.LICENSE]: ACCOUNTS.FEE_REVENUE,
  [AgreementKind.DUES]: ACCOUNTS.DUES_REVENUE,
  [AgreementKind.RENT]: ACCOUNTS.RENT_REVENUE,
};

/** How far ahead invoices may be issued: a guard against issuing centuries of periods by mistake. */
const MAX_DAYS_AHEAD = 366;

interface InvoiceRow {
  id: string;
  seq: string;
  licenseeId: string;
  agreementId: string;
  kind: AgreementKind;
  period: string;
  dueOn: string;
  amount: string;
  paid: string;
  revenue: string | null;
  currency: string;
}

interface PaymentRow {
  id: string;
  seq: string;
  licenseeId: string;
  amount: string;
  allocated: string;
  idempotencyKey: string;
  receivedAt: Date;
  currency: string;
}

const INVOICE_SELECT = `
  SELECT i.id, i.seq::text AS seq, i.licensee_id AS "licenseeId", i.agreement_id AS "agreementId", i.kind, i.period, i.due_on::text AS "dueOn",
         i.amount::text AS amount, coalesce(p.paid, 0)::text AS paid, i.revenue::text AS revenue, c.currency
    FROM invoices i
    JOIN cooperatives c ON c.id = i.cooperative_id
    LEFT JOIN LATERAL (SELECT sum(a.amount) AS paid FROM payment_allocations a WHERE a.invoice_id = i.id) p ON true`;

const PAYMENT_SELECT = `
  SELECT p.id, p.seq::text AS seq, p.licensee_id AS "licenseeId", p.amount::text AS amount, coalesce(a.allocated, 0)::text AS allocated,
         p.idempotency_key AS "idempotencyKey", p.received_at AS "receivedAt", c.currency
    FROM payments p
    JOIN cooperatives c ON c.id = p.cooperative_id
    LEFT JOIN LATERAL (SELECT sum(x.amount) AS allocated FROM payment_allocations x WHERE x.payment_id = p.id) a ON true`;

function toInvoice(row: InvoiceRow): Invoice {
  const amount = toDecimal(row.amount);
  const paid = toDecimal(row.paid);
  return {
    id: row.id,
    seq: row.seq,
    licenseeId: row.licenseeId,
    agreementId: row.agreementId,
    kind: row.kind,
    period: row.period,
    dueOn: row.dueOn,
    amount: money(amount, row.currency),
    paid: money(paid, row.currency),
    revenue: row.revenue,
    status: paid.gte(amount) ? InvoiceStatus.PAID : InvoiceStatus.OPEN,
  };
}

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    seq: row.seq,
    licenseeId: row.licenseeId,
    amount: money(toDecimal(row.amount), row.currency),
    allocated: money(toDecimal(row.allocated), row.currency),
    idempotencyKey: row.idempotencyKey,
    receivedAt: row.receivedAt,
  };
}

/**
 * Invoices, revenue declarations, payments and standing. Every change to what a licensee owes or
 * holds in credit happens under the licensee's row lock; invoice issuing is exactly-once per
 * (agreement, period) by a unique constraint.
 */
@Injectable()
export class BillingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly licensing: LicensingService,
    private readonly membership: MembershipService,
    private readonly cooperatives: CooperativesService,
    private readonly ledger: LedgerService,
    private readonly register: RegisterService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Issues one invoice per agreement and period whose first day is on or before `through`, and
   * returns the invoices this call created (a repeated or concurrent run returns only what it added,
   * so the union of all runs has no duplicates). A percentage period is invoiced only once its
   * revenue has been declared: until then it is skipped, and a later run picks it up. Credit the
   * licensees hold is then spent on their open invoices, oldest first.
   */
  async issueInvoices(userId: string, input: IssueInvoicesInput): Promise<Invoice[]> {
    if (input.through > addDays(today(), MAX_DAYS_AHEAD)) throw badInput([{ field: 'through', message: `must be at most ${MAX_DAYS_AHEAD} days from today` }]);
    return inTransaction(this.dataSource, async (manager) => {
      await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR], manager);
      // Issuers of one cooperative queue here (and payments of its licensees wait for them), in a fixed order.
      const licensees = await manager.query<{ id: string }[]>('SELECT id FROM licensees WHERE cooperative_id = $1 ORDER BY id FOR UPDATE', [input.cooperativeId]);
      const agreements = await manager
        .getRepository(LicenseAgreement)
        .createQueryBuilder('a')
        .where('a.cooperative_id = :cooperativeId AND a.starts_on <= :through', { cooperativeId: input.cooperativeId, through: input.through })
        .orderBy('a.seq')
        .getMany();
      const created: string[] = [];
      for (const agreement of agreements) {
        const periods = periodsThrough(agreement.startsOn, agreement.endsOn, input.through, agreement.period);
        if (!periods.length) continue;
        const issued = new Set((await manager.query<{ period: string }[]>('SELECT period FROM invoices WHERE agreement_id = $1', [agreement.id])).map((r) => r.period));
        const declared = new Map(
          (await manager.query<{ period: string; revenue: string }[]>('SELECT period, revenue::text AS revenue FROM revenue_declarations WHERE agreement_id = $1', [agreement.id])).map((r) => [r.period, r.revenue]),
        );
        for (const period of periods) {
          if (issued.has(period.label)) continue;
          const revenue = declared.get(period.label);
          if (agreement.revenuePercent != null && revenue == null) continue;
          const amount = periodFee(agreement, revenue == null ? null : toDecimal(revenue));
          const rows = await manager.query<{ id: string }[]>(
            `INSERT INTO invoices (cooperative_id, licensee_id, agreement_id, kind, period, period_start, period_end, due_on, amount, revenue)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9)
             ON CONFLICT (agreement_id, period) DO NOTHING RETURNING id`,
            [agreement.cooperativeId, agreement.licenseeId, agreement.id, agreement.kind, period.label, period.start, period.end, amount.toString(), revenue ?? null],
          );
          created.push(...rows.map((r) => r.id));
        }
      }
      for (const { id } of licensees) {
        const licensee = await manager.getRepository(Licensee).findOneByOrFail({ id });
        await this.settle(manager, licensee, null, userId);
      }
      if (created.length) {
        await this.audit.record(manager, { cooperativeId: input.cooperativeId, actorUserId: userId, action: 'INVOICES_ISSUED', data: { through: input.through, invoiceIds: created } });
      }
      return this.invoicesByIds(manager, created);
    });
  }

  /** Revenue for one period of a percentage agreement; declared once (the same figure again is accepted, another is refused). */
  async declareRevenue(userId: string, input: DeclareRevenueInput): Promise<RevenueDeclaration> {
    return inTransaction(this.dataSource, async (manager) => {
      const agreement = await manager.getRepository(LicenseAgreement).findOne({ where: { id: input.agreementId }, lock: { mode: 'pessimistic_write' } });
      if (!agreement) throw notFound('Agreement');
      const licensee = await manager.getRepository(Licensee).findOneByOrFail({ id: agreement.licenseeId });
      await this.licensing.requireReader(userId, licensee, manager);
      if (agreement.revenuePercent == null) throw conflict('This agreement has a flat fee: it needs no revenue declaration');
      const period = periodFromLabel(input.period, agreement.period);
      if (!period) throw badInput([{ field: 'period', message: `must be a ${agreement.period} period such as ${agreement.period === FeePeriod.MONTHLY ? "'2026-01'" : "'2026'"}` }]);
      if (period.start < agreement.startsOn || (agreement.endsOn != null && period.start > agreement.endsOn)) throw badInput([{ field: 'period', message: 'is outside the agreement' }]);
      const [existing] = await manager.query<{ id: string; revenue: string }[]>('SELECT id, revenue::text AS revenue FROM revenue_declarations WHERE agreement_id = $1 AND period = $2', [agreement.id, period.label]);
      if (existing && !toDecimal(existing.revenue).eq(input.revenue)) throw conflict(`Revenue for ${period.label} has already been declared as ${existing.revenue}`);
      if (!existing) {
        await manager.query('INSERT INTO revenue_declarations (agreement_id, period, revenue, declared_by_user_id) VALUES ($1, $2, $3, $4)', [agreement.id, period.label, input.revenue.toString(), userId]);
      }
      const [row] = await manager.query<RevenueDeclaration[]>(
        `SELECT id, agreement_id AS "agreementId", period, revenue::text AS revenue, declared_at AS "declaredAt" FROM revenue_declarations WHERE agreement_id = $1 AND period = $2`,
        [agreement.id, period.label],
      );
      return row;
    });
  }

  /**
   * Records a payment once per idempotency key: the same key with the same licensee and amount
   * returns the recorded payment and writes nothing; the same key with another amount is a CONFLICT.
   * The money settles the oldest open invoices first; the rest stays as credit.
   */
  async recordPayment(userId: string, input: RecordPaymentInput): Promise<Payment> {
    if ((input.licenseeId == null) === (input.memberId == null)) throw badInput([{ field: 'licenseeId', message: 'give exactly one of licenseeId and memberId' }]);
    return inTransaction(this.dataSource, async (manager) => {
      let licenseeId = input.licenseeId;
      if (input.memberId != null) {
        const [row] = await manager.query<{ id: string }[]>('SELECT id FROM licensees WHERE member_id = $1', [input.memberId]);
        if (!row) throw notFound('Licensee for this member');
        licenseeId = row.id;
      }
      const licensee = await this.licensing.lockLicensee(manager, licenseeId ?? '');
      await this.membership.requireMember(userId, licensee.cooperativeId, [Role.COORDINATOR], manager);
      const [existing] = await manager.query<PaymentRow[]>(`${PAYMENT_SELECT} WHERE p.licensee_id = $1 AND p.idempotency_key = $2`, [licensee.id, input.idempotencyKey]);
      if (existing) {
        if (!toDecimal(existing.amount).eq(input.amount)) throw conflict('This idempotency key was already used for a different payment');
        return toPayment(existing);
      }
      const paymentId = await this.settle(manager, licensee, { amount: input.amount, idempotencyKey: input.idempotencyKey }, userId);
      const [row] = await manager.query<PaymentRow[]>(`${PAYMENT_SELECT} WHERE p.id = $1`, [paymentId]);
      await this.audit.record(manager, { cooperativeId: licensee.cooperativeId, actorUserId: userId, action: 'PAYMENT_RECORDED', subjectId: paymentId, data: { licenseeId: licensee.id, amount: row.amount, allocated: row.allocated, idempotencyKey: input.idempotencyKey } });
      return toPayment(row);
    });
  }

  /**
   * Spends what the licensee has (its credit plus an incoming payment) on its open invoices, oldest
   * first, and posts it: cash in, fee, dues or rent revenue for what settled invoices, and the licensee
   * credit liability for the difference. Dues settled issue USER units to the member. The caller
   * holds the licensee's row lock. Returns the new payment's id, if any.
   */
  private async settle(manager: EntityManager, licensee: Licensee, incoming: { amount: Decimal; idempotencyKey: string } | null, userId: string): Promise<string | null> {
    const credit = await this.creditOf(manager, licensee.id);
    const available = credit.plus(incoming?.amount ?? 0);
    if (available.lte(0)) return null;
    const open = await manager.query<{ id: string; dueOn: string; kind: AgreementKind; outstanding: string }[]>(
      `SELECT i.id, i.due_on::text AS "dueOn", i.kind, (i.amount - coalesce(sum(a.amount), 0))::text AS outstanding
         FROM invoices i LEFT JOIN payment_allocations a ON a.invoice_id = i.id
        WHERE i.licensee_id = $1 GROUP BY i.id HAVING i.amount > coalesce(sum(a.amount), 0)`,
      [licensee.id],
    );
    const shares = allocate(
      available,
      open.map((o) => ({ id: o.id, dueOn: o.dueOn, outstanding: toDecimal(o.outstanding) })),
    );
    if (!incoming && !shares.length) return null;
    const kinds = new Map(open.map((o) => [o.id, o.kind]));
    const settled = new Map<AgreementKind, Decimal>();
    for (const share of shares) {
      const kind = kinds.get(share.invoiceId)!;
      settled.set(kind, (settled.get(kind) ?? toDecimal(0)).plus(share.amount));
    }
    const dues = settled.get(AgreementKind.DUES) ?? toDecimal(0);
    const earned = [...settled.values()].reduce((sum, amount) => sum.plus(amount), toDecimal(0));
    // Lock order as everywhere else: the member row before any ledger account (the register locks a member, then posts).
    const member = dues.gt(0) && licensee.memberId ? await this.membership.lockMember(manager, licensee.memberId) : null;
    const received = toDecimal(incoming?.amount ?? 0);
    const creditChange = earned.minus(received); // > 0: credit used (debit); < 0: credit added (credit)
    const lines: PostingLine[] = [];
    if (received.gt(0)) lines.push({ account: { kind: ACCOUNTS.CASH }, amount: received });
    for (const kind of Object.values(AgreementKind)) {
      const amount = settled.get(kind);
      if (amount?.gt(0)) lines.push({ account: { kind: REVENUE_OF[kind] }, amount: amount.negated() });
    }
    if (!creditChange.isZero()) lines.push({ account: { kind: ACCOUNTS.LICENSEE_CREDIT }, amount: creditChange });
    const journal = await this.ledger.post(manager, {
      cooperativeId: licensee.cooperativeId,
      description: incoming ? `Payment from licensee ${licensee.name}` : `Credit of licensee ${licensee.name} applied to invoices`,
      sourceType: incoming ? 'LICENSEE_PAYMENT' : 'LICENSEE_CREDIT_APPLIED',
      sourceId: licensee.id,
      postedByUserId: userId,
      lines,
    });
    let paymentId: string | null = null;
    if (incoming) {
      const [row] = await manager.query<{ id: string }[]>(
        `INSERT INTO payments (cooperative_id, licensee_id, amount, idempotency_key, journal_entry_id, recorded_by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [licensee.cooperativeId, licensee.id, received.toString(), incoming.idempotencyKey, journal.id, userId],
      );
      paymentId = row.id;
    }
    for (const share of shares) {
      await manager.query(`INSERT INTO payment_allocations (licensee_id, invoice_id, payment_id, amount, journal_entry_id) VALUES ($1, $2, $3, $4, $5)`, [
        licensee.id,
        share.invoiceId,
        paymentId,
        share.amount.toString(),
        journal.id,
      ]);
    }
    if (member?.status === MemberStatus.ACTIVE) await this.register.recordPatronageWithin(manager, member, dues, userId, 'Membership dues', journal.id);
    return paymentId;
  }

  private async creditOf(manager: EntityManager, licenseeId: string): Promise<Decimal> {
    const [row] = await manager.query<{ credit: string }[]>(
      `SELECT (coalesce((SELECT sum(amount) FROM payments WHERE licensee_id = $1), 0) - coalesce((SELECT sum(amount) FROM payment_allocations WHERE licensee_id = $1), 0))::text AS credit`,
      [licenseeId],
    );
    return toDecimal(row.credit);
  }

  private async invoicesByIds(manager: EntityManager, ids: string[]): Promise<Invoice[]> {
    if (!ids.length) return [];
    const rows = await manager.query<InvoiceRow[]>(`${INVOICE_SELECT} WHERE i.id = ANY($1) ORDER BY i.seq`, [ids]);
    return rows.map(toInvoice);
  }

  // Reads for a licensee the caller may see (checked by the resolver's root field).

  async invoices(licenseeId: string, page: PageArgs): Promise<Connection<Invoice>> {
    const connection = await sqlPage<InvoiceRow>(
      this.dataSource,
      page,
      { count: 'SELECT count(*)::int AS n FROM invoices WHERE licensee_id = $1', rows: `${INVOICE_SELECT} WHERE i.licensee_id = $1 AND i.seq > $2 ORDER BY i.seq LIMIT $3` },
      [licenseeId],
    );
    return mapConnection(connection, toInvoice);
  }

  /** An invoice as `Licensee.invoices` shows it: to the licensee's readers (its cooperative's coordinators and its own account). */
  async readableInvoice(userId: string, id: string): Promise<Invoice> {
    const [row] = await this.dataSource.query<InvoiceRow[]>(`${INVOICE_SELECT} WHERE i.id = $1`, [id]);
    if (!row) throw notFound('Invoice');
    await this.licensing.readableLicensee(userId, row.licenseeId);
    return toInvoice(row);
  }

  async payments(licenseeId: string, page: PageArgs): Promise<Connection<Payment>> {
    const connection = await sqlPage<PaymentRow>(
      this.dataSource,
      page,
      { count: 'SELECT count(*)::int AS n FROM payments WHERE licensee_id = $1', rows: `${PAYMENT_SELECT} WHERE p.licensee_id = $1 AND p.seq > $2 ORDER BY p.seq LIMIT $3` },
      [licenseeId],
    );
    return mapConnection(connection, toPayment);
  }

  /** What the licensee owes on issued invoices, and the credit it holds; batched per request. */
  balances(loaders: Loaders, licenseeId: string): Promise<{ due: Decimal; credit: Decimal }> {
    return loaders
      .get<string, { due: Decimal; credit: Decimal }>('licenseeBalances', async (ids) => {
        const rows = await this.dataSource.query<{ id: string; invoiced: string; paid: string; allocated: string }[]>(
          `SELECT l.id,
                  coalesce((SELECT sum(amount) FROM invoices WHERE licensee_id = l.id), 0)::text AS invoiced,
                  coalesce((SELECT sum(amount) FROM payments WHERE licensee_id = l.id), 0)::text AS paid,
                  coalesce((SELECT sum(amount) FROM payment_allocations WHERE licensee_id = l.id), 0)::text AS allocated
             FROM licensees l WHERE l.id = ANY($1)`,
          [ids],
        );
        return byKeys(ids, rows, (r) => r.id).map((row) => {
          if (!row) return notFound('Licensee');
          const allocated = toDecimal(row.allocated);
          return { due: toDecimal(row.invoiced).minus(allocated), credit: toDecimal(row.paid).minus(allocated) };
        });
      })
      .load(licenseeId);
  }

  /** Standing on `asOf`, judging the invoices as they are paid now against the bylaws' grace and suspension days. */
}
