import { Fraction } from 'src/common/money/fraction';
import { combineClassShares } from 'src/governance/tally/class-weighted';
import { highest, positions } from './shares';
import type { ClassShare, MethodResult, OptionClassInput, OptionResult, PairwiseMargin } from './types';

const HALF = new Fraction(1n, 2n);

/** Where each option stands in a ranking: its index, or Infinity when unranked (below every ranked one, level with other unranked). */
function standing(ranking: readonly number[], optionCount: number): number[] {
  const at = new Array<number>(optionCount).fill(Infinity);
  ranking.forEach((o, i) => (at[o] = i));
  return at;
}

/**
 * Copeland over class-weighted pairwise margins: margin_c(a,b) = (ballots ranking a above b − ballots
 * ranking b above a) / ballots_c, M(a,b) combined over the classes with ballots; a beats b when
 * M(a,b) > 0. The score is wins plus half the ties; the highest wins, so a Condorcet winner always does.
 * An option's share is its class-weighted first-preference share.
 */
export function copeland(classes: readonly OptionClassInput[], optionCount: number): MethodResult {
  const keys = positions(optionCount);
  const pairs: [number, number][] = keys.flatMap((a) => keys.filter((b) => b > a).map((b): [number, number] => [a, b]));
  const pairKey = (a: number, b: number) => `${a}:${b}`;
  const active = classes.filter((c) => c.ballots > 0);
  const perClassMargins = active.map((c) => {
    const above = new Map<string, number>(pairs.map(([a, b]) => [pairKey(a, b), 0]));
    for (const group of c.rankings) {
      const at = standing(group.ranking, optionCount);
      for (const [a, b] of pairs) if (at[a] !== at[b]) above.set(pairKey(a, b), above.get(pairKey(a, b))! + (at[a] < at[b] ? group.n : -group.n));
    }
    return { class: c.class, weight: c.weight, shares: new Map(pairs.map(([a, b]) => [pairKey(a, b), new Fraction(BigInt(above.get(pairKey(a, b))!), BigInt(c.ballots))])) };
  });
  const margins = combineClassShares(perClassMargins, pairs.map(([a, b]) => pairKey(a, b)));
  const pairwise: PairwiseMargin[] = pairs.flatMap(([a, b]) => {
    const m = margins.get(pairKey(a, b))!;
    return [
      { a, b, margin: m },
      { a: b, b: a, margin: Fraction.ZERO.minus(m) },
    ];
  });
  const scores = new Map<number, Fraction>(keys.map((o) => [o, Fraction.ZERO]));
  for (const { a, margin } of pairwise) scores.set(a, scores.get(a)!.plus(margin.gt(Fraction.ZERO) ? Fraction.ONE : margin.isZero() ? HALF : Fraction.ZERO));

  const firsts = active.map((c) => {
    const counts = new Map<number, number>();
    for (const group of c.rankings) if (group.ranking.length) counts.set(group.ranking[0], (counts.get(group.ranking[0]) ?? 0) + group.n);
    return { class: c.class, weight: c.weight, shares: new Map(keys.map((o) => [o, new Fraction(BigInt(counts.get(o) ?? 0), BigInt(c.ballots))])) };
  });
  const firstShares = combineClassShares(firsts, keys);
  const options: OptionResult[] = keys.map((o) => ({
    position: o,
    share: firstShares.get(o)!,
    classes: classes.map((c): ClassShare => ({ class: c.class, ballots: c.ballots, share: firsts.find((f) => f.class === c.class)?.shares.get(o) ?? null })),
    copelandScore: scores.get(o)!,
  }));
  return { options, top: active.length ? highest(keys.map((o) => [o, scores.get(o)!])) : [], pairwise };
}
