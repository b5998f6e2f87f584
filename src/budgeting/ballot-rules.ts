import Decimal from 'decimal.js';
import type { FieldProblem } from 'src/common/errors/domain-error';
import { toCents } from 'src/common/money/decimal';
import { BudgetRoundMode } from './budgeting.enums';
import type { OpenBudgetRoundInput } from './dto/budgeting.inputs';

/** The terms of a round that only one mode has, checked when it opens. */
export function roundTermProblems(input: OpenBudgetRoundInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if ((input.mode ?? BudgetRoundMode.CONTRIBUTIONS) === BudgetRoundMode.CONTRIBUTIONS) {
    for (const field of ['rule', 'classes', 'ballotRules'] as const) if (input[field] !== undefined && input[field] !== null) problems.push({ field, message: 'only a BALLOT round has this' });
    return problems;
  }
  if (!input.rule) problems.push({ field: 'rule', message: 'a BALLOT round needs a rule (GREEDY or EQUAL_SHARES)' });
  if (input.maxPerMemberPerBucket) problems.push({ field: 'maxPerMemberPerBucket', message: 'a BALLOT round has no contributions to cap' });
  const rules = input.ballotRules;
  if (rules?.minProjects != null && rules.maxProjects != null && rules.minProjects > rules.maxProjects) problems.push({ field: 'ballotRules.maxProjects', message: 'must be at least minProjects' });
  if (rules?.minBudgetPercent) {
    if (!rules.knapsack) problems.push({ field: 'ballotRules.minBudgetPercent', message: 'needs knapsack: a threshold on what a ballot costs only makes sense when ballots must fit in the pool' });
    if (rules.minBudgetPercent.gt(100)) problems.push({ field: 'ballotRules.minBudgetPercent', message: 'must be at most 100' });
  }
  return problems;
}

export interface StoredBallotRules {
  minProjects: number;
  maxProjects: number | null;
  knapsack: boolean;
  minBudgetPercent: Decimal | null;
}

/** A ballot against the round's rules: the approved buckets' count and, under knapsack, their total cost. */
export function ballotProblems(rules: StoredBallotRules, poolCents: bigint, costs: readonly bigint[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (costs.length < rules.minProjects) problems.push({ field: 'bucketIds', message: `approve at least ${rules.minProjects} bucket${rules.minProjects === 1 ? '' : 's'}` });
  if (rules.maxProjects !== null && costs.length > rules.maxProjects) problems.push({ field: 'bucketIds', message: `approve at most ${rules.maxProjects} bucket${rules.maxProjects === 1 ? '' : 's'}` });
  if (rules.knapsack) {
    const total = costs.reduce((sum, cost) => sum + cost, 0n);
    if (total > poolCents) problems.push({ field: 'bucketIds', message: 'the buckets you approve must together cost at most the pool' });
    // total / pool ≥ percent / 100, compared in integers: total · 10,000 ≥ pool · (percent · 100); the percent has at most 2 decimals.
    if (rules.minBudgetPercent && total * 10_000n < poolCents * toCents(rules.minBudgetPercent)) {
      problems.push({ field: 'bucketIds', message: `the buckets you approve must together cost at least ${rules.minBudgetPercent.toString()}% of the pool` });
    }
  }
  return problems;
}
