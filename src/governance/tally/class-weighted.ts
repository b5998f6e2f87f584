import { Fraction } from 'src/common/money/fraction';
import type { ClassName } from 'src/governance/tally/types';

/**
 * One class's normalised result for every key (option or bucket), with the class's vote weight. G is
 * the class's name: a stakeholder class, or any group name (a Pabulib file's class column).
 */
export interface ClassShares<K, G extends string = ClassName> {
  class: G;
  weight: Fraction;
  /** share_c(k); a key missing from the map has share 0. */
  shares: ReadonlyMap<K, Fraction>;
}

/**
 * The fair-shares combination: S(k) = Σ w_c · share_c(k) / Σ w_c over the classes given, which must be
 * the active ones (at least one counted ballot). With no active class every S(k) is 0.
 */
export function combineClassShares<K, G extends string = ClassName>(classes: readonly ClassShares<K, G>[], keys: readonly K[]): Map<K, Fraction> {
  const totalWeight = classes.reduce((sum, c) => sum.plus(c.weight), Fraction.ZERO);
  const combined = new Map<K, Fraction>();
  for (const key of keys) {
    if (totalWeight.isZero()) {
      combined.set(key, Fraction.ZERO);
      continue;
    }
    const weighted = classes.reduce((sum, c) => sum.plus(c.weight.times(c.shares.get(key) ?? Fraction.ZERO)), Fraction.ZERO);
    combined.set(key, weighted.dividedBy(totalWeight));
  }
  return combined;
}

/** A class's approval ballots: how many ballots it counted and how many of them approve each key. */
export interface ClassApprovals<K, G extends string = ClassName> {
  class: G;
  weight: Fraction;
  ballots: number;
  approvals: ReadonlyMap<K, number>;
}

/**
 * Class-weighted approval share, shared by the APPROVAL voting method and the GREEDY budgeting rule:
 * share_c(k) = approvals_c(k) / ballots_c, combined over the classes with at least one ballot.
 */
export function classWeightedApprovalShares<K, G extends string = ClassName>(
  classes: readonly ClassApprovals<K, G>[],
  keys: readonly K[],
): { shares: Map<K, Fraction>; perClass: ClassShares<K, G>[] } {
  const perClass = classes
    .filter((c) => c.ballots > 0)
    .map((c) => ({
      class: c.class,
      weight: c.weight,
      shares: new Map(keys.map((key) => [key, new Fraction(BigInt(c.approvals.get(key) ?? 0), BigInt(c.ballots))])),
    }));
  return { shares: combineClassShares(perClass, keys), perClass };
}
