import type { BudgetElection, BudgetProject } from './types';

/** The election indexed for the rules: project positions, and each project's raw approval count. */
export interface IndexedElection {
  projects: readonly BudgetProject[];
  indexOf: ReadonlyMap<string, number>;
  approvals: number[];
}

export function indexElection(election: BudgetElection): IndexedElection {
  const indexOf = new Map(election.projects.map((p, i) => [p.id, i]));
  const approvals = new Array<number>(election.projects.length).fill(0);
  for (const voter of election.voters) for (const id of voter.approvals) approvals[indexOf.get(id)!]++;
  return { projects: election.projects, indexOf, approvals };
}

/**
 * Greedy completion and the GREEDY rule share this walk: take the projects in the given order and
 * fund each that still fits in what is left. Returns the picked indexes and what was left before each.
 */
export function fundInOrder(order: readonly number[], costs: readonly bigint[], available: bigint): { picked: number[]; leftBefore: Map<number, bigint> } {
  const picked: number[] = [];
  const leftBefore = new Map<number, bigint>();
  let left = available;
  for (const i of order) {
    leftBefore.set(i, left);
    if (costs[i] <= left) {
      picked.push(i);
      left -= costs[i];
    }
  }
  return { picked, leftBefore };
}

/** Ascending cost, then the earlier project: the tie-break both rules end with. */
export const byCostThenOrder = (costs: readonly bigint[]) => (a: number, b: number) => (costs[a] < costs[b] ? -1 : costs[a] > costs[b] ? 1 : a - b);
