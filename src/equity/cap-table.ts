import Decimal from 'decimal.js';
import { Fraction } from 'src/common/money/fraction';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';

/** Each class holds a quarter of the equity under the fair-shares constitution. */
export const CLASS_EQUITY_SHARE = new Fraction(1n, 4n);

export type ClassUnitsMap = ReadonlyMap<StakeholderClass, Decimal>;

/**
 * share(m) = Σ_c classEquityWeight(c) × units(m, c) / units(c), exactly. A class with no units
 * contributes nothing to anyone.
 */
export function equityShare(holding: ClassUnitsMap, classTotals: ClassUnitsMap): Fraction {
  let share = Fraction.ZERO;
  for (const stakeholderClass of CLASS_ORDER) {
    const units = holding.get(stakeholderClass);
    const total = classTotals.get(stakeholderClass);
    if (!units || units.isZero() || !total || total.isZero()) continue;
    share = share.plus(CLASS_EQUITY_SHARE.times(Fraction.fromDecimal(units).dividedBy(Fraction.fromDecimal(total))));
  }
  return share;
}

/** The quarters of empty classes: they belong to the cooperative's indivisible reserve. */
export function unallocatedShare(classTotals: ClassUnitsMap): Fraction {
  return CLASS_ORDER.filter((c) => !(classTotals.get(c)?.gt(0) ?? false)).reduce((sum) => sum.plus(CLASS_EQUITY_SHARE), Fraction.ZERO);
}
