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

/** A class's holders and units, and whether the bylaws make its equity one part per member. */
export interface ClassTotal {
  class: StakeholderClass;
  units: Decimal;
  members: number;
  perMember: boolean;
}

/**
 * What equity is counted in: units, except in a per-member class ("one member, one share"), where
 * each holder counts as 1 of the class's holders however many units they hold. The units themselves
 * stay on record and on show.
 */
export function equityBasis(holding: ClassUnitsMap, totals: readonly ClassTotal[]): { holding: ClassUnitsMap; totals: ClassUnitsMap } {
  const perMember = new Set(totals.filter((t) => t.perMember).map((t) => t.class));
  return {
    holding: new Map([...holding].map(([c, units]) => [c, perMember.has(c) && units.gt(0) ? new Decimal(1) : units])),
    totals: new Map(totals.map((t) => [t.class, t.perMember ? new Decimal(t.members) : t.units])),
  };
}

/** The quarters of empty classes: they belong to the cooperative's indivisible reserve. */
export function unallocatedShare(classTotals: ClassUnitsMap): Fraction {
  return CLASS_ORDER.filter((c) => !(classTotals.get(c)?.gt(0) ?? false)).reduce((sum) => sum.plus(CLASS_EQUITY_SHARE), Fraction.ZERO);
}
