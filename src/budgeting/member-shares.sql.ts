import { ComputedLines } from 'src/ledger/posting';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { ClassPool, WithinClass } from './distribution';

export interface MemberSharesArgs {
  cooperativeId: string;
  /** The pool of each class (see `classPools`); together the whole amount being distributed. */
  pools: ClassPool[];
  within: WithinClass;
  /** Classes split equally per member whatever `within` says ("one member, one share"). */
  perMemberClasses: readonly StakeholderClass[];
  /** The per-member account credited with each member's share (dividends payable, a round's allocations). */
  memberAccountId: string;
  /** The account credited with the pools of classes that have no holders (the reserve). */
  unclaimedAccountId: string;
}

/**
 * The within-class step of the fair-shares split, as ledger lines the database computes while it
 * writes them: one credit per active holder and class, plus one credit of the unclaimed pools.
 *
 * Largest remainder in exact integer arithmetic, as `apportion` does it: a holder's exact share is
 * pool × weight / Σweight cents; `div` gives its floor and `mod` its remainder's numerator, which
 * compares exactly within a class because the denominator is the class's. The leftover cents go to
 * the largest remainders, ties to the earlier admission (seniority), then the lower member id.
 * In a per-member class every holder weighs 1, so pro rata is equal there.
 * Holders, shares and the unclaimed rest come from one statement's snapshot, so a holder admitted
 * meanwhile can never make the entry unbalanced.
 */
export function memberShareLines(args: MemberSharesArgs): ComputedLines {
  const sql = `
    WITH pools AS (SELECT * FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS p(stakeholder_class, pool, class_rank)),
    claims AS (
      SELECT u.member_id, u.stakeholder_class, p.class_rank, m.seniority, p.pool,
             CASE WHEN u.stakeholder_class = ANY($6::text[]) THEN 1 ELSE u.units END AS units
        FROM member_class_units u
        JOIN members m ON m.id = u.member_id
        JOIN pools p ON p.stakeholder_class = u.stakeholder_class
       WHERE u.cooperative_id = $1 AND u.units > 0 AND m.status = 'ACTIVE'),
    shares AS (${args.within === 'EQUAL' ? EQUAL_SHARES : PRO_RATA_SHARES})
    SELECT $4::uuid AS account_id, member_id, stakeholder_class, -cents::bigint AS cents FROM shares
    UNION ALL
    SELECT $5::uuid, NULL::uuid, NULL::text, -((SELECT sum(pool) FROM pools) - coalesce((SELECT sum(cents) FROM shares), 0))::bigint`;
  return {
    sql,
    params: [args.cooperativeId, args.pools.map((p) => p.class), args.pools.map((p) => p.cents.toString()), args.memberAccountId, args.unclaimedAccountId, args.perMemberClasses],
    totalCents: -args.pools.reduce((sum, p) => sum + p.cents, 0n),
  };
}

/**
 * Weights are units: floor and remainder of pool × units / Σunits in exact numeric arithmetic. The
 * ranking sorts first by the remainder as float8, which is cheap to compare and never inverts an
 * order (rounding is monotonic), then by the exact remainder, so the order is the exact one.
 * `OFFSET 0` keeps each subquery from being inlined, so every numeric expression is computed once.
 */
const PRO_RATA_SHARES = `
      WITH totals AS (SELECT class_rank, sum(units) AS total FROM claims GROUP BY class_rank),
      exact AS (
        SELECT member_id, stakeholder_class, class_rank, seniority, pool, floor_cents::bigint AS floor_cents, product - floor_cents * total AS remainder
          FROM (SELECT c.*, t.total, c.pool * c.units AS product, div(c.pool * c.units, t.total) AS floor_cents FROM claims c JOIN totals t USING (class_rank) OFFSET 0) AS p
        OFFSET 0)
      SELECT member_id, stakeholder_class, floor_cents + CASE WHEN place <= leftover THEN 1 ELSE 0 END AS cents
        FROM (SELECT e.*, e.pool - sum(e.floor_cents) OVER (PARTITION BY e.class_rank) AS leftover,
                     row_number() OVER (PARTITION BY e.class_rank ORDER BY e.approx DESC, e.remainder DESC, e.seniority, e.member_id) AS place
                FROM (SELECT x.*, x.remainder::float8 AS approx FROM exact x OFFSET 0) AS e) AS ranked`;

/**
 * Equal weights: every holder of a class has the same floor (pool div n) and the same remainder, so
 * the pool mod n leftover cents go to the first holders by seniority, in integer arithmetic.
 */
const EQUAL_SHARES = `
      SELECT member_id, stakeholder_class, pool / n + CASE WHEN place <= pool % n THEN 1 ELSE 0 END AS cents
        FROM (SELECT c.member_id, c.stakeholder_class, c.pool, count(*) OVER (PARTITION BY c.class_rank) AS n,
                     row_number() OVER (PARTITION BY c.class_rank ORDER BY c.seniority, c.member_id) AS place
                FROM claims c) AS counted`;
