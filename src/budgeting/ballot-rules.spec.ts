import { toDecimal } from 'src/common/money/decimal';
import { ballotProblems } from './ballot-rules';

const rules = { minProjects: 1, maxProjects: 2, knapsack: true, minBudgetPercent: toDecimal('70') };

describe('ballotProblems', () => {
  it('accepts a ballot within every rule', () => {
    expect(ballotProblems(rules, 10000n, [5000n, 2000n])).toEqual([]);
  });
  it('counts buckets against minProjects and maxProjects', () => {
    expect(ballotProblems({ ...rules, knapsack: false }, 10000n, [])).toEqual([{ field: 'bucketIds', message: 'approve at least 1 bucket' }]);
    expect(ballotProblems({ ...rules, knapsack: false }, 10000n, [1n, 1n, 1n])).toEqual([{ field: 'bucketIds', message: 'approve at most 2 buckets' }]);
  });
  it('holds a knapsack ballot to the pool and to the threshold, exactly at the edges', () => {
    expect(ballotProblems(rules, 10000n, [5000n, 5000n])).toEqual([]);
    expect(ballotProblems(rules, 10000n, [5000n, 5001n])[0].message).toBe('the buckets you approve must together cost at most the pool');
    expect(ballotProblems(rules, 10000n, [7000n])).toEqual([]);
    expect(ballotProblems(rules, 10000n, [6999n])[0].message).toBe('the buckets you approve must together cost at least 70% of the pool');
  });
  it('ignores costs without knapsack', () => {
    expect(ballotProblems({ ...rules, knapsack: false, minBudgetPercent: null }, 10000n, [50000n])).toEqual([]);
  });
});
