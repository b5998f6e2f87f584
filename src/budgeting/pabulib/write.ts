import { stringify } from 'csv-stringify/sync';
import { formatCents } from 'src/common/money/decimal';

/** What a `.pb` export says of a ballot round; voters are already anonymised by the caller. */
export interface PabulibExport {
  description: string;
  unit: string;
  instance: string;
  budget: bigint;
  rule: 'GREEDY' | 'EQUAL_SHARES';
  minLength: number | null;
  maxLength: number | null;
  /** The knapsack limit, when ballots must fit in the pool. */
  maxSumCost: bigint | null;
  currency: string;
  projects: { id: string; cost: bigint; name: string; votes: number; selected: boolean | null }[];
  voters: { id: string; approvals: string[]; groups: string[] }[];
}

/** Pabulib's names for the two rules; "/add1" is the completion Wieliczka used. */
const RULES = { GREEDY: 'greedy', EQUAL_SHARES: 'equalshares/add1' } as const;

const section = (name: string, rows: (string | number)[][]): string => `${name}\n${stringify(rows, { delimiter: ';', record_delimiter: '\n' })}`;

/** Writes a ballot round in Pabulib's `.pb` format, with the voters' classes in a `class` column. */
export function writePabulib(round: PabulibExport): string {
  const meta: [string, string | number][] = [
    ['key', 'value'],
    ['description', round.description],
    ['unit', round.unit],
    ['instance', round.instance],
    ['num_projects', round.projects.length],
    ['num_votes', round.voters.length],
    ['budget', formatCents(round.budget)],
    ['vote_type', 'approval'],
    ['rule', RULES[round.rule]],
    ['currency', round.currency],
  ];
  if (round.minLength !== null) meta.push(['min_length', round.minLength]);
  if (round.maxLength !== null) meta.push(['max_length', round.maxLength]);
  if (round.maxSumCost !== null) meta.push(['max_sum_cost', formatCents(round.maxSumCost)]);
  const decided = round.projects.every((p) => p.selected !== null);
  const projects = [
    ['project_id', 'cost', 'votes', 'name', ...(decided ? ['selected'] : [])],
    ...round.projects.map((p) => [p.id, formatCents(p.cost), p.votes, p.name, ...(decided ? [p.selected ? 1 : 0] : [])]),
  ];
  const votes = [['voter_id', 'vote', 'class'], ...round.voters.map((v) => [v.id, v.approvals.join(','), v.groups.join(',')])];
  return section('META', meta) + section('PROJECTS', projects) + section('VOTES', votes);
}
