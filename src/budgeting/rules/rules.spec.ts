import { Fraction } from 'src/common/money/fraction';
import { equalShares, equalSharesAdd1 } from './equal-shares';
import { greedy } from './greedy';
import { mesProfile, mesRun } from './mes';
import type { BudgetElection, BudgetVoter } from './types';
import { formatCentsGrouped } from './words';

const QUARTER = new Fraction(1n, 4n);
const voters = (n: number, group: string, approvals: string[], prefix = group): BudgetVoter[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, groups: [group], approvals }));
const election = (pool: bigint, costs: Record<string, bigint>, ballots: BudgetVoter[], weights: Record<string, Fraction> = { ALL: Fraction.ONE }): BudgetElection => ({
  pool,
  projects: Object.entries(costs).map(([id, cost]) => ({ id, cost })),
  voters: ballots,
  groupWeights: new Map(Object.entries(weights)),
  currencyUnit: 100n,
});

/** DOMAIN.md worked example S3: pool 100.00, A, B, C at 50.00; workers 2 × {C}; users 6 × {A, B} and 2 × {A}. */
const S3 = election(10000n, { A: 5000n, B: 5000n, C: 5000n }, [...voters(2, 'WORKER', ['C']), ...voters(6, 'USER', ['A', 'B']), ...voters(2, 'USER', ['A'], 'USER-A')], {
  WORKER: QUARTER,
  USER: QUARTER,
});

describe('worked example S3', () => {
  it('head-count greedy (one group) picks {A, B}: the workers get nothing', () => {
    const headCount = { ...S3, voters: S3.voters.map((v) => ({ ...v, groups: ['ALL'] })), groupWeights: new Map([['ALL', Fraction.ONE]]) };
    expect(greedy(headCount).selected).toEqual(['A', 'B']);
  });

  it('GREEDY: S(A) = S(C) = 1/2 > S(B) = 3/8; A was proposed first, so A then C', () => {
    const outcome = greedy(S3);
    expect(outcome.selected).toEqual(['A', 'C']);
    expect(outcome.spent).toBe(10000n);
    expect(outcome.explanations.map((e) => e.reason)).toEqual([
      'Picked with a weighted approval share of 1/2; it cost 50.00.',
      'It did not fit: 0.00 was left against a cost of 50.00.',
      'Picked with a weighted approval share of 1/2; it cost 50.00.',
    ]);
  });

  it('EQUAL_SHARES, first run: every worker has 25.00 and every user 6.25; A then C', () => {
    const profile = mesProfile(S3);
    const run = mesRun(profile, 10000n);
    const budgets = profile.types.map((t) => Fraction.of(10000n).times(t.shareOfPool).toString());
    expect(budgets.sort()).toEqual(['2500', '625', '625']);
    expect(run.picked.map((i) => profile.projects[i].id)).toEqual(['A', 'C']);
    expect(run.price.get(0)!.toString()).toBe('625');
    expect(run.price.get(2)!.toString()).toBe('2500');
    expect(run.supportersLeft(1).toString()).toBe('0');
  });

  it('EQUAL_SHARES with add1: {A, C} until the users could afford B, then {A, B, C} overspends', () => {
    const outcome = equalShares(S3);
    expect(outcome.selected).toEqual(['A', 'C']);
    expect(outcome.spent).toBe(10000n);
    // Runs with pools 100.00, 110.00, …, 240.00: the 15th (240.00, users 15.00 each) picks B too.
    expect(outcome.mesRuns).toBe(15);
    expect(outcome.perVoterBudget!.toString()).toBe('23');
    const b = outcome.explanations[1];
    expect(b).toEqual({ projectId: 'B', selected: false, approvals: 6, supportersLeft: 4875n, reason: 'Its supporters had 48.75 left against a cost of 50.00.' });
  });
});

