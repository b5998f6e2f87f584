import fc from 'fast-check';
import { Fraction } from 'src/common/money/fraction';
import { equalShares, equalSharesAdd1 } from './equal-shares';
import { greedy } from './greedy';
import { mesProfile, mesRun } from './mes';
import type { BudgetElection, BudgetOutcome } from './types';

const GROUPS = ['FOUNDER', 'FUNDER', 'WORKER', 'USER'];

/** Small random elections: up to 7 projects, 14 voters in 1 to 4 groups with weights 1 to 3. */
const elections = (groupCount: fc.Arbitrary<number> = fc.integer({ min: 1, max: 4 }), twoGroups = true): fc.Arbitrary<BudgetElection> =>
  fc
    .record({
      costs: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 7 }),
      groups: groupCount,
      weights: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
      pool: fc.integer({ min: 1, max: 150 }),
      voters: fc.array(fc.record({ approvals: fc.array(fc.nat(6), { maxLength: 7 }), group: fc.nat(3), second: fc.option(fc.nat(3), { freq: 4 }) }), { maxLength: 14 }),
    })
    .map(({ costs, groups, weights, pool, voters }) => ({
      pool: BigInt(pool) * 100n,
      projects: costs.map((cost, i) => ({ id: `p${i}`, cost: BigInt(cost) * 100n })),
      voters: voters.map((v, i) => {
        const own = [GROUPS[v.group % groups], ...(twoGroups && v.second !== null ? [GROUPS[v.second % groups]] : [])];
        return { id: `v${i}`, groups: [...new Set(own)], approvals: [...new Set(v.approvals.filter((p) => p < costs.length).map((p) => `p${p}`))] };
      }),
      groupWeights: new Map(GROUPS.slice(0, groups).map((g, i) => [g, Fraction.of(weights[i])])),
      currencyUnit: 100n,
    }));

/**
 * The standard Method of Equal Shares with cost utilities, written as plainly as possible: one
 * budget per voter, every affordable project priced each round, the cheapest price per unit of cost
 * picked (ties: lower cost, more approvals, earlier).
 */
function referenceMes(costs: bigint[], ballots: number[][], budget: Fraction): number[] {
  const budgets = ballots.map(() => budget);
  const picked: number[] = [];
  for (;;) {
    let best: { p: number; q: Fraction } | null = null;
    for (let p = 0; p < costs.length; p++) {
      if (picked.includes(p)) continue;
      const supporters = ballots.map((b, i) => (b.includes(p) ? i : -1)).filter((i) => i >= 0);
      const cost = Fraction.of(costs[p]);
      if (supporters.reduce((sum, i) => sum.plus(budgets[i]), Fraction.ZERO).lt(cost)) continue;
      const poorestFirst = [...supporters].sort((a, b) => budgets[a].compare(budgets[b]));
      let paid = Fraction.ZERO;
      let q = Fraction.ZERO;
      for (let k = 0; k < poorestFirst.length; k++) {
        q = cost.minus(paid).dividedBy(Fraction.of(poorestFirst.length - k));
        if (budgets[poorestFirst[k]].gte(q)) break;
        paid = paid.plus(budgets[poorestFirst[k]]);
      }
      if (!best) {
        best = { p, q };
        continue;
      }
      const ratio = q.times(Fraction.of(costs[best.p])).compare(best.q.times(Fraction.of(costs[p])));
      const approvals = (x: number) => ballots.filter((b) => b.includes(x)).length;
      if (ratio < 0 || (ratio === 0 && (costs[p] < costs[best.p] || (costs[p] === costs[best.p] && approvals(p) > approvals(best.p))))) best = { p, q };
    }
    if (!best) return picked;
    picked.push(best.p);
    for (let i = 0; i < ballots.length; i++) if (ballots[i].includes(best.p)) budgets[i] = budgets[i].lt(best.q) ? Fraction.ZERO : budgets[i].minus(best.q);
  }
}

