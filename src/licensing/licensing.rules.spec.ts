import { formatMoney, toDecimal } from 'src/common/money/decimal';
import {
  allocate,
  FeePeriod,
  LicenseeStanding,
  LicenseUse,
  nextPeriod,
  periodFee,
  periodFromLabel,
  periodOf,
  periodsThrough,
  standing,
  validateFeeSchedule,
  validateUse,
} from './licensing.rules';

const d = toDecimal;

describe('periodFee', () => {
  it('is the amount for a flat schedule', () => {
    expect(formatMoney(periodFee({ period: FeePeriod.MONTHLY, amount: d('250.00') }, null))).toBe('250.00');
  });

  it('rounds 5% of 12,345.67 = 617.2835 half-even to 617.28, above the 500.00 minimum', () => {
    expect(periodFee({ period: FeePeriod.MONTHLY, revenuePercent: d('5'), minimum: d('500.00') }, d('12345.67')).toString()).toBe('617.28');
  });

  it('rounds an exact half cent to the even cent', () => {
    // 10% of 0.25 = 0.025 → 0.02 (even); 10% of 0.35 = 0.035 → 0.04 (even)
    expect(periodFee({ period: FeePeriod.YEARLY, revenuePercent: d('10') }, d('0.25')).toString()).toBe('0.02');
    expect(periodFee({ period: FeePeriod.YEARLY, revenuePercent: d('10') }, d('0.35')).toString()).toBe('0.04');
  });

  it('charges the minimum when the percentage is below it', () => {
    expect(periodFee({ period: FeePeriod.MONTHLY, revenuePercent: d('5'), minimum: d('500.00') }, d('1000.00')).toString()).toBe('500');
  });

  it('needs a declared revenue for a percentage schedule', () => {
    expect(() => periodFee({ period: FeePeriod.MONTHLY, revenuePercent: d('5') }, null)).toThrow();
  });
});

describe('validation', () => {
  it('accepts exactly one of amount and revenuePercent', () => {
    expect(validateFeeSchedule({ period: FeePeriod.MONTHLY, amount: d('1') }, 'fee')).toEqual([]);
    expect(validateFeeSchedule({ period: FeePeriod.MONTHLY, revenuePercent: d('1'), minimum: d('2') }, 'fee')).toEqual([]);
    expect(validateFeeSchedule({ period: FeePeriod.MONTHLY }, 'fee').map((p) => p.field)).toEqual(['fee.amount']);
    expect(validateFeeSchedule({ period: FeePeriod.MONTHLY, amount: d('1'), revenuePercent: d('1') }, 'fee').map((p) => p.field)).toEqual(['fee.amount']);
    expect(validateFeeSchedule({ period: FeePeriod.MONTHLY, amount: d('1'), minimum: d('1') }, 'fee').map((p) => p.field)).toEqual(['fee.minimum']);
  });

  it('needs all three declarations for WORKER_OWNED use only', () => {
    expect(validateUse(LicenseUse.WORKER_OWNED, { isWorkerOwned: true, allSurplusToWorkerOwners: true, noWagedNonOwners: true })).toEqual([]);
    expect(validateUse(LicenseUse.WORKER_OWNED, { isWorkerOwned: true, allSurplusToWorkerOwners: false }).map((p) => p.field)).toEqual(['allSurplusToWorkerOwners', 'noWagedNonOwners']);
    expect(validateUse(LicenseUse.COMMERCIAL, {})).toEqual([]);
    expect(validateUse(LicenseUse.NONCOMMERCIAL, {})).toEqual([]);
  });
});

