import { BudgetRule } from './budgeting.enums';
import { equalShares } from './rules/equal-shares';
import { greedy } from './rules/greedy';
import type { BudgetElection, BudgetOutcome } from './rules/types';

/** The round's rule applied to its election. */
export function pickWinners(rule: BudgetRule, election: BudgetElection): BudgetOutcome {
  return rule === BudgetRule.GREEDY ? greedy(election) : equalShares(election);
}
