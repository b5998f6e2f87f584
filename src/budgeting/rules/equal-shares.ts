import { Fraction } from 'src/common/money/fraction';
import { fundInOrder } from './election';
import { MesProfile, mesProfile, mesRun, MesRunResult } from './mes';
import type { BudgetElection, BudgetOutcome, ProjectExplanation } from './types';
import { formatCentsGrouped } from './words';

/** What the add1 search settled on: the run that decided, and how many runs it took. */
export interface Add1Result {
  profile: MesProfile;
  run: MesRunResult;
  /** The pool of the run that decided, in cents. */
  pool: bigint;
  runs: number;
}

/**
 * MES completed by "add1", as Wieliczka computed its 2023 Green Million: run with the pool, then
 * raise every voter's budget by one currency unit (the pool by one unit per voter) while the
 * outcome fits. The first outcome that overspends ends the search, and the last that fitted is
 * kept. The search also ends once every project with a supporter is picked: more money changes nothing.
 */
export function equalSharesAdd1(election: BudgetElection): Add1Result {
  const profile = mesProfile(election);
  const supported = profile.approvals.filter((a) => a > 0).length;
  const step = BigInt(profile.voters) * election.currencyUnit;
  let pool = election.pool;
  let run = mesRun(profile, pool);
  let runs = 1;
  let kept = { run, pool };
  while (step > 0n && run.spent <= election.pool && run.picked.length < supported) {
    pool += step;
    run = mesRun(profile, pool);
    runs++;
    if (run.spent > election.pool) break;
    kept = { run, pool };
  }
  return { profile, run: kept.run, pool: kept.pool, runs };
}

/**
 * EQUAL_SHARES: the Method of Equal Shares with cost utilities and fair-shares voter budgets (the
 * pool split among the active groups by vote weight, then equally within each group), completed by
 * add1 and then greedily by approval count while money is left and a project fits.
 */
export function equalShares(election: BudgetElection): BudgetOutcome {
  const { profile, run, pool, runs } = equalSharesAdd1(election);
  const costs = profile.projects.map((p) => p.cost);
  const byMes = new Set(run.picked);
  const rest = profile.projects
    .map((_, i) => i)
    .filter((i) => !byMes.has(i) && profile.approvals[i] > 0)
    .sort((a, b) => profile.approvals[b] - profile.approvals[a] || (costs[a] < costs[b] ? -1 : costs[a] > costs[b] ? 1 : a - b));
  const completion = fundInOrder(rest, costs, election.pool - run.spent).picked;
  const byCompletion = new Set(completion);
  const picked = [...run.picked, ...completion];
  const explanations: ProjectExplanation[] = profile.projects.map((p, i) => {
    const base = { projectId: p.id, approvals: profile.approvals[i] };
    if (byMes.has(i)) {
      const paid = run.price.get(i)!;
      return { ...base, selected: true, supportersLeft: null, reason: `Picked by equal shares: its supporters paid its cost of ${formatCentsGrouped(p.cost)}, none more than ${formatCentsGrouped(floor(paid))}.` };
    }
    if (byCompletion.has(i)) return { ...base, selected: true, supportersLeft: null, reason: 'Picked to use leftover money: it had the most approvals among the projects that still fit.' };
    if (profile.approvals[i] === 0) return { ...base, selected: false, supportersLeft: null, reason: 'No one voted for it.' };
    const left = floor(run.supportersLeft(i));
    return { ...base, selected: false, supportersLeft: left, reason: `Its supporters had ${formatCentsGrouped(left)} left against a cost of ${formatCentsGrouped(p.cost)}.` };
  });
  return {
    selected: picked.map((i) => profile.projects[i].id),
    spent: picked.reduce((sum, i) => sum + costs[i], 0n),
    perVoterBudget: profile.voters ? new Fraction(pool, BigInt(profile.voters) * election.currencyUnit) : null,
    explanations,
    mesRuns: runs,
  };
}

const floor = (value: Fraction): bigint => value.num / value.den;
