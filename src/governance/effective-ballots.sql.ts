/**
 * The ballots a tally counts for the proposals in $1 (uuid[]): every current ballot, and for each
 * member who gave a proxy and has not voted directly, the holder's ballot again in the giver's classes
 * (their class mask at the snapshot). A direct ballot always wins; a proposal's own proxy wins over a
 * standing one; a holder's carried votes are never passed on (only direct ballots are copied); and
 * anonymous proposals take no proxies. So each member counts once: directly, by proxy, or not at all.
 * Driven from the live proxies, so it costs nothing when there are none.
 */
export const EFFECTIVE_BALLOTS = `
  SELECT proposal_id, class_mask, choice, positions, amounts FROM ballots WHERE proposal_id = ANY($1)
  UNION ALL
  SELECT p.id, (SELECT sum(CASE c WHEN 'FOUNDER' THEN 1 WHEN 'FUNDER' THEN 2 WHEN 'WORKER' THEN 4 ELSE 8 END) FROM unnest(e.classes) c)::smallint,
         b.choice, b.positions, b.amounts
    FROM proxies x
    JOIN proposals p ON p.cooperative_id = x.cooperative_id AND p.id = ANY($1) AND NOT p.anonymous
    JOIN ballots b ON b.proposal_id = p.id AND b.member_id = x.holder_member_id
    JOIN proposal_electorate e ON e.proposal_id = p.id AND e.member_id = x.giver_member_id
   WHERE x.revoked_at IS NULL
     AND (x.proposal_id = p.id
          OR (x.proposal_id IS NULL AND NOT EXISTS (SELECT 1 FROM proxies y WHERE y.giver_member_id = x.giver_member_id AND y.proposal_id = p.id AND y.revoked_at IS NULL)))
     AND NOT EXISTS (SELECT 1 FROM ballots d WHERE d.proposal_id = p.id AND d.member_id = x.giver_member_id)`;
