import Decimal from 'decimal.js';
import { FieldProblem } from 'src/common/errors/domain-error';
import { fromCents, toCents, toDecimal } from 'src/common/money/decimal';

// Pure rules of double licensing (DOMAIN.md §5): no Nest, no database, so Jest loads them directly.

export enum LicenseUse {
  NONCOMMERCIAL = 'NONCOMMERCIAL',
  WORKER_OWNED = 'WORKER_OWNED',
  COMMERCIAL = 'COMMERCIAL',
}

export enum FeePeriod {
  MONTHLY = 'MONTHLY',
  YEARLY = 'YEARLY',
}

export enum LicenseeStanding {
  GOOD = 'GOOD',
  OVERDUE = 'OVERDUE',
  SUSPENDED = 'SUSPENDED',
}

export enum InvoiceStatus {
  OPEN = 'OPEN',
  PAID = 'PAID',
}

/**
 * What an agreement bills: a commercial licence fee for a work, a converted licensee's membership
 * dues, or the rent of one of the commune's assets. All three share invoices, payments and standing.
 */
export enum AgreementKind {
  LICENSE = 'LICENSE',
  DUES = 'DUES',
  RENT = 'RENT',
}

export interface FeeSchedule {
  period: FeePeriod;
  /** Flat fee per period. */
  amount?: Decimal | null;
  /** Percentage of declared revenue, e.g. 5 for 5%. */
  revenuePercent?: Decimal | null;
  /** The least a percentage period costs. */
  minimum?: Decimal | null;
}

export interface UseDeclarations {
  isWorkerOwned?: boolean | null;
  allSurplusToWorkerOwners?: boolean | null;
  noWagedNonOwners?: boolean | null;
}

/** WORKER_OWNED use is free only with all three declarations of the licence's commercial-use clause. */
export function validateUse(use: LicenseUse, declarations: UseDeclarations): FieldProblem[] {
  if (use !== LicenseUse.WORKER_OWNED) return [];
  const problems: FieldProblem[] = [];
  for (const field of ['isWorkerOwned', 'allSurplusToWorkerOwners', 'noWagedNonOwners'] as const) {
    if (declarations[field] !== true) problems.push({ field, message: 'must be declared true for WORKER_OWNED use' });
  }
  return problems;
}

/** A schedule is either flat (amount) or a percentage of revenue (revenuePercent, optional minimum). */
export function validateFeeSchedule(fee: FeeSchedule, prefix: string): FieldProblem[] {
  const flat = fee.amount != null;
  const percentage = fee.revenuePercent != null;
  if (flat === percentage) return [{ field: `${prefix}.amount`, message: 'give either amount (flat fee) or revenuePercent, not both and not neither' }];
  if (flat && fee.minimum != null) return [{ field: `${prefix}.minimum`, message: 'a minimum applies only to a revenue percentage' }];
  if (percentage && toDecimal(fee.revenuePercent ?? 0).gt(100)) return [{ field: `${prefix}.revenuePercent`, message: 'must be at most 100' }];
  return [];
}

export function isFlat(fee: FeeSchedule): boolean {
  return fee.amount != null;
}

/**
 * The fee for one period. Flat: the amount. Percentage: revenue × percent / 100, rounded to the cent
 * half-even (banker's rounding, so halves do not bias upwards over many periods: 5% of 12,345.67 is
 * 617.2835 → 617.28), and never less than the minimum.
 */
export function periodFee(fee: FeeSchedule, revenue: Decimal | null): Decimal {
  if (fee.amount != null) return toDecimal(fee.amount);
  if (fee.revenuePercent == null || revenue == null) throw new Error('a percentage fee needs the declared revenue');
  const share = toDecimal(revenue).times(fee.revenuePercent).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
  const minimum = toDecimal(fee.minimum ?? 0);
  return Decimal.max(share, minimum);
}

// Calendar periods. Dates are 'YYYY-MM-DD' strings, computed in UTC.

export interface BillingPeriod {
  /** '2026-01' (MONTHLY) or '2026' (YEARLY). */
  label: string;
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

function parseDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return formatDate(new Date(parseDate(date).getTime() + days * DAY_MS));
}

