import { Pool } from 'pg';
import { signToken } from 'src/identity/jwt';
import { BENCH_JWT_SECRET, benchEnvironment, Figure, figure, graphql, startServer } from './support';

const MEMBERS = 100_000;

const DECLARE = `mutation ($input: DeclareSurplusInput!) { declareSurplus(input: $input) { id dividends { amount } } }`;
const OPEN = `mutation ($input: OpenBudgetRoundInput!) { openBudgetRound(input: $input) { id pool { amount } } }`;

async function seed(db: Pool): Promise<{ adminId: string; coop: string }> {
  const [{ id: adminId }] = (await db.query(`INSERT INTO users (email, password_hash, display_name) VALUES ('admin@bench.example', 'x', 'Admin') RETURNING id`)).rows as { id: string }[];
  const [{ id: coop }] = (await db.query(`INSERT INTO cooperatives (name, slug, currency) VALUES ('Bench', 'bench', 'EUR') RETURNING id`)).rows as { id: string }[];
  await db.query(
    `INSERT INTO bylaws (cooperative_id, version, vote_weight_founder, vote_weight_funder, vote_weight_worker, vote_weight_user, reserve_percent, dividend_percent,
       cobudget_percent, quorum_per_class, quorum_overall, worker_units_per_hour, funder_units_per_currency_unit, user_units_per_currency_unit, grace_days,
       suspension_days, members_may_propose, cobudget_allocation)
     VALUES ($1, 1, 0.25, 0.25, 0.25, 0.25, 30, 50, 20, 0, 0, 1, 1, 1, 30, 90, false, 'EQUAL')`,
    [coop],
  );
  await db.query(`INSERT INTO members (cooperative_id, user_id, roles) VALUES ($1, $2, ARRAY['ADMIN','COORDINATOR','MEMBER'])`, [coop, adminId]);
  await db.query(`INSERT INTO users (email, password_hash, display_name) SELECT 'holder' || g || '@bench.example', 'x', 'Holder' FROM generate_series(1, $1) g`, [MEMBERS]);
  await db.query(`INSERT INTO members (cooperative_id, user_id, roles) SELECT $1, id, ARRAY['MEMBER'] FROM users WHERE email LIKE 'holder%'`, [coop]);
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
  if (process.env.TETRAD_PG_LOG === '1') await db.query(`ALTER SYSTEM SET log_min_duration_statement = 100`).then(() => db.query('SELECT pg_reload_conf()'));
  return { adminId, coop };
}

/**
 * Declares a surplus for 100,000 members and opens the round from its co-budget (dividends and
 * allocations written: rows, journal lines, accounts). Baseline: bulk-inserting the same rows in SQL.
 */
export async function surplusBench(): Promise<Figure[]> {
  const env = await benchEnvironment();
  try {
    const db = env.pool;
    const { adminId, coop } = await seed(db);
    const server = await startServer(env);
    const token = signToken(adminId, BENCH_JWT_SECRET, 3600).token;

    const started = process.hrtime.bigint();
    const { declareSurplus } = await graphql<{ declareSurplus: { id: string } }>(server.url, DECLARE, { input: { cooperativeId: coop, period: '2026', amount: '1000000.00', idempotencyKey: 'bench' } }, token);
    const declaredMs = Number(process.hrtime.bigint() - started) / 1e6;
    await graphql(server.url, OPEN, { input: { cooperativeId: coop, title: 'Bench round', surplusId: declareSurplus.id, grantingClosesAt: new Date(Date.now() + 86_400_000).toISOString() } }, token);
    const apiMs = Number(process.hrtime.bigint() - started) / 1e6;

    // Baseline: the same rows bulk-inserted by hand into the same tables (constraints, indexes and
    // triggers included) in one transaction that is rolled back: accounts, journal lines, payouts, allocations.
    const client = await db.connect();
    const baselineStarted = process.hrtime.bigint();
    try {
      await client.query('BEGIN');
      const [{ id: declaration }] = (
        await client.query(
          `INSERT INTO surplus_declarations (cooperative_id, period, amount, reserve, dividends, cobudget, idempotency_key, journal_entry_id, declared_by_user_id)
           SELECT cooperative_id, 'baseline', amount, reserve, dividends, cobudget, 'baseline', journal_entry_id, declared_by_user_id FROM surplus_declarations RETURNING id`,
        )
      ).rows as { id: string }[];
      const [{ id: round }] = (
        await client.query(
          `INSERT INTO budget_rounds (cooperative_id, title, pool, within_class, granting_closes_at, opened_by_user_id)
           SELECT cooperative_id, 'baseline', pool, within_class, granting_closes_at, opened_by_user_id FROM budget_rounds RETURNING id`,
        )
      ).rows as { id: string }[];
      await client.query(
        `INSERT INTO ledger_accounts (cooperative_id, code, type, member_id, scope_id) SELECT cooperative_id, code, type, member_id, $1 FROM ledger_accounts WHERE member_id IS NOT NULL`,
        [round],
      );
      for (const source of ['SURPLUS_DECLARATION', 'BUDGET_ROUND']) {
        const [{ id: entry }] = (
          await client.query(`INSERT INTO journal_entries (cooperative_id, description, source_type) SELECT cooperative_id, 'baseline', source_type FROM journal_entries WHERE source_type = $1 RETURNING id`, [source])
        ).rows as { id: string }[];
        await client.query(
          `INSERT INTO journal_lines (entry_id, account_id, amount) SELECT $1, l.account_id, l.amount FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.source_type = $2`,
          [entry, source],
        );
      }
      await client.query(`INSERT INTO dividend_payouts (declaration_id, member_id, stakeholder_class, amount) SELECT $1, member_id, stakeholder_class, amount FROM dividend_payouts`, [declaration]);
      await client.query(`INSERT INTO allocations (round_id, member_id, stakeholder_class, amount) SELECT $1, member_id, stakeholder_class, amount FROM allocations`, [round]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    const baselineMs = Number(process.hrtime.bigint() - baselineStarted) / 1e6;
    const [{ payouts, allocations, lines }] = (
      await db.query(`SELECT (SELECT count(*) FROM dividend_payouts)::int AS payouts, (SELECT count(*) FROM allocations)::int AS allocations, (SELECT count(*) FROM journal_lines)::int AS lines`)
    ).rows as { payouts: number; allocations: number; lines: number }[];
    return [
      figure('surplus-100k', apiMs, baselineMs, 'ms<3000', (ms) => ms < 3000, {
        members: MEMBERS,
        declareMs: Math.round(declaredMs),
        rows: { payouts, allocations, journalLines: lines },
        baseline: 'INSERT ... SELECT of the same rows into the same tables, constraints included, rolled back',
      }),
    ];
  } finally {
    await env.close();
  }
}
