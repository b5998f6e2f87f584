import { Fraction } from 'src/common/money/fraction';
import { combineClassShares } from 'src/governance/tally/class-weighted';
import type { ClassShare, MethodResult, OptionClassInput, OptionResult } from './types';

export const positions = (count: number) => Array.from({ length: count }, (_, i) => i);

/**
 * The plurality-style methods share one shape: each class's share of an option is its total over a
 * class denominator, combined across the classes with a counted ballot by vote weight; the highest S
 * wins and equal highest S tie.
 */
export function sharesByTotals(classes: readonly OptionClassInput[], optionCount: number, denominator: (c: OptionClassInput) => number): MethodResult {
  const keys = positions(optionCount);
  const active = classes.filter((c) => c.ballots > 0 && denominator(c) > 0);
  const perClass = active.map((c) => ({
    class: c.class,
    weight: c.weight,
    shares: new Map(keys.map((o) => [o, new Fraction(BigInt(c.totals[o] ?? 0), BigInt(denominator(c)))])),
  }));
  const combined = combineClassShares(perClass, keys);
  const options: OptionResult[] = keys.map((o) => ({
    position: o,
    share: combined.get(o)!,
    classes: classes.map((c): ClassShare => ({ class: c.class, ballots: c.ballots, share: perClass.find((p) => p.class === c.class)?.shares.get(o) ?? null })),
    copelandScore: null,
  }));
  return { options, top: active.length ? highest(options.map((o) => [o.position, o.share])) : [] };
}

/** The keys with the highest value, in listing order. */
export function highest(values: [number, Fraction][]): number[] {
  if (!values.length) return [];
  const best = values.reduce((max, [, v]) => (v.gt(max) ? v : max), values[0][1]);
  return values.filter(([, v]) => v.eq(best)).map(([k]) => k);
}
