import { CsvError, parse } from 'csv-parse/sync';
import { Fraction } from 'src/common/money/fraction';
import type { BudgetElection } from 'src/budgeting/rules/types';

/** A `.pb` file read as data: its META pairs, projects and approval ballots, money in cents. */
export interface PabulibInstance {
  meta: ReadonlyMap<string, string>;
  budget: bigint;
  projects: { id: string; cost: bigint; name: string }[];
  voters: { id: string; approvals: string[]; groups: string[] }[];
}

/** A malformed file: the 1-based line at fault and what is wrong with it. */
export class PabulibError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

type Section = 'META' | 'PROJECTS' | 'VOTES';
const SECTIONS: readonly string[] = ['META', 'PROJECTS', 'VOTES'];
const MONEY = /^\d{1,15}(\.\d{1,2})?$/;
/** The voter column that names a voter's groups (Tetrad writes the stakeholder classes there). */
export const GROUP_COLUMN = 'class';

interface Row {
  line: number;
  cells: string[];
}

function rows(text: string): Row[] {
  try {
    const records = parse(text, { delimiter: ';', relax_column_count: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as { info: { lines: number }; record: string[] }[];
    return records.map(({ info, record }) => ({ line: info.lines, cells: record }));
  } catch (error) {
    if (error instanceof CsvError) {
      const at = error as CsvError & { lines: number; records: number; empty_lines: number };
      // An open quote is only noticed at the end of the file; the row where it opened follows the last whole record.
      const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? at.records + at.empty_lines + 1 : at.lines;
      throw new PabulibError(line, error.message.replace(/ at line \d+$/, ''));
    }
    throw error;
  }
}

function cents(value: string | undefined, line: number, what: string): bigint {
  if (value === undefined || !MONEY.test(value)) throw new PabulibError(line, `${what} must be an amount with at most 2 decimals, not "${value ?? ''}"`);
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/**
 * Reads a Pabulib `.pb` file (pabulib.org's format: META, PROJECTS and VOTES sections of
 * semicolon-separated rows, each section opening with its header row). Only approval ballots can be
 * previewed; anything malformed is a PabulibError naming its line.
 */
export function parsePabulib(text: string): PabulibInstance {
  const sections = new Map<Section, { header: Row; body: Row[] }>();
  let current: Section | null = null;
  let expectHeader = false;
  const all = rows(text);
  for (const row of all) {
    const first = row.cells[0];
    if (row.cells.length === 1 && SECTIONS.includes(first)) {
      current = first as Section;
      if (sections.has(current)) throw new PabulibError(row.line, `the ${current} section appears twice`);
      expectHeader = true;
      continue;
    }
    if (!current) throw new PabulibError(row.line, 'the file must start with a META section');
    if (expectHeader) {
      sections.set(current, { header: row, body: [] });
      expectHeader = false;
    } else sections.get(current)!.body.push(row);
  }
  for (const name of SECTIONS) if (!sections.get(name as Section)) throw new PabulibError((all.at(-1)?.line ?? 0) + 1, `the ${name} section or its header row is missing`);

  const meta = new Map<string, string>();
  const metaLines = new Map<string, number>();
  for (const row of sections.get('META')!.body) {
    meta.set(row.cells[0], row.cells[1] ?? '');
    metaLines.set(row.cells[0], row.line);
  }
  const lineOf = (key: string) => metaLines.get(key) ?? sections.get('META')!.header.line;
  const voteType = meta.get('vote_type');
  if (voteType !== 'approval') throw new PabulibError(lineOf('vote_type'), `only approval ballots can be previewed (vote_type is "${voteType ?? 'missing'}")`);
  const budget = cents(meta.get('budget'), lineOf('budget'), 'META budget');

  const projects = readProjects(sections.get('PROJECTS')!);
  const voters = readVoters(sections.get('VOTES')!, new Set(projects.map((p) => p.id)));
  return { meta, budget, projects, voters };
}

function column(header: Row, name: string, required: boolean): number {
  const index = header.cells.indexOf(name);
  if (index < 0 && required) throw new PabulibError(header.line, `the header has no "${name}" column`);
  return index;
}

function readProjects({ header, body }: { header: Row; body: Row[] }): PabulibInstance['projects'] {
  const id = column(header, 'project_id', true);
  const cost = column(header, 'cost', true);
  const name = column(header, 'name', false);
  const seen = new Set<string>();
  return body.map((row) => {
    const projectId = row.cells[id];
    if (!projectId) throw new PabulibError(row.line, 'a project needs a project_id');
    if (seen.has(projectId)) throw new PabulibError(row.line, `project ${projectId} is listed twice`);
    seen.add(projectId);
    const projectCost = cents(row.cells[cost], row.line, `the cost of project ${projectId}`);
    if (projectCost === 0n) throw new PabulibError(row.line, `the cost of project ${projectId} must be more than 0`);
    return { id: projectId, cost: projectCost, name: name >= 0 ? (row.cells[name] ?? '') : '' };
  });
}

function readVoters({ header, body }: { header: Row; body: Row[] }, projectIds: ReadonlySet<string>): PabulibInstance['voters'] {
  const id = column(header, 'voter_id', true);
  const vote = column(header, 'vote', true);
  const group = column(header, GROUP_COLUMN, false);
  const seen = new Set<string>();
  return body.map((row) => {
    const voterId = row.cells[id];
    if (!voterId) throw new PabulibError(row.line, 'a vote needs a voter_id');
    if (seen.has(voterId)) throw new PabulibError(row.line, `voter ${voterId} voted twice`);
    seen.add(voterId);
    const approvals = [...new Set((row.cells[vote] ?? '').split(',').map((p) => p.trim()).filter(Boolean))];
    for (const projectId of approvals) if (!projectIds.has(projectId)) throw new PabulibError(row.line, `voter ${voterId} approves project ${projectId}, which is not in PROJECTS`);
    const groups = group >= 0 ? [...new Set((row.cells[group] ?? '').split(',').map((g) => g.trim()).filter(Boolean))] : [];
    return { id: voterId, approvals, groups: groups.length ? groups : [ALL_VOTERS] };
  });
}

/** The one group of a file without a class column. */
export const ALL_VOTERS = 'ALL';

/** The election a rule runs on: every group of the file, weighted by `weightOf` (equal by default). */
export function electionOf(instance: PabulibInstance, weightOf: (group: string) => Fraction = () => Fraction.ONE): BudgetElection {
  const groups = new Set(instance.voters.flatMap((v) => v.groups));
  return {
    pool: instance.budget,
    projects: instance.projects.map(({ id, cost }) => ({ id, cost })),
    voters: instance.voters,
    groupWeights: new Map([...groups].map((g) => [g, weightOf(g)])),
    currencyUnit: 100n,
  };
}
