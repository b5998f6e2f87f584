import type { Fraction } from 'src/common/money/fraction';

/**
 * The input of a rule that picks a ballot round's winners. Pure data: the rules in this folder know
 * nothing of the database, GraphQL or Pabulib. Money is in integer minor units (cents).
 */
export interface BudgetElection {
  /** The money to spend, in cents. */
  pool: bigint;
  /** Candidate projects (approved buckets), in the order they were proposed. */
  projects: readonly BudgetProject[];
  voters: readonly BudgetVoter[];
  /**
   * The vote weight of every group of the round's electorate (stakeholder classes; a Pabulib file
   * without a class column has one group). A group with no voter is not active and gets no money.
   */
  groupWeights: ReadonlyMap<string, Fraction>;
  /** One currency unit in cents (100): the step by which "add1" raises every voter's budget. */
  currencyUnit: bigint;
}

export interface BudgetProject {
  id: string;
  /** Cost in cents, > 0. */
  cost: bigint;
}

export interface BudgetVoter {
  id: string;
  /** The groups (classes) the voter votes in; a member in two classes gets both parts. Non-empty. */
  groups: readonly string[];
  /** Ids of the approved projects, without duplicates. */
  approvals: readonly string[];
}

export type BudgetRuleName = 'GREEDY' | 'EQUAL_SHARES';

export interface ProjectExplanation {
  projectId: string;
  selected: boolean;
  /** Raw approval count (voters approving it). */
  approvals: number;
  /**
   * EQUAL_SHARES, losing projects: what the project's supporters had left in the final run when it
   * lost, rounded down to the cent. Null otherwise.
   */
  supportersLeft: bigint | null;
  /** One sentence a member understands, e.g. "Its supporters had 49,998.00 left against a cost of 50,000.00." */
  reason: string;
}

export interface BudgetOutcome {
  /** Winner ids in the order they were picked. */
  selected: string[];
  /** Total cost of the winners in cents; never more than the pool. */
  spent: bigint;
  /**
   * EQUAL_SHARES: the per-voter budget of the run that decided (the pool of that run divided by the
   * number of voters, exact, in currency units). Null for GREEDY and without voters.
   */
  perVoterBudget: Fraction | null;
  /** One entry per project, in the input order. */
  explanations: ProjectExplanation[];
  /** EQUAL_SHARES: how many MES runs the add1 completion took. 0 for GREEDY. */
  mesRuns: number;
}
