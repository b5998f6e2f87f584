import Decimal from 'decimal.js';

export interface Claim<K> {
  /** Who receives. */
  key: K;
  /** >= 0, may have decimals (e.g. 1.5 units). */
  weight: Decimal;
  /** Tie-break order: lower rank wins a tie; ranks are unique integers. */
  rank: number;
}

export interface Share<K> {
  key: K;
  cents: bigint;
}

/**
 * Splits totalCents (>= 0n) over claims by weight; result is in the same order as the input claims.
 *
 * Largest remainder (Hamilton): everyone gets the floor of their exact share, then the leftover cents go
 * one each to the largest remainders, ties to the lower rank. Parts always sum to the total.
 */
export function apportion<K>(totalCents: bigint, claims: readonly Claim<K>[]): Share<K>[] {
  if (totalCents < 0n) throw new Error(`apportion: total ${totalCents} cents is negative`);
  validate(claims);
  if (claims.length === 0) {
    if (totalCents > 0n) throw new Error(`apportion: no claims to receive ${totalCents} cents`);
    return [];
  }

  const weights = scaledWeights(claims);
  const weightSum = weights.reduce((sum, w) => sum + w, 0n);
  if (weightSum === 0n) {
    if (totalCents > 0n) throw new Error(`apportion: all weights are zero, cannot split ${totalCents} cents`);
    return claims.map(({ key }) => ({ key, cents: 0n }));
  }

  // share_i = total * W_i / ΣW exactly: integer division gives the floor, modulo the remainder.
  const cents = weights.map((w) => (totalCents * w) / weightSum);
  const remainders = weights.map((w) => (totalCents * w) % weightSum);
  let leftover = totalCents - cents.reduce((sum, c) => sum + c, 0n);

  // Σ remainders = leftover × ΣW and each remainder < ΣW, so the claims with a non-zero remainder
  // always outnumber the leftover cents; zero-weight claims (remainder 0) never get one.
  const byRemainder = claims
    .map((_, i) => i)
    .filter((i) => remainders[i] > 0n)
    .sort((a, b) => compareDesc(remainders[a], remainders[b]) || claims[a].rank - claims[b].rank);
  for (const i of byRemainder) {
    if (leftover === 0n) break;
    cents[i] += 1n;
    leftover -= 1n;
  }

  return claims.map(({ key }, i) => ({ key, cents: cents[i] }));
}

function validate<K>(claims: readonly Claim<K>[]): void {
  const ranks = new Set<number>();
  for (const { weight, rank } of claims) {
    if (!weight.isFinite()) throw new Error(`apportion: weight ${weight.toString()} is not a finite number`);
    if (weight.lessThan(0)) throw new Error(`apportion: weight ${weight.toString()} is negative`);
    if (!Number.isSafeInteger(rank)) throw new Error(`apportion: rank ${rank} is not an integer`);
    if (ranks.has(rank)) throw new Error(`apportion: rank ${rank} is not unique`);
    ranks.add(rank);
  }
}

// Weights may come from any Decimal clone (a default one rounds arithmetic to 20 digits and prints
// exponents), so scale by rewriting the full digits as text instead of multiplying.
const PlainDecimal = Decimal.clone({ toExpNeg: -9e15, toExpPos: 9e15 });

/** Every weight times 10^(max decimal places), as exact integers. */
function scaledWeights<K>(claims: readonly Claim<K>[]): bigint[] {
  const places = claims.reduce((max, { weight }) => Math.max(max, weight.decimalPlaces()), 0);
  return claims.map(({ weight }) => {
    const [whole, fraction = ''] = new PlainDecimal(weight).toString().split('.');
    return BigInt(whole + fraction.padEnd(places, '0'));
  });
}

function compareDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
