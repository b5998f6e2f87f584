/**
 * The SQL of the vote path, shared with the bare-handler baseline in bench/cast-vote.bench.ts so the
 * benchmark compares the framework around the same statements. A vote is BEGIN, VOTE_CONTEXT, one
 * write, COMMIT.
 */

/** Everything a vote needs, in one statement: the proposal (share-locked so no ballot commits after the outcome is stored), the caller's active membership and frozen electorate row. */
export const VOTE_CONTEXT = `
  SELECT p.cooperative_id AS "cooperativeId", p.method, p.anonymous, p.opens_at AS "opensAt", p.closes_at AS "closesAt", p.closed_at AS "closedAt",
         p.snapshot_taken_at IS NOT NULL AS "snapshotTaken", m.id AS "memberId", e.classes, e.voted_at AS "votedAt",
         p.min_choices AS "minChoices", p.max_choices AS "maxChoices", p.max_score AS "maxScore", p.dots, p.credits,
         CASE WHEN p.method NOT IN ('YES_NO', 'CONSENT') THEN (SELECT array_agg(o.id ORDER BY o.position) FROM proposal_options o WHERE o.proposal_id = p.id) END AS "optionIds"
    FROM proposals p
    LEFT JOIN members m ON m.cooperative_id = p.cooperative_id AND m.user_id = $2 AND m.status = 'ACTIVE'
    LEFT JOIN proposal_electorate e ON e.proposal_id = p.id AND e.member_id = m.id
   WHERE p.id = $1
     FOR SHARE OF p`;

export interface VoteContext {
  cooperativeId: string;
  method: string;
  anonymous: boolean;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  snapshotTaken: boolean;
  /** Null when the caller is not an active member of the proposal's cooperative. */
  memberId: string | null;
  /** Null when the member is not in the electorate. */
  classes: string[] | null;
  votedAt: Date | null;
  minChoices: number | null;
  maxChoices: number | null;
  maxScore: number | null;
  dots: number | null;
  credits: number | null;
  /** Option methods: the options' ids in listing order. */
  optionIds: string[] | null;
}

export const BALLOT_COLUMNS = `id, proposal_id AS "proposalId", choice, reason, cast_at AS "castAt", member_id AS "memberId", positions, amounts`;

/**
 * Replaces the member's current ballot and appends it to the history, in one statement. The history
 * row is written under the ballot's row lock, so history order is the order ballots replaced each other.
 * Parameters: proposal, member, class mask, choice, reason, option positions, amounts.
 */
export const WRITE_NAMED_BALLOT = `
  WITH ballot AS (
    INSERT INTO ballots (proposal_id, member_id, class_mask, choice, reason, positions, amounts) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (proposal_id, member_id) WHERE member_id IS NOT NULL
    DO UPDATE SET choice = EXCLUDED.choice, reason = EXCLUDED.reason, positions = EXCLUDED.positions, amounts = EXCLUDED.amounts, cast_at = clock_timestamp()
    RETURNING *
  ), revision AS (
    INSERT INTO ballot_history (proposal_id, member_id, choice, reason, cast_at, positions, amounts)
    SELECT proposal_id, member_id, choice, reason, cast_at, positions, amounts FROM ballot
  )
  SELECT ${BALLOT_COLUMNS} FROM ballot`;

/**
 * Anonymous: marks the electorate row as voted and stores a ballot without identity, in one statement.
 * No row comes back when the member had already voted (also when two of their votes race).
 * Parameters: proposal, member, class mask, choice, reason, option positions, amounts.
 */
export const WRITE_ANONYMOUS_BALLOT = `
  WITH voter AS (
    UPDATE proposal_electorate SET voted_at = now() WHERE proposal_id = $1 AND member_id = $2 AND voted_at IS NULL RETURNING proposal_id
  )
  INSERT INTO ballots (proposal_id, class_mask, choice, reason, positions, amounts) SELECT proposal_id, $3, $4, $5, $6::smallint[], $7::integer[] FROM voter
  RETURNING ${BALLOT_COLUMNS}`;