describe('periods', () => {
  it('labels months and years', () => {
    expect(periodOf('2026-02-14', FeePeriod.MONTHLY)).toEqual({ label: '2026-02', start: '2026-02-01', end: '2026-02-28' });
    expect(periodOf('2028-02-14', FeePeriod.MONTHLY).end).toBe('2028-02-29');
    expect(periodOf('2026-07-04', FeePeriod.YEARLY)).toEqual({ label: '2026', start: '2026-01-01', end: '2026-12-31' });
    expect(nextPeriod('2026-12-31', FeePeriod.MONTHLY).label).toBe('2027-01');
    expect(periodFromLabel('2026-01', FeePeriod.MONTHLY)?.start).toBe('2026-01-01');
    expect(periodFromLabel('2026', FeePeriod.MONTHLY)).toBeNull();
    expect(periodFromLabel('2026-13', FeePeriod.MONTHLY)).toBeNull();
    expect(periodFromLabel('2026', FeePeriod.YEARLY)?.end).toBe('2026-12-31');
  });

  it('L1: Jan, Feb and Mar through 2026-03-31, each starting (and due) on the 1st', () => {
    expect(periodsThrough('2026-01-01', null, '2026-03-31', FeePeriod.MONTHLY).map((p) => [p.label, p.start])).toEqual([
      ['2026-01', '2026-01-01'],
      ['2026-02', '2026-02-01'],
      ['2026-03', '2026-03-01'],
    ]);
  });

  it('stops at the end date and includes a period that starts on `through`', () => {
    expect(periodsThrough('2026-01-01', '2026-02-28', '2026-12-31', FeePeriod.MONTHLY).map((p) => p.label)).toEqual(['2026-01', '2026-02']);
    expect(periodsThrough('2026-01-01', null, '2026-02-01', FeePeriod.MONTHLY).map((p) => p.label)).toEqual(['2026-01', '2026-02']);
    expect(periodsThrough('2026-01-01', null, '2025-12-31', FeePeriod.MONTHLY)).toEqual([]);
    expect(periodsThrough('2025-01-01', null, '2026-06-30', FeePeriod.YEARLY).map((p) => p.label)).toEqual(['2025', '2026']);
  });
});

describe('standing', () => {
  const invoice = (dueOn: string, paid = '0.00') => ({ dueOn, amount: d('250.00'), paid: d(paid) });

  it('L1: on 2026-04-15 with 30 days of grace, an unpaid March (due 03-01) is OVERDUE; April is not yet past grace', () => {
    expect(standing([invoice('2026-03-01'), invoice('2026-04-01')], '2026-04-15', 30, 90)).toBe(LicenseeStanding.OVERDUE);
    expect(standing([invoice('2026-03-01', '250.00'), invoice('2026-04-01')], '2026-04-15', 30, 90)).toBe(LicenseeStanding.GOOD);
  });

  it('is GOOD on the last day of grace and OVERDUE the day after', () => {
    expect(standing([invoice('2026-03-01')], '2026-03-31', 30, 90)).toBe(LicenseeStanding.GOOD);
    expect(standing([invoice('2026-03-01')], '2026-04-01', 30, 90)).toBe(LicenseeStanding.OVERDUE);
  });

  it('is SUSPENDED past the suspension days, and a partly paid invoice still counts as unpaid', () => {
    expect(standing([invoice('2026-01-01', '100.00')], '2026-04-01', 30, 90)).toBe(LicenseeStanding.OVERDUE);
    expect(standing([invoice('2026-01-01', '100.00')], '2026-04-02', 30, 90)).toBe(LicenseeStanding.SUSPENDED);
    expect(standing([invoice('2026-01-01', '250.00')], '2026-04-02', 30, 90)).toBe(LicenseeStanding.GOOD);
  });
});

describe('allocate', () => {
  it('L1: 500.00 pays Jan and Feb and leaves Mar open', () => {
    const shares = allocate(d('500.00'), [
      { id: 'c', dueOn: '2026-03-01', outstanding: d('250.00') },
      { id: 'a', dueOn: '2026-01-01', outstanding: d('250.00') },
      { id: 'b', dueOn: '2026-02-01', outstanding: d('250.00') },
    ]);
    expect(shares.map((s) => [s.invoiceId, formatMoney(s.amount)])).toEqual([
      ['a', '250.00'],
      ['b', '250.00'],
    ]);
  });

  it('pays partly, breaks due-date ties by id, and allocates nothing beyond the invoices (the rest is credit)', () => {
    const shares = allocate(d('300.01'), [
      { id: 'y', dueOn: '2026-01-01', outstanding: d('200.00') },
      { id: 'x', dueOn: '2026-01-01', outstanding: d('50.00') },
    ]);
    expect(shares.map((s) => [s.invoiceId, formatMoney(s.amount)])).toEqual([
      ['x', '50.00'],
      ['y', '200.00'],
    ]);
    expect(allocate(d('10.00'), [{ id: 'x', dueOn: '2026-01-01', outstanding: d('50.00') }]).map((s) => formatMoney(s.amount))).toEqual(['10.00']);
  });
});
