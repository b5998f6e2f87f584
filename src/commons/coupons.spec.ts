import { toDecimal } from 'src/common/money/decimal';
import { FeePeriod } from 'src/licensing/licensing.rules';
import { periodCoupons } from './coupons';

const holding = (holdingId: string, cents: bigint, rank: number) => ({ holdingId, principalCents: cents, rank });

describe('periodCoupons', () => {
  it('pays 150.00 and 350.00 a year on 3,000.00 and 7,000.00 at 5%', () => {
    expect(periodCoupons([holding('a', 300000n, 0), holding('b', 700000n, 1)], toDecimal(5), FeePeriod.YEARLY)).toEqual([
      { holdingId: 'a', cents: 15000n },
      { holdingId: 'b', cents: 35000n },
    ]);
  });

  it('apportions odd cents: three holdings of 100.00 at 5% a month are 0.41666… each, 1.25 in all', () => {
    expect(periodCoupons([holding('a', 10000n, 0), holding('b', 10000n, 1), holding('c', 10000n, 2)], toDecimal(5), FeePeriod.MONTHLY).map((c) => c.cents)).toEqual([42n, 42n, 41n]);
  });

  it('rounds the total once, half to even, and never rounds a coupon on its own', () => {
    // 0.10 at 5% a year is 0.005 each: 0.01 in all for two holdings, not 0.00 + 0.00 or 0.01 + 0.01.
    expect(periodCoupons([holding('a', 10n, 0), holding('b', 10n, 1)], toDecimal(5), FeePeriod.YEARLY).map((c) => c.cents)).toEqual([1n, 0n]);
    // 0.10 at 5%: 0.005 rounds half-even to 0.00.
    expect(periodCoupons([holding('a', 10n, 0)], toDecimal(5), FeePeriod.YEARLY).map((c) => c.cents)).toEqual([0n]);
  });
});
