import Decimal from 'decimal.js';
import { apportion } from 'src/common/money/apportion';
import { Fraction } from 'src/common/money/fraction';
import { FeePeriod } from 'src/licensing/licensing.rules';

/** One holding's principal, in cents, and its place in purchase order (ties go to the earlier). */
export interface HoldingPrincipal {
  holdingId: string;
  principalCents: bigint;
  rank: number;
}

/**
 * A period's coupons, to the cent. Each holding's coupon is exactly principal × rate × (1/12 for a
 * monthly period); the series' total is that sum rounded half-even to the cent once, and the cents
 * are apportioned between the holdings by largest remainder, so no cent is lost or made up by
 * rounding each coupon on its own.
 */
export function periodCoupons(holdings: readonly HoldingPrincipal[], couponPercent: Decimal, period: FeePeriod): { holdingId: string; cents: bigint }[] {
  const perPeriod = Fraction.fromDecimal(couponPercent).dividedBy(Fraction.of(period === FeePeriod.MONTHLY ? 1200 : 100));
  const exactTotal = holdings.reduce((sum, h) => sum.plus(perPeriod.times(Fraction.of(h.principalCents))), Fraction.ZERO);
  const totalCents = roundHalfEven(exactTotal);
  return apportion(
    totalCents,
    holdings.map((h) => ({ key: h.holdingId, weight: new Decimal(h.principalCents.toString()), rank: h.rank })),
  ).map((share) => ({ holdingId: share.key, cents: share.cents }));
}

/** A non-negative fraction rounded to the nearest integer, halves to the even neighbour. */
function roundHalfEven(value: Fraction): bigint {
  const whole = value.num / value.den;
  const twice = 2n * (value.num % value.den);
  if (twice > value.den || (twice === value.den && whole % 2n === 1n)) return whole + 1n;
  return whole;
}
