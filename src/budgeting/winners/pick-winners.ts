import { BudgetRule } from 'src/budgeting/budgeting.enums';
import { equalShares } from 'src/budgeting/rules/equal-shares';
import { greedy } from 'src/budgeting/rules/greedy';
import type { BudgetElection, BudgetOutcome } from 'src/budgeting/rules/types';

/** The round's rule applied to its election. */
export function pickWinners(rule: BudgetRule, election: BudgetElection): BudgetOutcome {
  return rule === BudgetRule.GREEDY ? greedy(election) : equalShares(election);
}
