import { accessTokenSigner } from 'src/identity/access-token';
import { BENCH_JWT_SECRET, benchEnvironment, Figure, figure, graphql, seedCooperative, seedHolders, startServer } from './support';

const MEMBERS = 100_000;

const WARM_UP_COOPERATIVE = `mutation { createCooperative(input: { name: "Warm-up", slug: "warm-up", currency: "EUR" }) { id } }`;
const MY_MEMBERSHIPS = `query { me { memberships { id cooperative { id } } } }`;
const FOUNDER_UNIT = `mutation ($input: MemberRefInput!) { issueFounderUnits(input: $input) { id } }`;
const DECLARE = `mutation ($input: DeclareSurplusInput!) { declareSurplus(input: $input) { id dividends { amount } } }`;
const OPEN = `mutation ($input: OpenBudgetRoundInput!) { openBudgetRound(input: $input) { id pool { amount } } }`;

/**
 * Declares a surplus for 100,000 members and opens the round from its co-budget (dividends and
 * allocations written: 100,000 payout lines and 100,000 allocation lines). Baseline: bulk-inserting
 * the same rows in SQL.
 */
export async function surplusBench(): Promise<Figure[]> {
  const env = await benchEnvironment();
  try {
    const db = env.pool;
    const { adminId, coop } = await seedCooperative(db);
    await seedHolders(db, coop, MEMBERS);
    // Start from a settled database, as a cooperative's would be: no autovacuum or checkpoint of the
    // seed's writes running during the measurement.
    await db.query('VACUUM ANALYZE');
    await db.query('CHECKPOINT');
    if (process.env.TETRAD_PG_LOG === '1') await db.query(`ALTER SYSTEM SET log_min_duration_statement = 100`).then(() => db.query('SELECT pg_reload_conf()'));
    const server = await startServer(env);
    const token = accessTokenSigner(BENCH_JWT_SECRET, 3600)({ sub: adminId, ver: 0 });
    await warmUp(server.url, token);

    let declaredMs = 0;
    const started = process.hrtime.bigint();
    await declareAndOpen(server.url, token, coop, '1000000.00', () => (declaredMs = Number(process.hrtime.bigint() - started) / 1e6));
    const apiMs = Number(process.hrtime.bigint() - started) / 1e6;

    // Baseline: the same rows bulk-inserted by hand into the same tables (constraints, indexes and
    // triggers included) in one transaction that is rolled back: the declaration, the round, their two
    // journal entries and all of their lines.
    const client = await db.connect();
    const baselineStarted = process.hrtime.bigint();
    try {
      await client.query('BEGIN');
      for (const source of ['SURPLUS_DECLARATION', 'BUDGET_ROUND']) {
        const [{ id: entry }] = (
          await client.query(
            `INSERT INTO journal_entries (cooperative_id, description, source_type) SELECT cooperative_id, 'baseline', source_type FROM journal_entries WHERE source_type = $1 AND cooperative_id = $2 RETURNING id`,
            [source, coop],
          )
        ).rows as { id: string }[];
        await client.query(
          `INSERT INTO journal_lines (entry_id, line_no, account_id, member_id, stakeholder_class, amount)
           SELECT $1, l.line_no, l.account_id, l.member_id, l.stakeholder_class, l.amount FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
            WHERE e.source_type = $2 AND e.cooperative_id = $3 ORDER BY l.line_no`,
          [entry, source, coop],
        );
        if (source === 'SURPLUS_DECLARATION') {
          await client.query(
            `INSERT INTO surplus_declarations (cooperative_id, period, amount, reserve, dividends, cobudget, idempotency_key, journal_entry_id, declared_by_user_id)
             SELECT cooperative_id, 'baseline', amount, reserve, dividends, cobudget, 'baseline', $1, declared_by_user_id FROM surplus_declarations WHERE cooperative_id = $2`,
            [entry, coop],
          );
        } else {
          await client.query(
            `INSERT INTO budget_rounds (cooperative_id, title, pool, within_class, granting_closes_at, opened_by_user_id, journal_entry_id)
             SELECT cooperative_id, 'baseline', pool, within_class, granting_closes_at, opened_by_user_id, $1 FROM budget_rounds WHERE cooperative_id = $2`,
            [entry, coop],
          );
        }
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    const baselineMs = Number(process.hrtime.bigint() - baselineStarted) / 1e6;
    const [{ payouts, allocations, lines }] = (
      await db.query(
        `SELECT (SELECT count(*) FROM journal_lines l JOIN surplus_declarations d ON d.journal_entry_id = l.entry_id WHERE l.member_id IS NOT NULL AND d.cooperative_id = $1)::int AS payouts,
                (SELECT count(*) FROM journal_lines l JOIN budget_rounds r ON r.journal_entry_id = l.entry_id WHERE l.member_id IS NOT NULL AND r.cooperative_id = $1)::int AS allocations,
                (SELECT count(*) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.cooperative_id = $1)::int AS lines`,
        [coop],
      )
    ).rows as { payouts: number; allocations: number; lines: number }[];
    return [
      figure('surplus-100k', apiMs, baselineMs, 'ms<3000', (ms) => ms < 3000, {
        members: MEMBERS,
        declareMs: Math.round(declaredMs),
        openRoundMs: Math.round(apiMs - declaredMs),
        rows: { payouts, allocations, journalLines: lines },
        baseline: 'INSERT ... SELECT of the same rows (declaration, round, 2 entries, their lines) into the same tables, constraints included, rolled back',
      }),
    ];
  } finally {
    await env.close();
  }
}

/** Declares a surplus and opens a round from its co-budget; `declared` is called between the two. */
async function declareAndOpen(url: string, token: string, cooperativeId: string, amount: string, declared: () => void = () => undefined): Promise<void> {
  const { declareSurplus } = await graphql<{ declareSurplus: { id: string } }>(url, DECLARE, { input: { cooperativeId, period: '2026', amount, idempotencyKey: 'bench' } }, token);
  declared();
  const grantingClosesAt = new Date(Date.now() + 86_400_000).toISOString();
  await graphql(url, OPEN, { input: { cooperativeId, title: 'Bench round', surplusId: declareSurplus.id, grantingClosesAt } }, token);
}

/** The same operations on a one-member cooperative first, so the measured run does not pay for the server's first requests. */
async function warmUp(url: string, token: string): Promise<void> {
  const { createCooperative } = await graphql<{ createCooperative: { id: string } }>(url, WARM_UP_COOPERATIVE, {}, token);
  const { me } = await graphql<{ me: { memberships: { id: string; cooperative: { id: string } }[] } }>(url, MY_MEMBERSHIPS, {}, token);
  const member = me.memberships.find((m) => m.cooperative.id === createCooperative.id)!;
  await graphql(url, FOUNDER_UNIT, { input: { memberId: member.id } }, token);
  await declareAndOpen(url, token, createCooperative.id, '100.00');
}
