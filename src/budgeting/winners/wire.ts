import { Fraction } from 'src/common/money/fraction';
import type { BudgetElection, BudgetOutcome } from 'src/budgeting/rules/types';

// Elections and outcomes cross to a worker thread by structured clone, which keeps bigints but not
// classes: the fractions travel as "n/d" text.

export type WireElection = Omit<BudgetElection, 'groupWeights'> & { groupWeights: [string, string][] };
export type WireOutcome = Omit<BudgetOutcome, 'perVoterBudget'> & { perVoterBudget: string | null };

export const toWireElection = (election: BudgetElection): WireElection => ({
  ...election,
  groupWeights: [...election.groupWeights].map(([group, weight]) => [group, weight.toString()]),
});

export const fromWireElection = (wire: WireElection): BudgetElection => ({
  ...wire,
  groupWeights: new Map(wire.groupWeights.map(([group, weight]) => [group, Fraction.parse(weight)])),
});

export const toWireOutcome = (outcome: BudgetOutcome): WireOutcome => ({ ...outcome, perVoterBudget: outcome.perVoterBudget?.toString() ?? null });

export const fromWireOutcome = (wire: WireOutcome): BudgetOutcome => ({ ...wire, perVoterBudget: wire.perVoterBudget === null ? null : Fraction.parse(wire.perVoterBudget) });
