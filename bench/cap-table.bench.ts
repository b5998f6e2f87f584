import { accessTokenSigner } from 'src/identity/access-token';
import { BENCH_JWT_SECRET, benchEnvironment, Figure, figure, graphql, median, seedCooperative, seedHolders, startServer } from './support';

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
    const { adminId, coop } = await seedCooperative(db);
    await seedHolders(db, coop, HOLDERS);
    const server = await startServer(env);
    const token = accessTokenSigner(BENCH_JWT_SECRET, 3600)({ sub: adminId, ver: 0 });

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
