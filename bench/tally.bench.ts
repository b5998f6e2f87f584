import { accessTokenSigner } from 'src/identity/access-token';
import { BENCH_JWT_SECRET, benchEnvironment, Figure, figure, graphql, median, seedCooperative, startServer } from './support';

const BALLOTS = 1_000_000;

const TALLY = `query ($id: ID!) { proposal(id: $id) { tally { weightedSupportExact voters classes { class yes no abstain } } } }`;

/**
 * Tallies an open proposal with 1,000,000 current ballots through GraphQL (class-weighted, from one
 * GROUP BY over (voter classes, choice)), against the raw GROUP BY choice on the same table.
 */
export async function tallyBench(): Promise<Figure[]> {
  const env = await benchEnvironment();
  try {
    const db = env.pool;
    const { adminId, adminMember, coop } = await seedCooperative(db);
    await db.query(`INSERT INTO users (email, password_hash, display_name) SELECT 'voter' || g || '@bench.example', 'x', 'Voter' FROM generate_series(1, $1) g`, [BALLOTS]);
    await db.query(`INSERT INTO members (cooperative_id, user_id, roles) SELECT $1, id, ARRAY['MEMBER'] FROM users WHERE email LIKE 'voter%'`, [coop]);
    const [{ id: proposal }] = (
      await db.query(
        `INSERT INTO proposals (cooperative_id, title, body, kind, method, classes, opens_at, closes_at, results_visibility, anonymous, created_by_member_id, snapshot_taken_at)
         VALUES ($1, 'Bench', '', 'ORDINARY', 'YES_NO', ARRAY['FOUNDER','FUNDER','WORKER','USER'], now(), now() + interval '1 day', 'ALWAYS', false, $2, now()) RETURNING id`,
        [coop, adminMember],
      )
    ).rows as { id: string }[];
    // Every member in one class, one in 20 in two; every member has a current ballot.
    await db.query(
      `INSERT INTO proposal_electorate (proposal_id, member_id, classes)
       SELECT $1, id, CASE WHEN seniority % 20 = 0 THEN ARRAY['WORKER', 'USER']
                           ELSE ARRAY[(ARRAY['FOUNDER','FUNDER','WORKER','USER'])[1 + seniority % 4]] END
         FROM members WHERE cooperative_id = $2 AND id <> $3`,
      [proposal, coop, adminMember],
    );
    await db.query(
      `INSERT INTO ballots (proposal_id, member_id, class_mask, choice)
       SELECT proposal_id, member_id,
              (SELECT sum(1 << (array_position(ARRAY['FOUNDER','FUNDER','WORKER','USER'], c) - 1))::smallint FROM unnest(classes) c),
              (ARRAY['YES','NO','ABSTAIN','YES','NO'])[1 + abs(hashtext(member_id::text)) % 5] FROM proposal_electorate WHERE proposal_id = $1`,
      [proposal],
    );
    await db.query(
      `UPDATE proposals SET eligible_counts = (
         SELECT jsonb_build_object('classes', jsonb_object_agg(c, n), 'distinct', (SELECT count(*) FROM proposal_electorate WHERE proposal_id = $1))
           FROM (SELECT c, count(*) AS n FROM proposal_electorate, unnest(classes) c WHERE proposal_id = $1 GROUP BY c) t)
       WHERE id = $1`,
      [proposal],
    );
    await db.query('VACUUM ANALYZE ballots');
    const server = await startServer(env);
    const token = accessTokenSigner(BENCH_JWT_SECRET, 3600)({ sub: adminId, ver: 0 });

    const api = await median(11, 2, () => graphql(server.url, TALLY, { id: proposal }, token));
    const raw = await median(11, 2, () => db.query(`SELECT choice, count(*) FROM ballots WHERE proposal_id = $1 GROUP BY choice`, [proposal]));
    return [figure('tally-1m', api, raw, 'ratio<=2.5', (_ms, ratio) => ratio <= 2.5, { ballots: BALLOTS, baseline: 'raw SELECT choice, count(*) ... GROUP BY choice' })];
  } finally {
    await env.close();
  }
}
