import { Pool } from 'pg';
import { provisionTestDatabase, TestDatabase } from 'test/setup/test-database';
import { ServerProcess, startServerProcess } from 'test/support/server-process';

export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-signing';

export interface Figure {
  bench: string;
  ms: number;
  baselineMs: number;
  ratio: number;
  target: string;
  ok: boolean;
  [extra: string]: unknown;
}

/** A fresh migrated database (embedded, or on DATABASE_URL's server), a pool, and the real server on it. */
export interface BenchEnvironment {
  database: TestDatabase;
  pool: Pool;
  server?: ServerProcess;
  close(): Promise<void>;
}

export async function benchEnvironment(): Promise<BenchEnvironment> {
  const database = await provisionTestDatabase();
  const pool = new Pool({ connectionString: database.url, max: 4 });
  // An idle client can be cut off when the database stops; that must not crash the run.
  pool.on('error', () => undefined);
  const environment: BenchEnvironment = {
    database,
    pool,
    close: async () => {
      await environment.server?.stop();
      await pool.end();
      await database.drop();
    },
  };
  return environment;
}

export async function startServer(environment: BenchEnvironment): Promise<ServerProcess> {
  environment.server = await startServerProcess({ DATABASE_URL: environment.database.url, JWT_SECRET: BENCH_JWT_SECRET });
  return environment.server;
}

/** Median wall time of `runs` calls after `warmup` unmeasured ones. */
export async function median(runs: number, warmup: number, work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function figure(bench: string, ms: number, baselineMs: number, target: string, ok: (ms: number, ratio: number) => boolean, extra: Record<string, unknown> = {}): Figure {
  const ratio = ms / baselineMs;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { bench, ms: round(ms), baselineMs: round(baselineMs), ratio: round(ratio), target, ok: ok(ms, ratio), ...extra };
}

/** POSTs a GraphQL operation and fails loudly on errors (a benchmark of failures measures nothing). */
export async function graphql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** A cooperative with default bylaws and an admin member, written directly in SQL (benchmarks seed at scale). */
export async function seedCooperative(db: Pool): Promise<{ adminId: string; adminMember: string; coop: string }> {
  const [{ id: adminId }] = (await db.query(`INSERT INTO users (email, password_hash, display_name, email_verified_at) VALUES ('admin@bench.example', 'x', 'Admin', now()) RETURNING id`)).rows as { id: string }[];
  const [{ id: coop }] = (await db.query(`INSERT INTO cooperatives (name, slug, currency) VALUES ('Bench', 'bench', 'EUR') RETURNING id`)).rows as { id: string }[];
  await db.query(
    `INSERT INTO bylaws (cooperative_id, version, vote_weight_founder, vote_weight_funder, vote_weight_worker, vote_weight_user, reserve_percent, dividend_percent,
       cobudget_percent, quorum_per_class, quorum_overall, worker_units_per_hour, funder_units_per_currency_unit, user_units_per_currency_unit, grace_days,
       suspension_days, members_may_propose, cobudget_allocation)
     VALUES ($1, 1, 0.25, 0.25, 0.25, 0.25, 30, 50, 20, 0, 0, 1, 1, 1, 30, 90, false, 'EQUAL')`,
    [coop],
  );
  const [{ id: adminMember }] = (await db.query(`INSERT INTO members (cooperative_id, user_id, roles) VALUES ($1, $2, ARRAY['ADMIN','COORDINATOR','MEMBER']) RETURNING id`, [coop, adminId]))
    .rows as { id: string }[];
  return { adminId, adminMember, coop };
}

/** `count` members, each holding units in one class (round robin) through the register, so the trigger builds the projection. */
export async function seedHolders(db: Pool, coop: string, count: number): Promise<void> {
  await db.query(`INSERT INTO users (email, password_hash, display_name) SELECT 'holder' || g || '@bench.example', 'x', 'Holder ' || g FROM generate_series(1, $1) g`, [count]);
  await db.query(`INSERT INTO members (cooperative_id, user_id, roles) SELECT $1, id, ARRAY['MEMBER'] FROM users WHERE email LIKE 'holder%' ORDER BY email`, [coop]);
  await db.query(
    `INSERT INTO unit_entries (cooperative_id, member_id, stakeholder_class, kind, units, hours, amount)
     SELECT $1, id, c, k, u, CASE WHEN k = 'LABOUR' THEN u END, CASE WHEN k IN ('CAPITAL', 'PATRONAGE') THEN u END
       FROM (SELECT id, (ARRAY['FOUNDER','FUNDER','WORKER','USER'])[1 + (seniority % 4)] AS c,
                    (ARRAY['FOUNDING','CAPITAL','LABOUR','PATRONAGE'])[1 + (seniority % 4)] AS k,
                    CASE WHEN seniority % 4 = 0 THEN 1 ELSE 1 + (seniority % 97) END AS u
               FROM members WHERE cooperative_id = $1 AND 'MEMBER' = ALL(roles)) s`,
    [coop],
  );
  await db.query('ANALYZE');
}
