import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestServer, testDatabaseUrl, TEST_JWT_SECRET } from './support/harness';

const DEMO = join(__dirname, '..', 'dist', 'scripts', 'demo.js');

/** Runs `npm run demo`'s script until it has printed its instructions, then stops it; returns its stdout. */
function runDemo(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), JWT_SECRET: TEST_JWT_SECRET, PORT: '0', LOG_LEVEL: 'warn', TETRAD_DATA_DIR: mkdtempSync(join(tmpdir(), 'tetrad-demo-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Press Ctrl-C to stop.')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', () => (out.includes('Press Ctrl-C to stop.') ? resolve(out) : reject(new Error(`the demo stopped early:\n${out}\n${err}`))));
  });
}

describe('npm run demo', () => {
  let server: TestServer;
  let first: string;
  let second: string;
  beforeAll(async () => {
    server = await TestServer.start();
    first = await runDemo();
    second = await runDemo();
  }, 180_000);
  afterAll(() => server.close());

  it('prints how to log in as the coordinator, a member and the licensee, and seeds only once', () => {
    expect(first).toContain('Seeded the demo cooperative "demo-commons"');
    for (const email of ['coordinator@demo.example', 'worker1@demo.example', 'acme@demo.example']) expect(first).toContain(email);
    expect(second).toContain('already seeded');
    expect(second).toContain('worker1@demo.example');
  });

  it('lets each persona log in with the printed password and see what the demo seeded', async () => {
    const password = /password: "([^"]+)"/.exec(first)![1];
    const logIn = async (email: string) =>
      (await server.request<{ logIn: { token: string } }>(`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email, password } })).logIn.token;
    const coordinator = await logIn('coordinator@demo.example');
    const { cooperative } = await server.request<{
      cooperative: { members: { totalCount: number }; capTable: { classes: { class: string; memberCount: number }[] }; proposals: { edges: { node: { id: string; method: string; status: string; outcome: string | null } }[] } };
    }>(
      `query { cooperative(slug: "demo-commons") {
         members(first: 1) { totalCount }
         capTable { classes { class memberCount } }
         proposals(first: 50) { edges { node { id method status outcome } } } } }`,
      {},
      coordinator,
    );
    expect(cooperative.members.totalCount).toBe(37);
    expect(cooperative.capTable.classes.map((c) => [c.class, c.memberCount])).toEqual([
      ['FOUNDER', 2],
      ['FUNDER', 4],
      ['WORKER', 10],
      ['USER', 20],
    ]);
    const closed = cooperative.proposals.edges.map((e) => e.node).find((p) => p.status === 'CLOSED');
    // Worked example V1: S = 13/24, PASSED although a head count (14 yes, 21 no) would reject it.
    expect(closed).toMatchObject({ method: 'YES_NO', outcome: 'PASSED' });
    const { proposal } = await server.request<{ proposal: { tally: { weightedSupport: string } } }>(`query ($id: ID!) { proposal(id: $id) { tally { weightedSupport } } }`, { id: closed!.id }, coordinator);
    expect(proposal.tally.weightedSupport).toBe('0.5416666666666666666666666666666666666667');
    expect(cooperative.proposals.edges.filter((e) => e.node.status === 'OPEN').length).toBeGreaterThanOrEqual(2);
    // One proposal per voting method there is.
    expect(new Set(cooperative.proposals.edges.map((e) => e.node.method))).toEqual(new Set(['YES_NO', 'CONSENT', 'SINGLE_CHOICE', 'APPROVAL', 'SCORE', 'DOT_VOTE', 'QUADRATIC', 'RANKED_CHOICE', 'CONDORCET']));
    const runoff = cooperative.proposals.edges.map((e) => e.node).find((p) => p.method === 'RANKED_CHOICE')!;
    const { proposal: cities } = await server.request<{ proposal: { outcome: string; outcomeStatement: { statement: string }; tally: { winnerId: string; options: { option: { id: string; label: string } }[] } } }>(
      `query ($id: ID!) { proposal(id: $id) { outcome outcomeStatement { statement } tally { winnerId options { option { id label } } } } }`,
      { id: runoff.id },
      coordinator,
    );
    expect(cities.outcome).toBe('PASSED');
    expect(cities.tally.options.find((o) => o.option.id === cities.tally.winnerId)!.option.label).toBe('Knoxville');
    expect(cities.outcomeStatement.statement).toContain('Knoxville');

    const [round] = await server.query<{ status: string; buckets: number }>(
      `SELECT r.status, (SELECT count(*)::int FROM buckets b WHERE b.round_id = r.id AND b.status = 'OPEN') AS buckets FROM budget_rounds r JOIN cooperatives c ON c.id = r.cooperative_id WHERE c.slug = 'demo-commons'`,
    );
    expect(round).toEqual({ status: 'OPEN', buckets: 3 });

    const member = await logIn('worker1@demo.example');
    const { me } = await server.request<{ me: { memberships: { status: string }[] } }>(`query { me { memberships { status } } }`, {}, member);
    expect(me.memberships).toEqual([{ status: 'ACTIVE' }]);

    const licensee = await logIn('acme@demo.example');
    const [{ id: licenseeId }] = await server.query<{ id: string }>(`SELECT l.id FROM licensees l JOIN cooperatives c ON c.id = l.cooperative_id WHERE c.slug = 'demo-commons'`);
    const { licensee: acme } = await server.request<{ licensee: { balanceDue: { amount: string }; payments: { totalCount: number }; invoices: { totalCount: number } } }>(
      `query ($id: ID!) { licensee(id: $id) { balanceDue { amount } payments(first: 10) { totalCount } invoices(first: 10) { totalCount } } }`,
      { id: licenseeId },
      licensee,
    );
    expect(acme).toEqual({ balanceDue: { amount: '250.00' }, payments: { totalCount: 1 }, invoices: { totalCount: 3 } });
  });
});
