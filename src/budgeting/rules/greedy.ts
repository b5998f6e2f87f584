import { classWeightedApprovalShares } from 'src/governance/tally/class-weighted';
import { byCostThenOrder, fundInOrder, indexElection } from './election';
import type { BudgetElection, BudgetOutcome, ProjectExplanation } from './types';
import { formatCentsGrouped } from './words';

/**
 * GREEDY: projects in order of class-weighted approval share S(p), highest first (ties: lower cost,
 * then proposed earlier), each funded if it still fits. S(p) is the APPROVAL method's share: per
 * group, the fraction of its voters approving p, combined by the groups' vote weights.
 */
export function greedy(election: BudgetElection): BudgetOutcome {
  const { projects, approvals } = indexElection(election);
  const ids = projects.map((p) => p.id);
  const costs = projects.map((p) => p.cost);
  const { shares } = classWeightedApprovalShares(groupApprovals(election), ids);
  const tieBreak = byCostThenOrder(costs);
  const order = projects
    .map((_, i) => i)
    .filter((i) => approvals[i] > 0)
    .sort((a, b) => shares.get(ids[b])!.compare(shares.get(ids[a])!) || tieBreak(a, b));
  const { picked, leftBefore } = fundInOrder(order, costs, election.pool);
  const selected = new Set(picked);
  const explanations: ProjectExplanation[] = projects.map((p, i) => ({
    projectId: p.id,
    selected: selected.has(i),
    approvals: approvals[i],
    supportersLeft: null,
    reason:
      approvals[i] === 0
        ? 'No one voted for it.'
        : selected.has(i)
          ? `Picked with a weighted approval share of ${shares.get(p.id)!.toString()}; it cost ${formatCentsGrouped(p.cost)}.`
          : `It did not fit: ${formatCentsGrouped(leftBefore.get(i)!)} was left against a cost of ${formatCentsGrouped(p.cost)}.`,
  }));
  return { selected: picked.map((i) => ids[i]), spent: picked.reduce((sum, i) => sum + costs[i], 0n), perVoterBudget: null, explanations, mesRuns: 0 };
}

/** Each group's ballots and approvals per project; a voter in two groups counts in both. */
function groupApprovals(election: BudgetElection) {
  const groups = new Map<string, { ballots: number; approvals: Map<string, number> }>();
  for (const voter of election.voters) {
    for (const group of voter.groups) {
      const tally = groups.get(group) ?? { ballots: 0, approvals: new Map<string, number>() };
      tally.ballots++;
      for (const id of voter.approvals) tally.approvals.set(id, (tally.approvals.get(id) ?? 0) + 1);
      groups.set(group, tally);
    }
  }
  return [...groups].map(([group, tally]) => ({ class: group, weight: election.groupWeights.get(group)!, ballots: tally.ballots, approvals: tally.approvals }));
}
