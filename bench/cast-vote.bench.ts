import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { VOTE_CONTEXT, VoteContext, WRITE_NAMED_BALLOT } from 'src/governance/vote-statements';
import { accessTokenSigner } from 'src/identity/access-token';
import { provisionTestDatabase } from 'test/setup/test-database';
import { startServerProcess } from 'test/support/server-process';
import { BENCH_JWT_SECRET, Figure, graphql, seedCooperative } from './support';

const VOTERS = 200;
const SECONDS = 10;
const CAST_VOTE = 'mutation ($input: CastVoteInput!) { castVote(input: $input) { id choice castAt } }';
/** Tetrad as an operator would run it for a general meeting: the HTTP rate limit off, the proposal closer off (it is not part of a vote). */
const TETRAD_ENV = { RATE_LIMIT_MAX: '0', PROPOSAL_CLOSER_INTERVAL_MS: '0', LOG_LEVEL: 'info' };

interface Target {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<unknown>;
}

interface Load {
  votesPerSec: number;
  p50: number;
  p99: number;
  /** CPU time (user + system) the target process spent per vote. */
  cpuMsPerVote?: number;
}

/** CPU time a process has used so far (user + system), in ms, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, counted in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Peak resident set of a process since it started (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : NaN;
}

/** 200 voters of one open proposal (WORKER units), written in SQL; the snapshot is taken by one real vote later. */
async function seed(pool: Pool): Promise<{ proposalId: string; userIds: string[]; adminId: string }> {
  const { adminId, adminMember, coop } = await seedCooperative(pool);
  await pool.query(`INSERT INTO users (email, password_hash, display_name, email_verified_at) SELECT 'voter' || g || '@bench.example', 'x', 'Voter ' || g, now() FROM generate_series(1, $1) g`, [VOTERS]);
  await pool.query(`INSERT INTO members (cooperative_id, user_id, roles) SELECT $1, id, ARRAY['MEMBER'] FROM users WHERE email LIKE 'voter%' ORDER BY email`, [coop]);
  await pool.query(`INSERT INTO unit_entries (cooperative_id, member_id, stakeholder_class, kind, units, hours) SELECT $1, id, 'WORKER', 'LABOUR', 1, 1 FROM members WHERE cooperative_id = $1 AND id <> $2`, [coop, adminMember]);
  const [{ id: proposalId }] = (
    await pool.query(
      `INSERT INTO proposals (cooperative_id, title, body, kind, method, classes, opens_at, closes_at, results_visibility, anonymous, created_by_member_id)
       VALUES ($1, 'General meeting', 'Adopt the plan', 'ORDINARY', 'YES_NO', ARRAY['FOUNDER','FUNDER','WORKER','USER'], now(), now() + interval '1 day', 'ALWAYS', false, $2) RETURNING id`,
      [coop, adminMember],
    )
  ).rows as { id: string }[];
  const users = (await pool.query(`SELECT id FROM users WHERE email LIKE 'voter%' ORDER BY email`)).rows as { id: string }[];
  await pool.query('ANALYZE');
  return { proposalId, userIds: users.map((u) => u.id), adminId };
}

async function startBare(databaseUrl: string): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'bare-vote-server.js')], { env: { ...process.env, DATABASE_URL: databaseUrl, JWT_SECRET: BENCH_JWT_SECRET }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare handler exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => line.startsWith('listening ') && resolve(line.slice('listening '.length)));
  });
  const exited = new Promise((done) => child.once('exit', done));
  return { name: 'bare', url, pid: child.pid!, stop: () => (child.kill('SIGTERM'), exited) };
}

