import fc from 'fast-check';
import Decimal from 'decimal.js';
import { formatCents } from 'src/common/money/decimal';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { distributeByClass, Holder, splitSurplus } from './distribution';

const holder = (memberId: string, rank: number, units: [StakeholderClass, string][]): Holder => ({ memberId, rank, units: new Map(units.map(([c, u]) => [c, new Decimal(u)])) });
const show = (shares: { memberId: string; cents: bigint }[]) => Object.fromEntries(shares.map((s) => [s.memberId, formatCents(s.cents)]));

describe('surplus distribution (DOMAIN.md §4)', () => {
  const { FOUNDER, FUNDER, WORKER, USER } = StakeholderClass;
  const s2Holders = [
    holder('F1', 0, [[FOUNDER, '1']]),
    holder('F2', 1, [[FOUNDER, '1']]),
    holder('I1', 2, [[FUNDER, '3000']]),
    holder('I2', 3, [[FUNDER, '1000']]),
    holder('W1', 4, [[WORKER, '100']]),
    holder('W2', 5, [[WORKER, '50']]),
    holder('W3', 6, [[WORKER, '50']]),
  ];

  it('one member, one share: 1,000.00 to a per-member WORKER class pays 333.34, 333.33, 333.33 however many hours (ties by seniority)', () => {
    const workers = [holder('W10', 0, [[WORKER, '10']]), holder('W100', 1, [[WORKER, '100']]), holder('W1000', 2, [[WORKER, '1000']])];
    const perMember = distributeByClass(400_000n, workers, 'PRO_RATA', [WORKER]).shares;
    expect(show(perMember)).toEqual({ W10: '333.34', W100: '333.33', W1000: '333.33' });
    const proRata = distributeByClass(400_000n, workers, 'PRO_RATA').shares;
    expect(show(proRata)).toEqual({ W10: '9.01', W100: '90.09', W1000: '900.90' });
  });

  it('S2: splits 100,000.00 30/50/20 into 30,000.00, 50,000.00 and 20,000.00', () => {
    const split = splitSurplus(10_000_000n, { reserve: new Decimal(30), dividends: new Decimal(50), cobudget: new Decimal(20) });
    expect([split.reserve, split.dividends, split.cobudget].map(formatCents)).toEqual(['30000.00', '50000.00', '20000.00']);
  });

  it('S2: dividends of 50,000.00 are 12,500.00 per class, pro rata within, the users quarter to the reserve', () => {
    const { shares, toReserveCents } = distributeByClass(5_000_000n, s2Holders, 'PRO_RATA');
    expect(show(shares)).toEqual({ F1: '6250.00', F2: '6250.00', I1: '9375.00', I2: '3125.00', W1: '6250.00', W2: '3125.00', W3: '3125.00' });
    expect(formatCents(toReserveCents)).toBe('12500.00');
  });

  it('S2: a co-budget of 20,000.00 gives 5,000.00 per class equally per member, W1 and W2 the extra cents', () => {
    const { shares, toReserveCents } = distributeByClass(2_000_000n, s2Holders, 'EQUAL');
    expect(show(shares)).toEqual({ F1: '2500.00', F2: '2500.00', I1: '2500.00', I2: '2500.00', W1: '1666.67', W2: '1666.67', W3: '1666.66' });
    expect(formatCents(toReserveCents)).toBe('5000.00');
  });

  it('S1: 11,000.00 among 18 holders of 10 units: sixteen get 611.11 and two 611.12', () => {
    const holders = Array.from({ length: 18 }, (_, i) => holder(`H${i}`, i, [[FUNDER, '10']]));
    const { shares } = distributeByClass(4_400_000n, holders, 'PRO_RATA');
    const amounts = shares.map((s) => formatCents(s.cents));
    expect(amounts.filter((a) => a === '611.11')).toHaveLength(16);
    expect(amounts.filter((a) => a === '611.12')).toHaveLength(2);
    expect(show(shares.slice(0, 2))).toEqual({ H0: '611.12', H1: '611.12' });
  });

  it('gives a member in two classes a share from each', () => {
    const { shares } = distributeByClass(400n, [holder('A', 0, [[WORKER, '1'], [USER, '1']]), holder('B', 1, [[WORKER, '1']])], 'EQUAL');
    expect(shares.map((s) => [s.memberId, s.class, s.cents])).toEqual([
      ['A', WORKER, 50n],
      ['B', WORKER, 50n],
      ['A', USER, 100n],
    ]);
  });

  it('never loses a cent: shares plus the reserve part equal the pool, for any holders', () => {
    const holders = fc.array(
      fc.record({ classes: fc.subarray([...CLASS_ORDER]), units: fc.integer({ min: 1, max: 10_000 }) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), holders, fc.constantFrom('EQUAL' as const, 'PRO_RATA' as const), (pool, specs, within) => {
        const list = specs.map((spec, i) => holder(`M${i}`, i, spec.classes.map((c) => [c, String(spec.units)])));
        const { shares, toReserveCents } = distributeByClass(pool, list, within);
        expect(shares.reduce((sum, s) => sum + s.cents, toReserveCents)).toBe(pool);
      }),
      { numRuns: 300 },
    );
  });
});