describe('GREEDY', () => {
  it('breaks a tie in share by the lower cost, then by the earlier project', () => {
    const ballots = [{ id: '1', groups: ['ALL'], approvals: ['x', 'y', 'z'] }];
    expect(greedy(election(300n, { x: 200n, y: 100n, z: 100n }, ballots)).selected).toEqual(['y', 'z']);
  });
  it('skips a project that does not fit and funds a later one that does; funds nothing no one voted for', () => {
    const ballots = [...voters(3, 'ALL', ['big']), ...voters(2, 'ALL', ['mid']), ...voters(1, 'ALL', ['small'])];
    const outcome = greedy(election(1000n, { big: 700n, mid: 400n, small: 300n, none: 1n }, ballots));
    expect(outcome.selected).toEqual(['big', 'small']);
    expect(outcome.explanations.find((e) => e.projectId === 'mid')!.reason).toBe('It did not fit: 3.00 was left against a cost of 4.00.');
    expect(outcome.explanations.find((e) => e.projectId === 'none')!.reason).toBe('No one voted for it.');
  });
});

describe('EQUAL_SHARES', () => {
  it('breaks a tie in effective votes by the lower cost, then more approvals, then the earlier project', () => {
    // Each project's two supporters pay half its cost: an effective vote count of 2 for all three.
    const tied = election(6000n, { p: 2000n, q: 1000n, r: 1000n }, [...voters(2, 'ALL', ['p'], 'p'), ...voters(2, 'ALL', ['q'], 'q'), ...voters(2, 'ALL', ['r'], 'r')]);
    const profile = mesProfile(tied);
    expect(mesRun(profile, 6000n).picked.map((i) => profile.projects[i].id)).toEqual(['q', 'r', 'p']);
    // r's third supporter votes in a group of weight 0 and has no money: both pay with two voters, r has more approvals.
    const approvals = election(2000n, { q: 1000n, r: 1000n }, [...voters(2, 'G1', ['q'], 'q'), ...voters(2, 'G1', ['r'], 'r'), ...voters(1, 'G0', ['r'], 'r0')], {
      G1: Fraction.ONE,
      G0: Fraction.ZERO,
    });
    const byApprovals = mesProfile(approvals);
    expect(mesRun(byApprovals, 2000n).picked.map((i) => byApprovals.projects[i].id)).toEqual(['r', 'q']);
  });

  it('stops add1 at the first outcome that overspends, even if a later one would fit again', () => {
    // Run 0: one voter per project cannot pay 6.00 from 5.00: nothing. Raised to 6.00 each, both are
    // picked (12.00 > 10.00): the search stops and keeps run 0, which a greedy completion then fills.
    const outcome = equalShares(election(1000n, { a: 600n, b: 600n }, [...voters(1, 'ALL', ['a'], 'a'), ...voters(1, 'ALL', ['b'], 'b')]));
    expect(outcome.mesRuns).toBe(2);
    expect(outcome.perVoterBudget!.toString()).toBe('5');
    expect(outcome.selected).toEqual(['a']);
    expect(outcome.explanations[0].reason).toBe('Picked to use leftover money: it had the most approvals among the projects that still fit.');
  });

  it('ends add1 once every supported project is picked', () => {
    const result = equalSharesAdd1(election(100000n, { a: 100n }, voters(3, 'ALL', ['a'])));
    expect(result.runs).toBe(1);
  });

  it('picks nothing without voters', () => {
    const outcome = equalShares(election(1000n, { a: 100n }, []));
    expect(outcome).toMatchObject({ selected: [], spent: 0n, perVoterBudget: null });
    expect(outcome.explanations[0].reason).toBe('No one voted for it.');
  });
});

describe('formatCentsGrouped', () => {
  it.each([
    [0n, '0.00'],
    [5n, '0.05'],
    [4999800n, '49,998.00'],
    [123456789n, '1,234,567.89'],
    [-100000n, '-1,000.00'],
  ])('%s cents → %s', (cents, text) => expect(formatCentsGrouped(cents)).toBe(text));
});
