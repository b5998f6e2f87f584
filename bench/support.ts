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
