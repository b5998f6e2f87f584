import fc from 'fast-check';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { appendFileSync } from 'node:fs';
import { TestServer } from './support/harness';
import { knownAttacks } from './support/fuzz/known-attacks';
import { FuzzCase, fuzzCases } from './support/fuzz/operations';
import { describeCase, loggedCause, shorten } from './support/fuzz/report';
import { logIn, mapInFlight, send, servedSchema, stillAdmin } from './support/fuzz/requests';
import { countChanges, publicTables, rowCounts } from './support/fuzz/row-counts';
import { seedCooperative } from './support/fuzz/seed';

/*
 * Hostile input for every query and mutation argument, generated from the schema the server serves,
 * sent as the admin of a seeded cooperative so requests get past authentication and reach
 * validation and the services. Fails on any INTERNAL_SERVER_ERROR and on any refused mutation that
 * changed a table's row count.
 *
 * FUZZ_CASES (default 10000) and FUZZ_SEED (fixed) replay a run; FUZZ_SHOW sets how many crashes
 * are listed; FUZZ_DUMP=<file> writes every case and its outcome as JSON lines.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_131);
const IN_FLIGHT = 4;
/** Small batches: most contain no successful mutation, so their row counts must not move. */
const BATCH = 8;

describe('fuzzing every query and mutation argument from the schema', () => {
  let server: TestServer;
  let token: string;
  let slug: string;
  let email: string;
  let cases: FuzzCase[];
  let ids: Record<string, string[]>;
  let tables: string[];

  beforeAll(async () => {
    // No background closer: only requests may write, so row counts compare exactly.
    server = await TestServer.start({ PROPOSAL_CLOSER_INTERVAL_MS: '0' });
    const { coop, seeded, skipped } = await seedCooperative(server);
    ids = seeded.idsByName;
    if (skipped.length) console.warn(`fuzz seeding skipped:\n${skipped.join('\n')}`);
    token = coop.admin.token;
    slug = coop.slug;
    email = coop.admin.email;
    const schema = await servedSchema(server, token);
    cases = fc.sample(fuzzCases(schema, seeded), { seed: SEED, numRuns: CASES });
    tables = await publicTables(server);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it('refuses the known attacks as BAD_USER_INPUT, the same before and after graphql-jit compiles the query, writing nothing', async () => {
    const attacks = knownAttacks(ids, slug);
    const before = await rowCounts(server, tables);
    const answers: Record<string, string[]> = {};
    for (const [label, query, variables] of attacks) {
      for (let run = 0; run < 3; run++) {
        const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
        (answers[label] ??= []).push(body.errors?.[0]?.extensions?.code ?? 'OK');
      }
    }
    expect(answers).toEqual(Object.fromEntries(attacks.map(([label]) => [label, ['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']])));
    expect(countChanges(before, await rowCounts(server, tables))).toEqual([]);
  });

  it('refuses a non-UUID proposalId on the tallyUpdated subscription before subscribing', async () => {
    const client = createClient({ url: server.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
    const codeOf = (proposalId: string) =>
      new Promise<unknown>((done) => {
        client.subscribe(
          { query: 'subscription ($id: ID!) { tallyUpdated(proposalId: $id) { voters } }', variables: { id: proposalId } },
          { next: (message) => done(message.errors?.[0]?.extensions?.code ?? 'EVENT'), error: (error) => done((error as { extensions?: { code?: string } }[])[0]?.extensions?.code ?? error), complete: () => done('COMPLETE') },
        );
      });
    try {
      expect(await codeOf('not-a-uuid')).toBe('BAD_USER_INPUT');
      expect(await codeOf('x\u0000')).toBe('BAD_USER_INPUT');
    } finally {
      await client.dispose();
    }
  });

  it(`answers ${CASES} hostile requests without INTERNAL_SERVER_ERROR, and refused mutations write nothing (seed ${SEED})`, async () => {
    const started = Date.now();
    const codes: Record<string, number> = {};
    const internal: string[] = [];
    const writesByRefused: string[] = [];
    let mutationsSucceeded = 0;
    let batchesCompared = 0;
    let lostAdminAt: number | null = null;

    // Only the batches write between two counts, so each batch's "after" is the next one's "before".
    let before = await rowCounts(server, tables);
    for (let start = 0; start < cases.length; start += BATCH) {
      const batch = cases.slice(start, start + BATCH);
      if (lostAdminAt === null && start % 1000 === 0 && !(await stillAdmin(server, token, slug))) {
        // A fuzzed mutation may have revoked the token (a token version bump): log in again.
        token = (await logIn(server, email)) ?? token;
        if (!(await stillAdmin(server, token, slug))) lostAdminAt = start;
        before = await rowCounts(server, tables);
      }
      const outcomes = await mapInFlight(batch, IN_FLIGHT, (fuzzCase) => send(server, token, fuzzCase));
      const after = await rowCounts(server, tables);

      // The server logs a crash around the time it answers; give the log line a moment to arrive.
      if (outcomes.some((outcome) => outcome.internal)) await new Promise((done) => setTimeout(done, 200));
      outcomes.forEach((outcome, i) => {
        codes[outcome.code] = (codes[outcome.code] ?? 0) + 1;
        // FUZZ_DUMP=<file> writes one JSON line per case, to study what the fuzzer reaches.
        if (process.env.FUZZ_DUMP) appendFileSync(process.env.FUZZ_DUMP, `${JSON.stringify({ n: start + i, root: batch[i].root, inline: batch[i].inline, code: outcome.code, succeeded: outcome.succeeded, document: shorten(batch[i].document, 300), variables: shorten(JSON.stringify(batch[i].variables), 300) })}\n`);
        if (outcome.internal) internal.push(`${describeCase(batch[i])}\n  error: ${shorten(outcome.internal, 300)}${loggedCause(server, outcome.internal)}`);
      });
      const wrote = batch.filter((fuzzCase, i) => fuzzCase.operation === 'mutation' && outcomes[i].succeeded).length;
      mutationsSucceeded += wrote;
      const changes = countChanges(before, after);
      before = after;
      // A batch in which some mutation succeeded may rightly change counts; the next batch starts from its "after".
      if (wrote) continue;
      batchesCompared++;
      if (changes.length) {
        const mutations = batch.filter((fuzzCase) => fuzzCase.operation === 'mutation').map((fuzzCase) => fuzzCase.root);
        writesByRefused.push(`cases ${start}–${start + batch.length - 1}: ${changes.join(', ')} (refused mutations: ${[...new Set(mutations)].join(', ')})`);
      }
    }

    const refused = Object.entries(codes)
      .filter(([code]) => code !== 'OK')
      .reduce((sum, [, n]) => sum + n, 0);
    const summary = { seed: SEED, cases: cases.length, refused, ok: codes.OK ?? 0, mutationsSucceeded, internal: internal.length, batchesCompared, writesByRefused: writesByRefused.length, lostAdminAt, codes, seconds: Math.round((Date.now() - started) / 1000) };
    console.log(`FUZZ ${JSON.stringify(summary)}`);

    const replay = `(replay with FUZZ_SEED=${SEED} FUZZ_CASES=${CASES})`;
    const failures = [
      ...(internal.length ? [`${internal.length} responses were INTERNAL_SERVER_ERROR ${replay}; the first ones:\n\n${internal.slice(0, Number(process.env.FUZZ_SHOW ?? 5)).join('\n\n')}`] : []),
      ...(writesByRefused.length ? [`refused mutations changed row counts ${replay}:\n${writesByRefused.slice(0, 10).join('\n')}`] : []),
    ];
    if (failures.length) throw new Error(failures.join('\n\n'));
  }, 900_000);
});
