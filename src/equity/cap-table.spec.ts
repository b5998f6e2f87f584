import fc from 'fast-check';
import Decimal from 'decimal.js';
import { Fraction } from 'src/common/money/fraction';
import { toDecimal } from 'src/common/money/decimal';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { ClassTotal, equityBasis, equityShare, unallocatedShare } from './cap-table';

const units = (entries: [StakeholderClass, string][]) => new Map(entries.map(([c, u]) => [c, toDecimal(u)]));

describe('cap table (DOMAIN.md §2)', () => {
  it('gives 1 of 3 worker units and 1 of 2 founder units exactly 1/12 + 1/8 = 5/24', () => {
    const totals = units([
      [StakeholderClass.WORKER, '3'],
      [StakeholderClass.FOUNDER, '2'],
    ]);
    const share = equityShare(units([[StakeholderClass.WORKER, '1'], [StakeholderClass.FOUNDER, '1']]), totals);
    expect(share.toString()).toBe('5/24');
    expect(share.toDecimal(34).toString()).toBe('0.2083333333333333333333333333333333');
  });

  it('shows the quarters of empty classes as unallocated', () => {
    expect(unallocatedShare(units([[StakeholderClass.WORKER, '3']])).toString()).toBe('3/4');
    expect(unallocatedShare(units([])).toString()).toBe('1');
    expect(unallocatedShare(units(CLASS_ORDER.map((c) => [c, '1'] as [StakeholderClass, string]))).toString()).toBe('0');
  });

  it('gives nothing for a class whose total is zero', () => {
    expect(equityShare(units([[StakeholderClass.USER, '0']]), units([[StakeholderClass.USER, '0']])).isZero()).toBe(true);
  });

  // Random register histories: issues and cancellations per member and class, never below zero.
  const history = fc.array(
    fc.record({
      member: fc.integer({ min: 0, max: 7 }),
      class: fc.constantFrom(...CLASS_ORDER),
      units: fc.integer({ min: 1, max: 100_000 }).map((n) => new Decimal(n).dividedBy(100)),
      cancel: fc.boolean(),
    }),
    { maxLength: 60 },
  );

  it('keeps the invariant Σ shares + unallocated = 1 exactly for any register history', () => {
    fc.assert(
      fc.property(history, (entries) => {
        const holdings = new Map<number, Map<StakeholderClass, Decimal>>();
        for (const entry of entries) {
          const holding = holdings.get(entry.member) ?? new Map<StakeholderClass, Decimal>();
          const current = holding.get(entry.class) ?? toDecimal(0);
          // A cancellation removes all the member's units in the class (as when leaving).
          holding.set(entry.class, entry.cancel ? toDecimal(0) : current.plus(entry.units));
          holdings.set(entry.member, holding);
        }
        const totals = new Map<StakeholderClass, Decimal>();
        for (const holding of holdings.values()) for (const [c, u] of holding) totals.set(c, (totals.get(c) ?? toDecimal(0)).plus(u));
        const allocated = [...holdings.values()].reduce((sum, holding) => sum.plus(equityShare(holding, totals)), Fraction.ZERO);
        const nonEmptyWeight = new Fraction(BigInt(CLASS_ORDER.filter((c) => totals.get(c)?.gt(0)).length), 4n);
        expect(allocated.eq(nonEmptyWeight)).toBe(true);
        expect(allocated.plus(unallocatedShare(totals)).eq(Fraction.ONE)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('one member, one share (per-member equity classes)', () => {
  const { WORKER, FOUNDER, FUNDER, USER } = StakeholderClass;
  const totals = (perMember: boolean): ClassTotal[] => [
    { class: FOUNDER, units: new Decimal(1), members: 1, perMember: false },
    { class: FUNDER, units: new Decimal(100), members: 1, perMember: false },
    { class: WORKER, units: new Decimal(1110), members: 3, perMember },
    { class: USER, units: new Decimal(5), members: 1, perMember: false },
  ];
  const share = (hours: string, perMember: boolean) => {
    const basis = equityBasis(new Map([[WORKER, new Decimal(hours)]]), totals(perMember));
    return equityShare(basis.holding, basis.totals).toString();
  };

  it('gives workers with 10, 100 and 1,000 hours 1/12 each when all four classes are held', () => {
    expect(['10', '100', '1000'].map((h) => share(h, true))).toEqual(['1/12', '1/12', '1/12']);
  });

  it('is pro rata to units in a class that is not per member', () => {
    expect(['10', '100', '1000'].map((h) => share(h, false))).toEqual(['1/444', '5/222', '25/111']);
  });
});
