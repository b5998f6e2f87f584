import { Fraction } from 'src/common/money/fraction';
import { equalShares } from 'src/budgeting/rules/equal-shares';
import { greedy } from 'src/budgeting/rules/greedy';
import { mesProfile, mesRun } from 'src/budgeting/rules/mes';
import type { BudgetElection } from 'src/budgeting/rules/types';
import { Figure, figure } from './support';

const VOTERS = 6_500;
const PROJECTS = 64;
const POOL_CENTS = 4_000_000_00n;

/** A small seeded generator (mulberry32), so every run measures the same instance. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 6,500 approval ballots on 64 projects costing 10,000.00 to 300,000.00 against a 4,000,000.00
 * pool, in four classes of uneven size (5%, 10%, 35%, 50%) with equal weights. Popularity is skewed
 * (project k is approved with a weight of 1/(k+1)^0.8) and each class leans to its own projects; a
 * voter approves 1 to 10 projects.
 */
export function benchElection(): BudgetElection {
  const next = random(2023);
  const projects = Array.from({ length: PROJECTS }, (_, i) => ({ id: `p${i}`, cost: BigInt(Math.round(10_000 + next() * 290_000)) * 100n }));
  const classes = ['FOUNDER', 'FUNDER', 'WORKER', 'USER'];
  const sizes = [0.05, 0.1, 0.35, 0.5];
  const popularity = projects.map((_, k) => 1 / Math.pow(k + 1, 0.8));
  const voters = Array.from({ length: VOTERS }, (_, i) => {
    const r = i / VOTERS;
    const group = r < sizes[0] ? 0 : r < sizes[0] + sizes[1] ? 1 : r < sizes[0] + sizes[1] + sizes[2] ? 2 : 3;
    // Each class favours the projects whose index is its own modulo 4.
    const weights = popularity.map((w, k) => (k % 4 === group ? w * 3 : w));
    const total = weights.reduce((a, b) => a + b, 0);
    const approvals = new Set<string>();
    const count = 1 + Math.floor(next() * 10);
    while (approvals.size < count) {
      let pick = next() * total;
      let k = 0;
      while (pick > weights[k]) pick -= weights[k++];
      approvals.add(`p${Math.min(k, PROJECTS - 1)}`);
    }
    return { id: `v${i}`, groups: [classes[group]], approvals: [...approvals] };
  });
  return { pool: POOL_CENTS, projects, voters, groupWeights: new Map(classes.map((c) => [c, new Fraction(1n, 4n)])), currencyUnit: 100n };
}

function time<T>(work: () => T): { ms: number; result: T } {
  const started = process.hrtime.bigint();
  const result = work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

function medianOf(runs: number, work: () => unknown): number {
  const times = Array.from({ length: runs }, () => time(work).ms).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

/**
 * The Method of Equal Shares with add1 and greedy completion on a 6,500-voter, 64-project instance
 * (target: under 2 s), against one MES run on the same instance measured in the same process.
 */
export async function equalSharesBench(): Promise<Figure[]> {
  const election = benchElection();
  equalShares(election); // warm-up
  const single = medianOf(5, () => mesRun(mesProfile(election), election.pool));
  const { result } = time(() => equalShares(election));
  const full = medianOf(3, () => equalShares(election));
  const greedyMs = medianOf(5, () => greedy(election));
  return Promise.resolve([
    figure('equal-shares-add1', full, single, 'ms<2000', (ms) => ms < 2000, {
      voters: VOTERS,
      projects: PROJECTS,
      mesRuns: result.mesRuns,
      winners: result.selected.length,
      spent: (Number(result.spent) / 100).toFixed(2),
      pool: (Number(election.pool) / 100).toFixed(2),
      baseline: 'one MES run (profile included) on the same instance',
      greedyMs: Math.round(greedyMs * 100) / 100,
    }),
  ]);
}
