import { ClientError, GraphQLClient, RequestDocument, Variables } from 'graphql-request';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ServerProcess, startServerProcess } from './server-process';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/**
 * Every suite runs from 127.0.0.1, so per-client limits on sign-up and log-in are raised out of the
 * way and the global rate limit is off (suites that test a limit set their own); development mail
 * goes to a throwaway folder.
 */
const TEST_SERVER_ENV: Record<string, string> = {
  AUTH_LIMIT_PER_CLIENT: '1000000',
  RATE_LIMIT_MAX: '0',
  // Suites that test reminders turn them on; elsewhere they would only add mail and statements.
  REMINDER_INTERVAL_MS: '0',
  TETRAD_DATA_DIR: join(tmpdir(), 'tetrad-test-server-data'),
};

export function testDatabaseUrl(): string {
  const url = process.env.TETRAD_TEST_DATABASE_URL;
  if (!url) throw new Error('TETRAD_TEST_DATABASE_URL is not set: run the tests through jest (global setup)');
  return url;
}

/**
 * The real server, as a separate process on a loopback port, on the migrated test database;
 * a real GraphQL client for it; and a direct database connection for row counts.
 */
export class TestServer {
  private constructor(
    private readonly process: ServerProcess,
    readonly db: Pool,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestServer> {
    const process = await startServerProcess({ ...TEST_SERVER_ENV, DATABASE_URL: testDatabaseUrl(), JWT_SECRET: TEST_JWT_SECRET, ...env });
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 4 });
    pool.on('error', () => undefined);
    return new TestServer(process, pool);
  }

  get url(): string {
    return `${this.process.url}/graphql`;
  }

  get baseUrl(): string {
    return this.process.url;
  }

  get logs(): string[] {
    return this.process.logs;
  }

  client(token?: string): GraphQLClient {
    return new GraphQLClient(this.url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  }

  /** Runs an operation as `token` (or anonymously) and returns its data; GraphQL errors reject. */
  request<T = Record<string, unknown>>(document: RequestDocument, variables?: Variables, token?: string): Promise<T> {
    return this.client(token).request<T>(document, variables);
  }

  async close(): Promise<void> {
    await this.db.end();
    await this.process.stop();
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  /** Row counts of the given tables, to show that a refused mutation wrote nothing. */
  async counts(tables: string[]): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of tables) {
      const [row] = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      result[table] = row.n;
    }
    return result;
  }
}

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; fields?: { field: string; message: string }[] };
}

/** Awaits a request that must fail and returns its first GraphQL error. */
export async function graphqlError(promise: Promise<unknown>): Promise<GraphQLErrorShape> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientError && error.response.errors?.length) return error.response.errors[0];
    throw error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

/** Asserts the code of a failing request and returns the error for further checks. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<GraphQLErrorShape> {
  const error = await graphqlError(promise);
  expect({ code: error.extensions?.code, message: error.message }).toEqual({ code, message: expect.any(String) });
  return error;
}

export interface PageOf<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

/** Follows a connection's cursors to the end: every page as fetched, in order. */
export async function allPages<N>(fetch: (after?: string) => Promise<PageOf<N>>): Promise<PageOf<N>[]> {
  const pages = [await fetch()];
  while (pages[pages.length - 1].pageInfo.hasNextPage) pages.push(await fetch(pages[pages.length - 1].pageInfo.endCursor!));
  return pages;
}