export function isPeriodStart(date: string, period: FeePeriod): boolean {
  return period === FeePeriod.MONTHLY ? date.endsWith('-01') : date.endsWith('-01-01');
}

/** The period containing a date. */
export function periodOf(date: string, period: FeePeriod): BillingPeriod {
  const d = parseDate(date);
  const year = d.getUTCFullYear();
  if (period === FeePeriod.YEARLY) return { label: `${year}`, start: `${year}-01-01`, end: `${year}-12-31` };
  const month = d.getUTCMonth();
  const start = new Date(Date.UTC(year, month, 1));
  const end = new Date(Date.UTC(year, month + 1, 0));
  return { label: formatDate(start).slice(0, 7), start: formatDate(start), end: formatDate(end) };
}

/** The period after the one containing a date. */
export function nextPeriod(date: string, period: FeePeriod): BillingPeriod {
  return periodOf(addDays(periodOf(date, period).end, 1), period);
}

/** The period a label names, or null when the label does not fit the schedule ('2026-01' for MONTHLY, '2026' for YEARLY). */
export function periodFromLabel(label: string, period: FeePeriod): BillingPeriod | null {
  const pattern = period === FeePeriod.MONTHLY ? /^(\d{4})-(0[1-9]|1[0-2])$/ : /^(\d{4})$/;
  if (!pattern.test(label)) return null;
  return periodOf(period === FeePeriod.MONTHLY ? `${label}-01` : `${label}-01-01`, period);
}

/**
 * The periods to invoice: every period that starts on or after `startsOn`, on or before `through`
 * and, for an ended agreement, on or before `endsOn`. Each is due on its first day.
 */
export function periodsThrough(startsOn: string, endsOn: string | null, through: string, period: FeePeriod): BillingPeriod[] {
  const last = endsOn != null && endsOn < through ? endsOn : through;
  const periods: BillingPeriod[] = [];
  for (let p = periodOf(startsOn, period); p.start <= last; p = nextPeriod(p.start, period)) {
    if (p.start >= startsOn) periods.push(p);
  }
  return periods;
}

// Standing.

export interface InvoiceState {
  dueOn: string;
  amount: Decimal;
  paid: Decimal;
}

/**
 * Standing on a date, judged on the invoices as they are paid now: SUSPENDED when an invoice is
 * still unpaid after its due date + suspensionDays, OVERDUE when after its due date + graceDays,
 * otherwise GOOD. "After" is strict: on the last day of grace the licensee is still GOOD.
 */
export function standing(invoices: readonly InvoiceState[], asOf: string, graceDays: number, suspensionDays: number): LicenseeStanding {
  let result = LicenseeStanding.GOOD;
  for (const invoice of invoices) {
    if (toDecimal(invoice.paid).gte(invoice.amount)) continue;
    if (asOf > addDays(invoice.dueOn, suspensionDays)) return LicenseeStanding.SUSPENDED;
    if (asOf > addDays(invoice.dueOn, graceDays)) result = LicenseeStanding.OVERDUE;
  }
  return result;
}

// Allocation.

export interface OpenInvoice {
  id: string;
  dueOn: string;
  outstanding: Decimal;
}

export interface AllocationShare {
  invoiceId: string;
  amount: Decimal;
}

/** Spends `available` on the oldest open invoices first (due date, then id); what is left stays as credit. */
export function allocate(available: Decimal, invoices: readonly OpenInvoice[]): AllocationShare[] {
  const ordered = [...invoices].sort((a, b) => (a.dueOn === b.dueOn ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.dueOn < b.dueOn ? -1 : 1));
  let left = toCents(available);
  const shares: AllocationShare[] = [];
  for (const invoice of ordered) {
    if (left <= 0n) break;
    const outstanding = toCents(invoice.outstanding);
    if (outstanding <= 0n) continue;
    const paid = outstanding < left ? outstanding : left;
    shares.push({ invoiceId: invoice.id, amount: fromCents(paid) });
    left -= paid;
  }
  return shares;
}