async function startTetrad(databaseUrl: string): Promise<Target> {
  // CAST_VOTE_PROFILE=<dir> writes a V8 CPU profile of each Tetrad process there (--cpu-prof).
  const profile = process.env.CAST_VOTE_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CAST_VOTE_PROFILE}`] : [];
  // CAST_VOTE_NODE_ARGS="--flag …" tries V8 or Node flags on the Tetrad process.
  const flags = (process.env.CAST_VOTE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = await startServerProcess({ DATABASE_URL: databaseUrl, JWT_SECRET: BENCH_JWT_SECRET, ...TETRAD_ENV }, 60_000, [...profile, ...flags]);
  return { name: 'tetrad', url: server.url, pid: server.child.pid!, stop: () => server.stop() };
}

/** Each request votes as the next of the 200 voters, alternating YES and NO, so every vote replaces a ballot. */
async function load(target: Target, proposalId: string, tokens: string[], connections: number, seconds: number): Promise<Load> {
  let next = 0;
  const cpuBefore = cpuMs(target.pid);
  const result = await autocannon({
    url: `${target.url}/graphql`,
    method: 'POST',
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const i = next++;
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
            body: JSON.stringify({ query: CAST_VOTE, variables: { input: { proposalId, choice: Math.floor(i / tokens.length) % 2 ? 'NO' : 'YES' } } }),
          };
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.name}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  const cpuMsPerVote = Math.round(((cpuMs(target.pid) - cpuBefore) / result.requests.total) * 1000) / 1000;
  return { votesPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuMsPerVote };
}

/** The same statements on a pg pool, no HTTP: `connections` loops for `seconds`. */
async function poolLoad(pool: Pool, connections: number, seconds: number, vote: (client: import('pg').PoolClient, i: number) => Promise<void>): Promise<Load> {
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  let counter = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const i = counter++;
        const started = process.hrtime.bigint();
        const client = await pool.connect();
        try {
          await vote(client, i);
        } finally {
          client.release();
        }
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10;
  return { votesPerSec: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

/** Statements the database ran per vote: `log_statement = all` lines during 100 sequential votes, less those of an idle window as long. */
async function statementsPerVote(databaseUrl: string, logged: { count: number }, admin: Pool, start: (url: string) => Promise<Target>, vote: (target: Target, i: number) => Promise<unknown>): Promise<number> {
  const database = new URL(databaseUrl).pathname.slice(1);
  await admin.query(`ALTER DATABASE ${database} SET log_statement = 'all'`);
  const target = await start(databaseUrl);
  try {
    // Ten voters, warmed up first, so per-user caches (token versions) are as under sustained load.
    for (let i = 0; i < 10; i++) await vote(target, i);
    let before = logged.count;
    const started = Date.now();
    for (let i = 0; i < 100; i++) await vote(target, i % 10);
    const elapsed = Date.now() - started;
    const during = logged.count - before;
    before = logged.count;
    await new Promise((resolve) => setTimeout(resolve, elapsed));
    const idle = logged.count - before;
    return Math.round(((during - idle) / 100) * 100) / 100;
  } finally {
    await target.stop();
    await admin.query(`ALTER DATABASE ${database} RESET log_statement`);
  }
}

/**
 * Casting a vote, as members all do at once at a general meeting: 200 voters on one proposal; Tetrad's
 * authenticated castVote over GraphQL, against a bare Fastify + Mercurius + pg handler running the same
 * statements (bench/bare-vote-server.ts), and the same statements on a pg pool without HTTP. 10 s per
 * target at 8 and at 32 connections, in the order bare, Tetrad, twice.
 */
export async function castVoteBench(): Promise<Figure[]> {
  const logged = { count: 0 };
  const database = await provisionTestDatabase({ onLog: (line) => /LOG:\s+(statement|execute [^:]*):/.test(line) && logged.count++ });
  const pool = new Pool({ connectionString: database.url, max: 32 });
  pool.on('error', () => undefined);
  const targets: Target[] = [];
  try {
    const { proposalId, userIds, adminId } = await seed(pool);
    const sign = accessTokenSigner(BENCH_JWT_SECRET, 3600);
    const tokens = userIds.map((sub) => sign({ sub, ver: 0 }));
    void adminId;
    const tetradVote = (target: Target, i: number) => graphql(target.url, CAST_VOTE, { input: { proposalId, choice: i % 2 ? 'NO' : 'YES' } }, tokens[i % tokens.length]);
    // The first vote takes the electorate snapshot.
    const counted = process.env.DATABASE_URL === undefined;
    const tetradStatements = counted ? await statementsPerVote(database.url, logged, pool, startTetrad, tetradVote) : null;
    const bareStatements = counted ? await statementsPerVote(database.url, logged, pool, startBare, tetradVote) : null;

    const memberIds = (await pool.query(`SELECT m.id FROM members m JOIN users u ON u.id = m.user_id WHERE u.email LIKE 'voter%' ORDER BY u.email`)).rows.map((r: { id: string }) => r.id);
    const rawWrite = (client: import('pg').PoolClient, i: number) => client.query(WRITE_NAMED_BALLOT, [proposalId, memberIds[i % VOTERS], 4, i % 2 ? 'NO' : 'YES', null, null, null]).then(() => undefined);
    const poolVote = async (client: import('pg').PoolClient, i: number) => {
      await client.query('BEGIN');
      const { rows } = await client.query<VoteContext>(VOTE_CONTEXT, [proposalId, userIds[i % VOTERS]]);
      await client.query(WRITE_NAMED_BALLOT, [proposalId, rows[0].memberId, 4, i % 2 ? 'NO' : 'YES', null, null, null]);
      await client.query('COMMIT');
    };

    const bare = await startBare(database.url);
    targets.push(bare);
    const tetrad = await startTetrad(database.url);
    targets.push(tetrad);
    for (const target of targets) await load(target, proposalId, tokens, 8, 2);

    const results: Record<string, Load[]> = {};
    const record = (key: string, value: Load) => (results[key] ??= []).push(value);
    for (let run = 1; run <= 2; run++) {
      for (const connections of [32, 8]) {
        record(`bare-${connections}`, await load(bare, proposalId, tokens, connections, SECONDS));
        record(`tetrad-${connections}`, await load(tetrad, proposalId, tokens, connections, SECONDS));
      }
      record('pool-vote-32', await poolLoad(pool, 32, SECONDS / 2, poolVote));
      record('raw-write-32', await poolLoad(pool, 32, SECONDS / 2, rawWrite));
    }
    const best = (key: string) => results[key].reduce((a, b) => (b.votesPerSec > a.votesPerSec ? b : a));
    const round = (n: number) => Math.round(n);
    const figures: Figure[] = [];
    for (const connections of [32, 8]) {
      const t = best(`tetrad-${connections}`);
      const b = best(`bare-${connections}`);
      const ratio = t.votesPerSec / b.votesPerSec;
      figures.push({
        bench: `cast-vote-${connections}c`,
        ms: 1000 / t.votesPerSec,
        baselineMs: 1000 / b.votesPerSec,
        ratio: Math.round(ratio * 1000) / 1000,
        target: connections === 32 ? 'tetrad/bare votes per second >= 0.8' : 'reported',
        ok: connections === 32 ? ratio >= 0.8 : true,
        votesPerSec: round(t.votesPerSec),
        bareVotesPerSec: round(b.votesPerSec),
        p50: t.p50,
        p99: t.p99,
        bareP50: b.p50,
        bareP99: b.p99,
        cpuMsPerVote: t.cpuMsPerVote,
        bareCpuMsPerVote: b.cpuMsPerVote,
        runs: results[`tetrad-${connections}`].map((r) => round(r.votesPerSec)),
        bareRuns: results[`bare-${connections}`].map((r) => round(r.votesPerSec)),
        baseline: 'a bare Fastify + Mercurius + pg handler running the same statements (bench/bare-vote-server.ts)',
      });
    }
    const poolVote32 = best('pool-vote-32');
    const raw = best('raw-write-32');
    figures.push({
      bench: 'cast-vote-database',
      ms: 1000 / poolVote32.votesPerSec,
      baselineMs: 1000 / raw.votesPerSec,
      ratio: Math.round((raw.votesPerSec / poolVote32.votesPerSec) * 1000) / 1000,
      target: 'reported: the vote statements on a pg pool against the raw write alone, 32 clients',
      ok: true,
      poolVotesPerSec: round(poolVote32.votesPerSec),
      rawWritesPerSec: round(raw.votesPerSec),
      tetradToRawWrite: Math.round((best('tetrad-32').votesPerSec / raw.votesPerSec) * 1000) / 1000,
      p99: poolVote32.p99,
      rawP99: raw.p99,
    });
    figures.push({
      bench: 'cast-vote-footprint',
      ms: peakRssMb(tetrad.pid),
      baselineMs: peakRssMb(bare.pid),
      ratio: Math.round((peakRssMb(tetrad.pid) / peakRssMb(bare.pid)) * 100) / 100,
      target: 'reported: peak RSS in MB, Tetrad against the bare handler',
      ok: true,
      statementsPerVote: tetradStatements,
      bareStatementsPerVote: bareStatements,
      statementsCounted: counted ? 'log_statement = all during 100 sequential votes, less an idle window as long' : 'not counted on an external DATABASE_URL',
    });
    return figures;
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
    await pool.end();
    await database.drop();
  }
}
