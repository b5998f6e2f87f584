import { readFileSync } from 'node:fs';
import { Pool, Submittable } from 'pg';
import { LEDGER_LINES_SQL } from 'src/exports/ledger-entries.export';
import { accessTokenSigner } from 'src/identity/access-token';
import { BENCH_JWT_SECRET, benchEnvironment, Figure, figure, graphql, median, seedCooperative, seedHolders, startServer } from './support';

const LINES = 100_000;
const RUNS = 5;
/** What the export may add to the server's resident memory: a buffered 100,000-line file would take several times this. */
const MAX_GROWTH_MB = 64;

/**
 * `GET /exports/:id/ledger-entries.csv` of one entry of 100,000 lines (a dividend distribution),
 * downloaded in full: time against PostgreSQL's own `COPY (same SELECT) TO STDOUT WITH CSV` on a
 * pool connection, and the server process's peak RSS (VmRSS sampled every 50 ms) against its idle RSS.
 */
export async function exportBench(): Promise<Figure[]> {
  const env = await benchEnvironment();
  try {
    const db = env.pool;
    const { adminId, coop } = await seedCooperative(db);
    await seedHolders(db, coop, LINES - 1);
    await seedDividendEntry(db, coop);
    await db.query('VACUUM ANALYZE');
    const server = await startServer(env);
    const token = accessTokenSigner(BENCH_JWT_SECRET, 3600)({ sub: adminId, ver: 0 });
    await graphql(server.url, '{ me { id } }', {}, token);

    const pid = server.child.pid!;
    const idleRss = Math.max(...(await sampleRss(pid, 1000)));
    const url = `${server.url}/exports/${coop}/ledger-entries.csv`;
    const sampler = startRssSampler(pid);
    let records = 0;
    const exportMs = await median(RUNS, 1, async () => (records = await downloadRecords(url, token)));
    const peakRss = sampler.stop();

    const copySql = `COPY (${LEDGER_LINES_SQL.replace('$1', `'${coop}'`)}) TO STDOUT WITH (FORMAT csv, HEADER)`;
    let copyBytes = 0;
    const copyMs = await median(RUNS, 1, async () => (copyBytes = await copyOut(db, copySql)));

    const mb = (kb: number) => Math.round(kb / 102.4) / 10;
    const growth = mb(peakRss - idleRss);
    return [
      figure('export-ledger-100k', exportMs, copyMs, `ratio<=3 && rss growth<${MAX_GROWTH_MB}MB`, (_ms, ratio) => ratio <= 3 && growth < MAX_GROWTH_MB, {
        lines: LINES,
        records,
        copyBytes,
        idleRssMb: mb(idleRss),
        peakRssMb: mb(peakRss),
        rssGrowthMb: growth,
        baseline: 'time: COPY (same SELECT) TO STDOUT WITH CSV on a pool connection; memory: the server idle before the first export',
      }),
    ];
  } finally {
    await env.close();
  }
}

/** One balanced entry: a debit of the total, then one credit per member on the per-member dividends account. */
async function seedDividendEntry(db: Pool, coop: string): Promise<void> {
  const accounts = (
    await db.query(
      `INSERT INTO ledger_accounts (cooperative_id, code, type, per_member) VALUES ($1, 'RETAINED_SURPLUS', 'EQUITY', false), ($1, 'DIVIDENDS_PAYABLE', 'LIABILITY', true) RETURNING id, code`,
      [coop],
    )
  ).rows as { id: string; code: string }[];
  const account = (code: string) => accounts.find((a) => a.code === code)!.id;
  const [{ id: entry }] = (await db.query(`INSERT INTO journal_entries (cooperative_id, description, source_type) VALUES ($1, 'Bench dividends', 'SURPLUS_DECLARATION') RETURNING id`, [coop]))
    .rows as { id: string }[];
  await db.query(
    `WITH credits AS (
       SELECT 1 + row_number() OVER (ORDER BY seniority) AS line_no, id AS member_id, -(1 + seniority % 997) / 100.0 AS amount
         FROM members WHERE cooperative_id = $1 AND 'MEMBER' = ALL(roles))
     INSERT INTO journal_lines (entry_id, line_no, account_id, member_id, stakeholder_class, amount)
     SELECT $2::uuid, 1, $3::uuid, NULL::uuid, NULL::text, -(SELECT sum(amount) FROM credits)
     UNION ALL
     SELECT $2::uuid, line_no, $4::uuid, member_id, 'FUNDER', amount FROM credits`,
    [coop, entry, account('RETAINED_SURPLUS'), account('DIVIDENDS_PAYABLE')],
  );
}

/** Downloads the whole file without keeping it, and counts its records (no field here holds a line break). */
async function downloadRecords(url: string, token: string): Promise<number> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`export answered ${response.status}: ${await response.text()}`);
  let newlines = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) newlines++;
  }
  return newlines - 1;
}

/** Runs a COPY … TO STDOUT and counts the bytes PostgreSQL sends (pg itself has no COPY OUT stream). */
async function copyOut(db: Pool, sql: string): Promise<number> {
  const client = await db.connect();
  try {
    return await new Promise<number>((resolve, reject) => {
      let bytes = 0;
      let failure: Error | undefined;
      const copy: Submittable & Record<string, unknown> = {
        submit: (connection: { query(text: string): void }) => connection.query(sql),
        handleCopyData: (message: { chunk: Buffer }) => (bytes += message.chunk.length),
        handleCommandComplete: () => undefined,
        handleError: (error: Error) => (failure = error),
        handleReadyForQuery: () => (failure ? reject(failure) : resolve(bytes)),
      };
      void client.query(copy);
    });
  } finally {
    client.release();
  }
}

function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

async function sampleRss(pid: number, forMs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let waited = 0; waited < forMs; waited += 50) {
    samples.push(rssKb(pid));
    await new Promise((done) => setTimeout(done, 50));
  }
  return samples;
}

/** Samples the process's resident set every 50 ms until stopped; returns the peak in kB. */
function startRssSampler(pid: number): { stop(): number } {
  let peak = rssKb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssKb(pid));
    },
  };
}