/** The reference add1: the same search, on the reference method. */
function referenceAdd1(election: BudgetElection): number[] {
  const costs = election.projects.map((p) => p.cost);
  const ballots = election.voters.map((v) => v.approvals.map((id) => Number(id.slice(1))));
  const n = BigInt(ballots.length);
  if (n === 0n) return [];
  const supported = costs.filter((_, p) => ballots.some((b) => b.includes(p))).length;
  const spent = (picked: number[]) => picked.reduce((sum, p) => sum + costs[p], 0n);
  let kept = referenceMes(costs, ballots, new Fraction(election.pool, n));
  for (let k = 1n; kept.length < supported; k++) {
    const next = referenceMes(costs, ballots, new Fraction(election.pool + k * n * election.currencyUnit, n));
    if (spent(next) > election.pool) break;
    kept = next;
  }
  return kept;
}

const printable = (outcome: BudgetOutcome) => JSON.stringify(outcome, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Fraction ? v.toString() : v));

describe('ballot-round rules (properties)', () => {
  it('GREEDY and EQUAL_SHARES never spend more than the pool, and spend exactly the winners\u2019 costs', () => {
    fc.assert(
      fc.property(elections(), (election) => {
        for (const outcome of [greedy(election), equalShares(election)]) {
          const cost = outcome.selected.reduce((sum, id) => sum + election.projects.find((p) => p.id === id)!.cost, 0n);
          expect(outcome.spent).toBe(cost);
          expect(outcome.spent <= election.pool).toBe(true);
          expect(new Set(outcome.selected).size).toBe(outcome.selected.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with one group, EQUAL_SHARES with add1 is the standard method (an independent reference)', () => {
    fc.assert(
      fc.property(elections(fc.constant(1)), (election) => {
        const { profile, run } = equalSharesAdd1(election);
        expect(run.picked.map((i) => profile.projects[i].id)).toEqual(referenceAdd1(election).map((p) => `p${p}`));
      }),
      { numRuns: 300 },
    );
  });

  it("in a run, each group's voters start with exactly its part of the pool and pay at most that", () => {
    fc.assert(
      fc.property(elections(fc.integer({ min: 1, max: 4 }), false), fc.integer({ min: 1, max: 300 }), (election, poolUnits) => {
        const pool = BigInt(poolUnits) * 100n;
        const profile = mesProfile(election);
        const run = mesRun(profile, pool);
        const active = [...new Set(election.voters.flatMap((v) => v.groups))];
        const totalWeight = active.reduce((sum, g) => sum.plus(election.groupWeights.get(g)!), Fraction.ZERO);
        for (const group of active) {
          const part = Fraction.of(pool).times(election.groupWeights.get(group)!).dividedBy(totalWeight);
          // Voter types of this group (each voter is in one group here).
          const types = profile.types.map((t, i) => ({ ...t, i })).filter((t) => t.groups[0] === group);
          const start = types.reduce((sum, t) => sum.plus(Fraction.of(pool).times(t.shareOfPool).times(Fraction.of(t.count))), Fraction.ZERO);
          const left = types.reduce((sum, t) => sum.plus(run.leftOf(t.i).times(Fraction.of(t.count))), Fraction.ZERO);
          expect(start.toString()).toBe(part.toString());
          expect(start.minus(left).compare(part)).toBeLessThanOrEqual(0);
          expect(left.compare(Fraction.ZERO)).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('permuting the ballots changes nothing', () => {
    fc.assert(
      fc.property(
        elections().chain((election) => fc.tuple(fc.constant(election), fc.shuffledSubarray([...election.voters], { minLength: election.voters.length, maxLength: election.voters.length }))),
        ([election, shuffled]) => {
          const permuted = { ...election, voters: shuffled };
          expect(printable(greedy(permuted))).toBe(printable(greedy(election)));
          expect(printable(equalShares(permuted))).toBe(printable(equalShares(election)));
        },
      ),
      { numRuns: 200 },
    );
  });
});

