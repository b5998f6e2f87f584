import autocannon from 'autocannon';
import { accessTokenSigner } from 'src/identity/access-token';
import { ServerProcess, startServerProcess } from 'test/support/server-process';
import { BENCH_JWT_SECRET, benchEnvironment, Figure, figure, graphql, seedCooperative } from './support';

const QUERY = '{ me { id email } }';
const SECONDS = 5;
const CONNECTIONS = 10;

/** Default query limits, and a rate limit that counts every request but is never reached. */
const LIMITS_ON = { RATE_LIMIT_MAX: '1000000000' };
const LIMITS_OFF = { GRAPHQL_MAX_COST: '0', GRAPHQL_MAX_ALIASES: '0', GRAPHQL_MAX_TOKENS: '0', RATE_LIMIT_MAX: '0' };

interface Load {
  reqPerSec: number;
  latencyMs: number;
}

async function load(server: ServerProcess, token: string, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: `${server.url}/graphql`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return { reqPerSec: result.requests.average, latencyMs: result.latency.average };
}

/**
 * The cost of the abuse limits on a small authenticated query (`{ me { id email } }`): two servers
 * on one database, one with the default query limits and a counting rate limit, one with every
 * limit at 0; 5 s at 10 connections each, alternately, twice. Helmet, CORS, request ids and request
 * logging are on in both (they are not limits).
 */
export async function requestOverheadBench(): Promise<Figure[]> {
  const env = await benchEnvironment();
  const servers: ServerProcess[] = [];
  try {
    const { adminId } = await seedCooperative(env.pool);
    const token = accessTokenSigner(BENCH_JWT_SECRET, 3600)({ sub: adminId, ver: 0 });
    const start = (limits: Record<string, string>) => startServerProcess({ DATABASE_URL: env.database.url, JWT_SECRET: BENCH_JWT_SECRET, ...limits });
    // One after the other: two instances creating their job queues at once on a fresh database can deadlock.
    const limited = await start(LIMITS_ON);
    servers.push(limited);
    const unlimited = await start(LIMITS_OFF);
    servers.push(unlimited);
    for (const server of servers) {
      await graphql(server.url, QUERY, {}, token);
      await load(server, token, 1);
    }

    const figures: Figure[] = [];
    for (let run = 1; run <= 2; run++) {
      const off = await load(unlimited, token, SECONDS);
      const on = await load(limited, token, SECONDS);
      figures.push(
        figure(`request-overhead-run${run}`, on.latencyMs, off.latencyMs, 'ratio<=1.1', (_ms, ratio) => ratio <= 1.1, {
          reqPerSec: Math.round(on.reqPerSec),
          baselineReqPerSec: Math.round(off.reqPerSec),
          throughputRatio: Math.round((on.reqPerSec / off.reqPerSec) * 1000) / 1000,
          baseline: 'the same server with every query and rate limit at 0',
        }),
      );
    }
    return figures;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await env.close();
  }
}
