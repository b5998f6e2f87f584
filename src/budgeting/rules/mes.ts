import { Fraction } from 'src/common/money/fraction';
import type { BudgetElection } from './types';

/**
 * One run of the Method of Equal Shares with cost utilities on approval ballots, exact.
 *
 * Voters with the same groups and the same ballot are interchangeable, so they are collapsed into
 * one voter type with a count. Voters with equal budgets stay interchangeable too, so a type's
 * budget is an index into a small table of distinct budget values: a project's price per supporter
 * is worked out from a histogram of those values, and the few Fraction operations it needs.
 */
export interface MesProfile {
  projects: { id: string; cost: bigint }[];
  /** Per voter type: how many voters, and their share of a run's pool (Σ over their groups of w_g / (W · N_g)). */
  types: { groups: string[]; count: number; shareOfPool: Fraction }[];
  /** Per project: the voter types approving it. */
  supporters: number[][];
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
      for (const p of ballot) supporters[p].push(type);
    }
    types[type].count++;
    for (const p of ballot) approvals[p]++;
  }
  return { projects: election.projects.map((p) => ({ id: p.id, cost: p.cost })), types, supporters, approvals, voters: election.voters.length };
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

/** A project's candidacy: its price per supporter, or null when its supporters cannot pay its cost. */
interface Candidate {
  project: number;
  price: Fraction;
}

/** Runs MES with every voter's budget drawn from a pool of `pool` cents. */
export function mesRun(profile: MesProfile, pool: bigint): MesRunResult {
  const poolFraction = Fraction.of(pool);
  // The budget table: index 0 is the empty budget.
  const values: Fraction[] = [Fraction.ZERO];
  const initial = new Map<string, number>();
  const budgetOf = new Int32Array(profile.types.length);
  profile.types.forEach((type, t) => {
    const key = type.shareOfPool.toString();
    let id = initial.get(key);
    if (id === undefined) {
      id = values.push(poolFraction.times(type.shareOfPool)) - 1;
      initial.set(key, id);
    }
    budgetOf[t] = id;
  });

  const counts: number[] = [];
  const price = (project: number): Fraction | null => {
    const cost = Fraction.of(profile.projects[project].cost);
    const touched: number[] = [];
    for (const t of profile.supporters[project]) {
      const id = budgetOf[t];
      if (id === 0) continue;
      if (!counts[id]) touched.push(id);
      counts[id] = (counts[id] ?? 0) + profile.types[t].count;
    }
    touched.sort((a, b) => values[a].compare(values[b]));
    let remaining = cost;
    let rich = touched.reduce((sum, id) => sum + counts[id], 0);
    let result: Fraction | null = null;
    for (const id of touched) {
      const richBudget = values[id].times(Fraction.of(rich));
      if (richBudget.gte(remaining)) {
        result = remaining.dividedBy(Fraction.of(rich));
        break;
      }
      remaining = remaining.minus(values[id].times(Fraction.of(counts[id])));
      rich -= counts[id];
    }
    for (const id of touched) counts[id] = 0;
    return result;
  };

  const costs = profile.projects.map((p) => p.cost);
  // Lower price per unit of cost first (the higher effective vote count), then lower cost, more approvals, earlier.
  const better = (a: Candidate, b: Candidate): boolean => {
    const byRatio = a.price.times(Fraction.of(costs[b.project])).compare(b.price.times(Fraction.of(costs[a.project])));
    if (byRatio !== 0) return byRatio < 0;
    if (costs[a.project] !== costs[b.project]) return costs[a.project] < costs[b.project];
    if (profile.approvals[a.project] !== profile.approvals[b.project]) return profile.approvals[a.project] > profile.approvals[b.project];
    return a.project < b.project;
  };

  // Budgets only fall, so a project's last known price is a lower bound of its price now (lazy re-evaluation).
  const candidates: Candidate[] = [];
  for (let p = 0; p < profile.projects.length; p++) {
    const q = price(p);
    if (q) candidates.push({ project: p, price: q });
  }
  const picked: number[] = [];
  const prices = new Map<number, Fraction>();
  let spent = 0n;
  const stale = new Set<number>();
  while (candidates.length) {
    let best = 0;
    for (let i = 1; i < candidates.length; i++) if (better(candidates[i], candidates[best])) best = i;
    const head = candidates[best];
    if (stale.has(head.project)) {
      stale.delete(head.project);
      const q = price(head.project);
      if (q) head.price = q;
      else candidates.splice(best, 1);
      continue;
    }
    candidates.splice(best, 1);
    picked.push(head.project);
    prices.set(head.project, head.price);
    spent += costs[head.project];
    pay(head.project, head.price);
  }

  function pay(project: number, q: Fraction): void {
    const moved = new Map<number, number>();
    for (const t of profile.supporters[project]) {
      const id = budgetOf[t];
      if (id === 0) continue;
      let next = moved.get(id);
      if (next === undefined) {
        next = values[id].compare(q) <= 0 ? 0 : values.push(values[id].minus(q)) - 1;
        moved.set(id, next);
      }
      budgetOf[t] = next;
    }
    // Every project sharing a supporter whose budget changed may now cost its supporters more.
    const changed = new Set(profile.supporters[project]);
    for (const c of candidates) if (profile.supporters[c.project].some((t) => changed.has(t))) stale.add(c.project);
  }

  return {
    picked,
    price: prices,
    spent,
    supportersLeft: (project) => profile.supporters[project].reduce((sum, t) => sum.plus(values[budgetOf[t]].times(Fraction.of(profile.types[t].count))), Fraction.ZERO),
    leftOf: (type) => values[budgetOf[type]],
  };
}
