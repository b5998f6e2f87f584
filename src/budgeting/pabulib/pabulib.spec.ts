import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fraction } from 'src/common/money/fraction';
import { electionOf, PabulibError, parsePabulib } from './parse';
import { writePabulib } from './write';

const WARSZAWA = readFileSync(join(__dirname, '../../../test/fixtures/pabulib/Poland_Warszawa_2019_Obszar_III-PowsinKepa_LatoszkowaZamoscLatoszki.pb'), 'utf8');

function lineOf(text: string): number {
  try {
    parsePabulib(text);
  } catch (error) {
    if (error instanceof PabulibError) return error.line;
    throw error;
  }
  throw new Error('parsed');
}

const VALID = ['META', 'key;value', 'budget;100', 'vote_type;approval', 'PROJECTS', 'project_id;cost;name', 'a;50;A', 'b;50.50;B', 'VOTES', 'voter_id;vote', '1;a,b', '2;b'];

describe('parsePabulib', () => {
  it('reads a published Warsaw election', () => {
    const instance = parsePabulib(WARSZAWA);
    expect(instance.budget).toBe(22000000n);
    expect(instance.projects.map((p) => p.id)).toEqual(['1873', '38', '165', '37', '90', '140', '1857']);
    expect(instance.projects[0].cost).toBe(9980000n);
    expect(instance.voters).toHaveLength(154);
    expect(instance.voters.filter((v) => v.approvals.includes('1873'))).toHaveLength(78);
    expect(new Set(instance.voters.flatMap((v) => v.groups))).toEqual(new Set(['ALL']));
  });

  it('reads money in cents and ballots as sets', () => {
    const instance = parsePabulib(VALID.join('\n'));
    expect(instance.projects.map((p) => [p.id, p.cost])).toEqual([
      ['a', 5000n],
      ['b', 5050n],
    ]);
    expect(instance.voters[0].approvals).toEqual(['a', 'b']);
  });

  it.each([
    ['an unknown project in a vote', (l: string[]) => [...l.slice(0, 11), '2;c'], 12],
    ['a voter who votes twice', (l: string[]) => [...l.slice(0, 11), '1;b'], 12],
    ['a cost with 3 decimals', (l: string[]) => [...l.slice(0, 6), 'a;50.001;A', ...l.slice(7)], 7],
    ['a zero cost', (l: string[]) => [...l.slice(0, 6), 'a;0;A', ...l.slice(7)], 7],
    ['a missing cost column', (l: string[]) => [...l.slice(0, 5), 'project_id;price', ...l.slice(6)], 6],
    ['a non-approval vote type', (l: string[]) => [...l.slice(0, 3), 'vote_type;ordinal', ...l.slice(4)], 4],
    ['rows before META', (l: string[]) => ['x;y', ...l], 1],
    ['no VOTES section', (l: string[]) => l.slice(0, 8), 9],
    ['an unclosed quote', (l: string[]) => [...l.slice(0, 6), 'a;50;"A', ...l.slice(7)], 7],
  ])('refuses %s, naming the line', (_name, edit, line) => {
    expect(lineOf(edit(VALID).join('\n'))).toBe(line);
  });

  it('gives each class column value its weight', () => {
    const text = [...VALID.slice(0, 9), 'voter_id;vote;class', '1;a;WORKER', '2;b;WORKER,USER'].join('\n');
    const election = electionOf(parsePabulib(text), (g) => (g === 'USER' ? new Fraction(1n, 2n) : Fraction.ONE));
    expect(election.voters[1].groups).toEqual(['WORKER', 'USER']);
    expect(election.groupWeights.get('USER')!.toString()).toBe('1/2');
    expect(election.groupWeights.get('WORKER')!.toString()).toBe('1');
  });
});

describe('writePabulib', () => {
  it('writes a file that reads back the same, quoting what needs quotes', () => {
    const text = writePabulib({
      description: 'Tetrad ballot round',
      unit: 'Co-op; "Green"',
      instance: 'Spring',
      budget: 10000n,
      rule: 'EQUAL_SHARES',
      minLength: 1,
      maxLength: null,
      maxSumCost: 10000n,
      currency: 'EUR',
      projects: [
        { id: 'p1', cost: 5000n, name: 'Roof; new', votes: 2, selected: true },
        { id: 'p2', cost: 2550n, name: 'Bikes', votes: 1, selected: false },
      ],
      voters: [
        { id: '1', approvals: ['p1', 'p2'], groups: ['WORKER'] },
        { id: '2', approvals: ['p1'], groups: ['WORKER', 'USER'] },
      ],
    });
    const back = parsePabulib(text);
    expect(back.meta.get('unit')).toBe('Co-op; "Green"');
    expect(back.meta.get('rule')).toBe('equalshares/add1');
    expect(back.meta.get('max_sum_cost')).toBe('100.00');
    expect(back.budget).toBe(10000n);
    expect(back.projects).toEqual([
      { id: 'p1', cost: 5000n, name: 'Roof; new' },
      { id: 'p2', cost: 2550n, name: 'Bikes' },
    ]);
    expect(back.voters).toEqual([
      { id: '1', approvals: ['p1', 'p2'], groups: ['WORKER'] },
      { id: '2', approvals: ['p1'], groups: ['WORKER', 'USER'] },
    ]);
    expect(text).toContain('project_id;cost;votes;name;selected\np1;50.00;2;"Roof; new";1\n');
  });
});
