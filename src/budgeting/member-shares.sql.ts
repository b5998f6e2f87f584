import { ComputedLines } from 'src/ledger/posting';
import { ClassPool, WithinClass } from './distribution';

export interface MemberSharesArgs {
  cooperativeId: string;
  /** The pool of each class (see `classPools`); together the whole amount being distributed. */
  pools: ClassPool[];
  within: WithinClass;
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
 * Holders, shares and the unclaimed rest come from one statement's snapshot, so a holder admitted
 * meanwhile can never make the entry unbalanced.
 */
export function memberShareLines(args: MemberSharesArgs): ComputedLines {
  const weight = args.within === 'PRO_RATA' ? 'u.units' : '1::numeric';
  const sql = `
    WITH pools AS (SELECT * FROM unnest($2::text[], $3::bigint[]) AS p(stakeholder_class, pool)),
    claims AS (
      SELECT u.member_id, u.stakeholder_class, m.seniority, p.pool, ${weight} AS weight
        FROM member_class_units u
        JOIN members m ON m.id = u.member_id
        JOIN pools p ON p.stakeholder_class = u.stakeholder_class
       WHERE u.cooperative_id = $1 AND u.units > 0 AND m.status = 'ACTIVE'),
    exact AS (
      SELECT member_id, stakeholder_class, seniority, pool, div(pool * weight, total) AS floor_cents, mod(pool * weight, total) AS remainder
        FROM (SELECT c.*, sum(c.weight) OVER (PARTITION BY c.stakeholder_class) AS total FROM claims c) AS t),
    ranked AS (
      SELECT e.*, e.pool - sum(e.floor_cents) OVER (PARTITION BY e.stakeholder_class) AS leftover,
             row_number() OVER (PARTITION BY e.stakeholder_class ORDER BY e.remainder DESC, e.seniority, e.member_id) AS place
        FROM exact e),
    shares AS (SELECT member_id, stakeholder_class, (floor_cents + CASE WHEN place <= leftover THEN 1 ELSE 0 END)::bigint AS cents FROM ranked)
    SELECT $4::uuid AS account_id, member_id, stakeholder_class, -cents AS cents FROM shares
    UNION ALL
    SELECT $5::uuid, NULL::uuid, NULL::text, -((SELECT sum(pool) FROM pools) - coalesce((SELECT sum(cents) FROM shares), 0))::bigint`;
  return {
    sql,
    params: [args.cooperativeId, args.pools.map((p) => p.class), args.pools.map((p) => p.cents.toString()), args.memberAccountId, args.unclaimedAccountId],
    totalCents: -args.pools.reduce((sum, p) => sum + p.cents, 0n),
  };
}
