import { Fraction } from 'src/common/money/fraction';
import type { BudgetElection } from './types';

/**
 * The Method of Equal Shares with cost utilities on approval ballots, exact.
 *
 * Voters with the same groups and the same ballot are interchangeable, so they are collapsed into
 * one voter type with a count. Voters with equal budgets stay interchangeable too, so a type's
 * budget is an index into a table of distinct budget values, and a project is priced from its
 * supporters counted per budget index.
 */
export interface MesProfile {
  projects: { id: string; cost: bigint }[];
  /** Per voter type: how many voters, and their share of a run's pool (Σ over their groups of w_g / (W · N_g)). */
  types: { groups: string[]; count: number; shareOfPool: Fraction }[];
  /** The distinct shares of the pool (one per combination of groups), and each type's index among them. */
  shares: Fraction[];
  shareOf: Int32Array;
  /** Per project: its supporters counted per share, which prices it at the start of every run. */
  histograms: Float64Array[];
  /** Per voter type: how many voters (as doubles, for the counting loops). */
  typeCounts: Float64Array;
  /** Per project: the voter types approving it. */
  supporters: Int32Array[];
  /** overlaps[p * projects + q]: 1 when some voter approves both p and q. */
  overlaps: Uint8Array;
  /** Per project: raw approvals (voters). */
  approvals: number[];
  voters: number;
}

export function mesProfile(election: BudgetElection): MesProfile {
  const indexOf = new Map(election.projects.map((p, i) => [p.id, i]));
  const groupSize = new Map<string, number>();
  for (const voter of election.voters) for (const g of voter.groups) groupSize.set(g, (groupSize.get(g) ?? 0) + 1);
  // Only groups with a voter are active: the pool is split among them by weight.
  const totalWeight = [...groupSize.keys()].reduce((sum, g) => sum.plus(election.groupWeights.get(g)!), Fraction.ZERO);
  const typeOf = new Map<string, number>();
  const types: MesProfile['types'] = [];
  const supporters: number[][] = election.projects.map(() => []);
  const overlaps = new Uint8Array(election.projects.length * election.projects.length);
  const approvals = new Array<number>(election.projects.length).fill(0);
  for (const voter of election.voters) {
    const ballot = voter.approvals.map((id) => indexOf.get(id)!).sort((a, b) => a - b);
    const groups = [...voter.groups].sort();
    const key = `${groups.join(',')}|${ballot.join(',')}`;
    let type = typeOf.get(key);
    if (type === undefined) {
      type = types.length;
      typeOf.set(key, type);
      const shareOfPool = groups.reduce((sum, g) => sum.plus(election.groupWeights.get(g)!.dividedBy(totalWeight.times(Fraction.of(groupSize.get(g)!)))), Fraction.ZERO);
      types.push({ groups, count: 0, shareOfPool });
      for (const p of ballot) {
        supporters[p].push(type);
        for (const q of ballot) overlaps[p * election.projects.length + q] = 1;
      }
    }
    types[type].count++;
    for (const p of ballot) approvals[p]++;
  }
  const shares: Fraction[] = [];
  const shareOf = Int32Array.from(types, (type) => {
    const index = shares.findIndex((share) => share.eq(type.shareOfPool));
    return index >= 0 ? index : shares.push(type.shareOfPool) - 1;
  });
  const histograms = supporters.map((list) => {
    const histogram = new Float64Array(shares.length);
    for (const t of list) histogram[shareOf[t]] += types[t].count;
    return histogram;
  });
  return {
    projects: election.projects.map((p) => ({ id: p.id, cost: p.cost })),
    types,
    shares,
    shareOf,
    histograms,
    typeCounts: Float64Array.from(types, (t) => t.count),
    supporters: supporters.map((list) => Int32Array.from(list)),
    overlaps,
    approvals,
    voters: election.voters.length,
  };
}

export interface MesRunResult {
  /** Project indexes in the order they were picked. */
  picked: number[];
  /** Per picked project: the most any supporter paid (the price per supporter, q). */
  price: Map<number, Fraction>;
  spent: bigint;
  /** What each project's supporters had left when the run ended (cents, exact). */
  supportersLeft(project: number): Fraction;
  /** What one voter of a type had left when the run ended (cents, exact). */
  leftOf(type: number): Fraction;
}

/** An exact price per supporter in the run's scaled units: `remaining / payers`, both integers. */
interface ExactPrice {
  project: number;
  remaining: bigint;
  payers: bigint;
}

/** A candidate as screened in floating point: its price per unit of cost, a lower bound once stale. */
interface Candidate {
  project: number;
  ratio: number;
}

/** Relative distance under which two floating-point figures are treated as tied and settled exactly. */
const NEAR = 1e-9;

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** num / den as a double, also when either is beyond a double's range. */
function toFloat(num: bigint, den: bigint): number {
  const direct = Number(num) / Number(den);
  if (Number.isFinite(direct) && direct !== 0) return direct;
  if (num === 0n) return 0;
  const shift = BigInt(Math.max(0, den.toString(2).length - 1000));
  return Number(num >> shift) / Number(den >> shift);
}

