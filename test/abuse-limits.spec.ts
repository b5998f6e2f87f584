import { randomInt } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { signUp, TestUser } from './support/factories';
import { TestServer } from './support/harness';

interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface Answer {
  status: number;
  headers: Headers;
  body: GraphQLResponse;
  ms: number;
}

/** POSTs a body (JSON text is sent as it is, so a big one can be encoded before the clock starts). */
async function post(server: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const started = performance.now();
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
  const parsed = (await response.json()) as GraphQLResponse;
  return { status: response.status, headers: response.headers, body: parsed, ms: performance.now() - started };
}

const asUser = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

/** `{ a0: <selection> a1: <selection> … }`, with aliases as short as they can be. */
const aliases = (count: number, selection: string, head = '') => `${head}{${Array.from({ length: count }, (_, i) => `a${i.toString(36)}:${selection}`).join(' ')}}`;

const firstError = (answer: Answer) => ({ status: answer.status, code: answer.body.errors?.[0]?.extensions?.code, message: answer.body.errors?.[0]?.message });

/** Polls /health back to back until `work` settles; the latency of every poll, in ms. */
async function healthLatenciesDuring(server: TestServer, work: Promise<unknown>): Promise<number[]> {
  let settled = false;
  void work.finally(() => (settled = true));
  const latencies: number[] = [];
  while (!settled || latencies.length < 5) {
    const started = performance.now();
    const response = await fetch(`${server.baseUrl}/health`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(6379, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * An HTTP request from a loopback address of its own: the rate limit counts per address, and a
 * count in Redis outlives a run (and is shared with any other run on this machine).
 */
function requestFrom(localAddress: string, url: string, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: GraphQLResponse }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json' };
    const outgoing = request(url, { method: body === undefined ? 'GET' : 'POST', headers, localAddress }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLResponse }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Starts one server, then the others together (instances creating their job queues at once on a
 * fresh database can deadlock); if one fails, the started ones are stopped so Jest can exit.
 */
async function startServers(envs: Record<string, string>[]): Promise<TestServer[]> {
  const [first, ...others] = envs;
  const started: TestServer[] = [await TestServer.start(first)];
  const rest = await Promise.allSettled(others.map((env) => TestServer.start(env)));
  for (const result of rest) if (result.status === 'fulfilled') started.push(result.value);
  const failure = rest.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((server) => server.close()));
    throw failure.reason;
  }
  return started;
}

describe('abuse limits', () => {
  let dev: TestServer;
  let production: TestServer;
  /** Two instances sharing RATE_LIMIT_MAX=5 through Redis, or one counting in memory when there is no Redis. */
  let limited: TestServer[];
  let redis: boolean;

  beforeAll(async () => {
    redis = await redisAnswers();
    const limit = { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000', ...(redis ? { REDIS_URL } : {}) };
    [dev, production, ...limited] = await startServers([
      // At debug level each request is logged, with its id.
      { CORS_ORIGINS: 'https://app.example.org, http://localhost:5173', LOG_LEVEL: 'debug' },
      { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:9' },
      limit,
      ...(redis ? [limit] : []),
    ]);
  });

  afterAll(async () => {
    await Promise.all([dev, production, ...(limited ?? [])].filter(Boolean).map((server) => server.close()));
  });

  describe('query size', () => {
    it('refuses 1,500 aliases from a member and 20,000 from a stranger within a second, while /health answers within 100 ms', async () => {
      const member = await signUp(dev);
      const memberFlood = JSON.stringify({ query: aliases(1500, 'me{id email}') });
      const strangerFlood = JSON.stringify({ query: aliases(20_000, 'cooperative(slug:$s){bylawsHistory{version}}', 'query($s:String!)'), variables: { s: 'no-such-cooperative' } });
      expect(strangerFlood.length).toBeLessThan(1_048_576); // under the body limit: the query limits must refuse it
      // Once each first, so the measured run meets a warm server, as an attacker would.
      const warmUp = [await post(dev, memberFlood, asUser(member)), await post(dev, strangerFlood)];
      await fetch(`${dev.baseUrl}/health`);

      const floods = Promise.all([1, 2].flatMap(() => [post(dev, memberFlood, asUser(member)), post(dev, strangerFlood)]));
      const health = await healthLatenciesDuring(dev, floods);
      const answers = [...warmUp, ...(await floods)];

      for (const answer of answers) {
        expect(firstError(answer)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/exceeds the limit of \d+ \(GRAPHQL_MAX_(TOKENS|ALIASES)\)$/) });
        expect(answer.ms).toBeLessThan(1000);
      }
      expect(Math.max(...health)).toBeLessThan(100);
    });

    it('names the alias limit when the tokens fit, and lets 100 aliases through', async () => {
      const member = await signUp(dev);
      expect(firstError(await post(dev, { query: aliases(101, 'me{id}') }, asUser(member)))).toEqual({
        status: 400,
        code: 'BAD_USER_INPUT',
        message: 'Query alias count 101 exceeds the limit of 100 (GRAPHQL_MAX_ALIASES)',
      });
      const allowed = await post(dev, { query: aliases(100, 'me{id}') }, asUser(member));
      expect(allowed.body.errors).toBeUndefined();
      expect(Object.keys(allowed.body.data as object)).toHaveLength(100);
    });

    it('counts tokens in a GET query too', async () => {
      const query = aliases(400, 'me{id}');
      const started = performance.now();
      const response = await fetch(`${dev.url}?query=${encodeURIComponent(query)}`);
      const body = (await response.json()) as GraphQLResponse;
      expect({ status: response.status, error: body.errors?.[0] }).toEqual({
        status: 400,
        error: { message: 'Query token count exceeds the limit of 2000 (GRAPHQL_MAX_TOKENS)', extensions: { code: 'BAD_USER_INPUT' } },
      });
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('takes no batch of queries', async () => {
      const answer = await post(dev, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
      expect(firstError(answer)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    });
  });

  describe('query cost', () => {
    const NESTED = `query ($n: Int!) {
      me { memberships { cooperative { proposals(first: $n) { edges { node { ballots(first: $n) { edges { node { choice } } } } } } } } }
    }`;

    it('refuses nested pages that multiply past the limit before running them, whatever the variables were before', async () => {
      const member = await signUp(dev);
      const small = await post(dev, { query: NESTED, variables: { n: 5 } }, asUser(member));
      expect(small.body).toEqual({ data: { me: { memberships: [] } } });

      const big = await post(dev, { query: NESTED, variables: { n: 100 } }, asUser(member));
      expect(firstError(big)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: 'Query cost 30304 exceeds the limit of 10000 (GRAPHQL_MAX_COST)' });
      expect(big.ms).toBeLessThan(1000);
    });

    it('refuses an expensive query without variables every time', async () => {
      const query = '{ cooperative(slug: "x") { budgetRounds(first: 100) { edges { node { buckets(first: 100) { edges { node { id title } } } } } } } }';
      for (let i = 0; i < 2; i++) {
        expect(firstError(await post(dev, { query }))).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: 'Query cost 40302 exceeds the limit of 10000 (GRAPHQL_MAX_COST)' });
      }
    });
  });

  describe('schema disclosure', () => {
    const INTROSPECTION = '{ __schema { types { name } } }';
    const MISSPELLED = '{ cooperative(slug: "x") { nmae } }';

    it('answers introspection and suggests field names in development', async () => {
      const introspection = await post(dev, { query: INTROSPECTION });
      expect((introspection.body.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(10);
      expect(firstError(await post(dev, { query: MISSPELLED }))).toEqual({
        status: 400,
        code: 'BAD_USER_INPUT',
        message: 'Cannot query field "nmae" on type "Cooperative". Did you mean "name"?',
      });
    });

    it('refuses introspection and suggests nothing in production', async () => {
      const introspection = await post(production, { query: INTROSPECTION });
      // One error per introspection field; with more than one error mercurius answers 200.
      expect(firstError(introspection)).toEqual({ status: 200, code: 'BAD_USER_INPUT', message: 'GraphQL introspection has been disabled, but the requested query contained the field "__schema".' });
      expect(introspection.body.data ?? null).toBeNull();
      expect(firstError(await post(production, { query: MISSPELLED }))).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: 'Cannot query field "nmae" on type "Cooperative".' });
      expect((await fetch(`${production.baseUrl}/graphiql`)).status).toBe(404);
    });
  });

  describe('HTTP headers', () => {
    it('sends security headers and a strict content security policy', async () => {
      for (const response of [await fetch(`${dev.url}?query=${encodeURIComponent('{ __typename }')}`), await fetch(`${dev.baseUrl}/health`)]) {
        expect(response.status).toBe(200);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(response.headers.get('content-security-policy')).toBe("default-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none';img-src 'self' data:;style-src 'self' 'unsafe-inline'");
      }
    });

    it('lets GraphiQL load its scripts in development', async () => {
      const response = await fetch(`${dev.baseUrl}/graphiql`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-eval' https://unpkg.com");
    });

    it('allows only the configured origins', async () => {
      const query = `${dev.url}?query=${encodeURIComponent('{ __typename }')}`;
      const allowed = await fetch(query, { headers: { origin: 'https://app.example.org' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
      const other = await fetch(query, { headers: { origin: 'https://evil.example' } });
      expect(other.status).toBe(200);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();

      const preflight = await fetch(dev.url, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

      const unconfigured = await fetch(`${production.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: 'https://app.example.org' } });
      expect(unconfigured.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('request ids', () => {
    it('uses a well-formed x-request-id and replaces anything else', async () => {
      const valid = await post(dev, { query: '{ __typename }' }, { 'x-request-id': 'trace-42.a:b_C' });
      expect(valid.headers.get('x-request-id')).toBe('trace-42.a:b_C');

      const hostile = '<img src=x onerror=alert(1)> "forged":"line"';
      const replaced = await post(dev, { query: '{ nope }' }, { 'x-request-id': hostile });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(JSON.stringify(replaced.body)).not.toContain('onerror');

      await new Promise((resolve) => setTimeout(resolve, 100)); // the log lines arrive over a pipe
      const logs = dev.logs.join('\n');
      expect(logs).toContain('"reqId":"trace-42.a:b_C"');
      expect(logs).toContain(`"reqId":"${replaced.headers.get('x-request-id')}"`);
      expect(logs).not.toContain('onerror');
    });
  });

  describe('global rate limit', () => {
    it(`answers the 6th request in a window with 429 and TOO_MANY_REQUESTS, on any instance, and never limits /health`, async () => {
      const [a, b, c] = [randomInt(1, 255), randomInt(1, 255), randomInt(1, 254)];
      const [client, neighbour] = [`127.${a}.${b}.${c}`, `127.${a}.${b}.${c + 1}`];
      const instance = (i: number) => limited[i % limited.length];
      const query = JSON.stringify({ query: '{ __typename }' });
      for (let i = 0; i < 5; i++) expect((await requestFrom(client, instance(i).url, query)).status).toBe(200);

      const refused = await requestFrom(client, instance(5).url, query);
      expect({ status: refused.status, error: refused.body.errors?.[0] }).toEqual({
        status: 429,
        error: { message: expect.stringMatching(/^Too many requests from this address; retry in \d+ seconds$/), extensions: { code: 'TOO_MANY_REQUESTS' } },
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.headers['x-content-type-options']).toBe('nosniff');

      const elsewhere = await requestFrom(client, `${instance(6).baseUrl}/no-such-page`);
      expect(elsewhere).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
      for (const server of limited) expect((await requestFrom(client, `${server.baseUrl}/health`)).status).toBe(200);
      // Another address is not affected.
      expect((await requestFrom(neighbour, instance(7).url, query)).status).toBe(200);
      if (!redis) console.warn('counted in memory: no Redis on 127.0.0.1:6379 for the shared count');
    });
  });
});
