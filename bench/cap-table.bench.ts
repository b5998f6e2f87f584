import { signToken } from 'src/identity/jwt';
import { BENCH_JWT_SECRET, benchEnvironment, Figure, figure, graphql, median, startServer } from './support';

const HOLDERS = 100_000;

const CAP_TABLE = `query ($slug: String!) {
  cooperative(slug: $slug) {
    capTable {
      unallocatedShare
      classes { class totalUnits memberCount voteWeight }
      holders(first: 20) { totalCount edges { node { member { id } units { class units } equityShare } } }
    }
  }
}`;

/**
 * The cap table of a cooperative with 100,000 holders spread over the four classes: class totals
 * plus the first page of holders, through GraphQL, against the raw SQL that reads the same numbers.
 */
export async function capTableBench(): Promise<Figure[]> {
  const env = await benchEnvironment();
  try {
    const db = env.pool;
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
    await db.query(`INSERT INTO users (email, password_hash, display_name) SELECT 'holder' || g || '@bench.example', 'x', 'Holder ' || g FROM generate_series(1, $1) g`, [HOLDERS]);
    await db.query(`INSERT INTO members (cooperative_id, user_id, roles) SELECT $1, id, ARRAY['MEMBER'] FROM users WHERE email LIKE 'holder%' ORDER BY email`, [coop]);
    // Every holder gets units in one class (round robin) through the register, so the projection is built by its trigger.
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
    const server = await startServer(env);
    const token = signToken(adminId, BENCH_JWT_SECRET, 3600).token;

    const api = await median(30, 5, () => graphql(server.url, CAP_TABLE, { slug: 'bench' }, token));
    const raw = await median(30, 5, () =>
      Promise.all([
        db.query(`SELECT stakeholder_class, sum(units), count(*) FROM member_class_units WHERE cooperative_id = $1 AND units > 0 GROUP BY 1`, [coop]),
        db.query(`SELECT m.id, u.stakeholder_class, u.units FROM (SELECT id FROM members m WHERE cooperative_id = $1 AND EXISTS (SELECT 1 FROM member_class_units u WHERE u.member_id = m.id AND u.units > 0) ORDER BY seniority LIMIT 20) m JOIN member_class_units u ON u.member_id = m.id`, [coop]),
        db.query(`SELECT count(DISTINCT member_id) FROM member_class_units WHERE cooperative_id = $1 AND units > 0`, [coop]),
      ]),
    );
    return [figure('cap-table-100k', api, raw, 'ms<300 && ratio<=3', (ms, ratio) => ms < 300 && ratio <= 3, { holders: HOLDERS, baseline: 'raw SQL: class aggregate + first page + holder count' })];
  } finally {
    await env.close();
  }
}