/**
 * Runs MES with every voter's budget drawn from a pool of `pool` cents.
 *
 * Exact, and fast enough for add1's hundreds of runs:
 * - Every budget is an integer over one common denominator `scale` (cents × scale). A price
 *   `remaining / payers` is a quotient of integers; paying it multiplies the scale by
 *   `payers / gcd(remaining, payers)`. A stored budget is brought to the current scale when read.
 * - Candidates are screened with doubles (each budget also kept as a double); whenever two are
 *   within 1e-9 of each other, or a project is that close to (un)affordable, it is settled with
 *   the exact integers. Doubles here err by far less than 1e-9, so every decision is the exact one.
 * - Budgets only fall, so a project's last price is a lower bound of its price now: a project is
 *   re-priced only when it comes first and one of its supporters has paid since (lazy evaluation).
 */
export function mesRun(profile: MesProfile, pool: bigint): MesRunResult {
  const starts = profile.shares.map((share) => Fraction.of(pool).times(share));
  let scale = starts.reduce((lcm, f) => (lcm * f.den) / gcd(lcm, f.den), 1n);
  // The budget table: index 0 is the empty budget, 1… the starting budgets of each share; voters
  // with equal budgets share an index. floats[id] is the budget in cents as a double.
  const values: bigint[] = [0n, ...starts.map((start) => (start.num * scale) / start.den)];
  const floats: number[] = [0, ...starts.map((start) => toFloat(start.num, start.den))];
  // The scale only grows (by whole factors), once per payment: a stored budget remembers the
  // payment count (epoch) of its scale and is brought up to the current scale when read.
  const epochScales: bigint[] = [scale];
  const epochOf: number[] = values.map(() => 0);
  const upscale = new Map<number, bigint>();
  const exact = (id: number): bigint => {
    const epoch = epochOf[id];
    const current = epochScales.length - 1;
    if (epoch !== current) {
      let factor = upscale.get(epoch);
      if (factor === undefined) upscale.set(epoch, (factor = scale / epochScales[epoch]));
      values[id] *= factor;
      epochOf[id] = current;
    }
    return values[id];
  };
  const budgetOf = new Int32Array(profile.shareOf.length);
  for (let t = 0; t < budgetOf.length; t++) budgetOf[t] = profile.shareOf[t] + 1;

  let counts = new Float64Array(values.length);
  /** Scratch for a payment: where each budget index moves to (-1: not yet seen). */
  let moved = new Int32Array(values.length).fill(-1);
  const typeCounts = profile.typeCounts;
  const costs = profile.projects.map((p) => p.cost);

  /** Counts a project's supporters per budget index into `counts`; returns the indexes touched. */
  const collect = (project: number): number[] => {
    const touched: number[] = [];
    for (const t of profile.supporters[project]) {
      const id = budgetOf[t];
      if (id === 0) continue;
      if (counts[id] === 0) touched.push(id);
      counts[id] += typeCounts[t];
    }
    return touched;
  };
  const collectStart = (project: number): number[] => {
    const touched: number[] = [];
    profile.histograms[project].forEach((count, share) => {
      if (count === 0) return;
      touched.push(share + 1);
      counts[share + 1] = count;
    });
    return touched;
  };
  const clear = (touched: number[]) => {
    for (const id of touched) counts[id] = 0;
  };

  /** The price per unit of cost in doubles; null when the supporters surely cannot pay; NaN when too close to call. */
  const screen = (project: number, touched: number[]): number | null => {
    const cost = Number(costs[project]);
    let total = 0;
    for (const id of touched) total += floats[id] * counts[id];
    if (total < cost * (1 - NEAR)) return null;
    if (total <= cost * (1 + NEAR)) return Number.NaN;
    // Σ min(b, q) = cost: start with everyone paying alike and drop those who cannot, until none drops
    // (q only rises, so a voter found short stays short). No sort: usually two or three passes.
    let remaining = cost;
    let payers = touched.reduce((sum, id) => sum + counts[id], 0);
    let rich = touched;
    for (;;) {
      const q = remaining / payers;
      const next: number[] = [];
      for (const id of rich) {
        if (floats[id] < q) {
          remaining -= floats[id] * counts[id];
          payers -= counts[id];
        } else next.push(id);
      }
      if (next.length === rich.length) break;
      rich = next;
    }
    return remaining / payers / cost;
  };

  /** The exact price, or null when the supporters cannot pay the cost. */
  const solve = (project: number, touched: number[]): ExactPrice | null => {
    // The same passes as in `screen`, on the integers: b < q exactly when b · payers < remaining.
    let remaining = costs[project] * scale;
    let payers = BigInt(touched.reduce((sum, id) => sum + counts[id], 0));
    let rich = touched;
    while (payers > 0n) {
      const next: number[] = [];
      for (const id of rich) {
        if (exact(id) * payers < remaining) {
          remaining -= values[id] * BigInt(counts[id]);
          payers -= BigInt(counts[id]);
        } else next.push(id);
      }
      if (next.length === rich.length) return { project, remaining, payers };
      rich = next;
    }
    return null;
  };
  const exactPrice = (project: number): ExactPrice | null => {
    const touched = collect(project);
    const price = solve(project, touched);
    clear(touched);
    return price;
  };

  // Lower price per unit of cost first (the higher effective vote count), then lower cost, more approvals, earlier.
  const tieBreak = (a: number, b: number): number =>
    costs[a] !== costs[b] ? (costs[a] < costs[b] ? -1 : 1) : profile.approvals[a] !== profile.approvals[b] ? profile.approvals[b] - profile.approvals[a] : a - b;
  const better = (a: ExactPrice, b: ExactPrice): boolean => {
    const left = a.remaining * b.payers * costs[b.project];
    const right = b.remaining * a.payers * costs[a.project];
    return left !== right ? left < right : tieBreak(a.project, b.project) < 0;
  };

  const candidates: Candidate[] = [];
  const stale = new Set<number>();
  for (let p = 0; p < profile.projects.length; p++) {
    const touched = collectStart(p);
    const ratio = screen(p, touched);
    clear(touched);
    if (ratio === null) continue;
    candidates.push({ project: p, ratio: Number.isNaN(ratio) ? 0 : ratio });
    // Too close to call: settle it exactly when it comes first.
    if (Number.isNaN(ratio)) stale.add(p);
  }
  const picked: number[] = [];
  const prices = new Map<number, Fraction>();
  let spent = 0n;
  while (candidates.length) {
    let best = 0;
    for (let i = 1; i < candidates.length; i++) {
      const [c, b] = [candidates[i], candidates[best]];
      if (c.ratio < b.ratio || (c.ratio === b.ratio && tieBreak(c.project, b.project) < 0)) best = i;
    }
    // Everything within reach of the first must be current before the exact comparison.
    const near = candidates.filter((c) => c.ratio <= candidates[best].ratio * (1 + NEAR));
    const outdated = near.find((c) => stale.has(c.project));
    if (outdated) {
      stale.delete(outdated.project);
      const touched = collect(outdated.project);
      const ratio = screen(outdated.project, touched);
      clear(touched);
      if (ratio === null) candidates.splice(candidates.indexOf(outdated), 1);
      else if (Number.isNaN(ratio)) {
        const price = exactPrice(outdated.project);
        if (price) outdated.ratio = toFloat(price.remaining, price.payers * scale) / Number(costs[outdated.project]);
        else candidates.splice(candidates.indexOf(outdated), 1);
      } else outdated.ratio = ratio;
      continue;
    }
    let winner: ExactPrice | null = null;
    for (const c of near) {
      const price = exactPrice(c.project);
      if (!price) {
        candidates.splice(candidates.indexOf(c), 1);
        continue;
      }
      if (!winner || better(price, winner)) winner = price;
    }
    if (!winner) continue;
    const chosen = winner;
    candidates.splice(
      candidates.findIndex((c) => c.project === chosen.project),
      1,
    );
    picked.push(chosen.project);
    prices.set(chosen.project, new Fraction(chosen.remaining, chosen.payers * scale));
    spent += costs[chosen.project];
    pay(chosen);
  }

  function pay({ project, remaining, payers }: ExactPrice): void {
    const factor = payers / gcd(remaining, payers);
    const q = (remaining * factor) / payers;
    scale *= factor;
    epochScales.push(scale);
    upscale.clear();
    if (moved.length < values.length) moved = new Int32Array(values.length * 2).fill(-1);
    const touched: number[] = [];
    for (const t of profile.supporters[project]) {
      const id = budgetOf[t];
      if (id === 0) continue;
      let next = moved[id];
      if (next === -1) {
        touched.push(id);
        const value = exact(id);
        if (value <= q) next = 0;
        else {
          next = values.push(value - q) - 1;
          epochOf.push(epochScales.length - 1);
          floats.push(toFloat(value - q, scale));
        }
        moved[id] = next;
      }
      budgetOf[t] = next;
    }
    for (const id of touched) moved[id] = -1;
    if (counts.length < values.length) counts = new Float64Array(values.length * 2);
    // Every project sharing a supporter whose budget changed may now cost its supporters more.
    const n = profile.projects.length;
    for (const c of candidates) if (profile.overlaps[project * n + c.project]) stale.add(c.project);
  }

  return {
    picked,
    price: prices,
    spent,
    supportersLeft: (project) => new Fraction(profile.supporters[project].reduce((sum, t) => sum + exact(budgetOf[t]) * BigInt(profile.types[t].count), 0n), scale),
    leftOf: (type) => new Fraction(exact(budgetOf[type]), scale),
  };
}
