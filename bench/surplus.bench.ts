import { signToken } from 'src/identity/jwt';
import { BENCH_JWT_SECRET, benchEnvironment, Figure, figure, graphql, seedCooperative, seedHolders, startServer } from './support';

const MEMBERS = 100_000;

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
    if (process.env.TETRAD_PG_LOG === '1') await db.query(`ALTER SYSTEM SET log_min_duration_statement = 100`).then(() => db.query('SELECT pg_reload_conf()'));
    const server = await startServer(env);
    const token = signToken(adminId, BENCH_JWT_SECRET, 3600).token;

    const started = process.hrtime.bigint();
    const { declareSurplus } = await graphql<{ declareSurplus: { id: string } }>(server.url, DECLARE, { input: { cooperativeId: coop, period: '2026', amount: '1000000.00', idempotencyKey: 'bench' } }, token);
    const declaredMs = Number(process.hrtime.bigint() - started) / 1e6;
    await graphql(server.url, OPEN, { input: { cooperativeId: coop, title: 'Bench round', surplusId: declareSurplus.id, grantingClosesAt: new Date(Date.now() + 86_400_000).toISOString() } }, token);
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
          await client.query(`INSERT INTO journal_entries (cooperative_id, description, source_type) SELECT cooperative_id, 'baseline', source_type FROM journal_entries WHERE source_type = $1 RETURNING id`, [source])
        ).rows as { id: string }[];
        await client.query(
          `INSERT INTO journal_lines (entry_id, line_no, account_id, member_id, stakeholder_class, amount)
           SELECT $1, l.line_no, l.account_id, l.member_id, l.stakeholder_class, l.amount FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.source_type = $2 ORDER BY l.line_no`,
          [entry, source],
        );
        if (source === 'SURPLUS_DECLARATION') {
          await client.query(
            `INSERT INTO surplus_declarations (cooperative_id, period, amount, reserve, dividends, cobudget, idempotency_key, journal_entry_id, declared_by_user_id)
             SELECT cooperative_id, 'baseline', amount, reserve, dividends, cobudget, 'baseline', $1, declared_by_user_id FROM surplus_declarations`,
            [entry],
          );
        } else {
          await client.query(
            `INSERT INTO budget_rounds (cooperative_id, title, pool, within_class, granting_closes_at, opened_by_user_id, journal_entry_id)
             SELECT cooperative_id, 'baseline', pool, within_class, granting_closes_at, opened_by_user_id, $1 FROM budget_rounds`,
            [entry],
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
        `SELECT (SELECT count(*) FROM journal_lines l JOIN surplus_declarations d ON d.journal_entry_id = l.entry_id WHERE l.member_id IS NOT NULL)::int AS payouts,
                (SELECT count(*) FROM journal_lines l JOIN budget_rounds r ON r.journal_entry_id = l.entry_id WHERE l.member_id IS NOT NULL)::int AS allocations,
                (SELECT count(*) FROM journal_lines)::int AS lines`,
      )
    ).rows as { payouts: number; allocations: number; lines: number }[];
    return [
      figure('surplus-100k', apiMs, baselineMs, 'ms<3000', (ms) => ms < 3000, {
        members: MEMBERS,
        declareMs: Math.round(declaredMs),
        rows: { payouts, allocations, journalLines: lines },
        baseline: 'INSERT ... SELECT of the same rows (declaration, round, 2 entries, their lines) into the same tables, constraints included, rolled back',
      }),
    ];
  } finally {
    await env.close();
  }
}
