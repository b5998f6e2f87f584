import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Option methods: a proposal's options in listing order and its per-method settings; ballots keep
 * option positions (the chosen set, or a ranking in order) and per-option amounts (scores, dots,
 * votes) as small arrays, so plurality-style tallies aggregate in SQL; CONDORCET and the TIED outcome.
 * Also proxies (one member's vote carried by another, per proposal or standing, with a bylaws limit
 * per holder) and outcome statements (the decision in words, with a review date; every version kept).
 */
export class OptionMethods1700000000010 implements MigrationInterface {
  name = 'OptionMethods1700000000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE proposals DROP CONSTRAINT proposals_method_check');
    await db.query(
      `ALTER TABLE proposals ADD CONSTRAINT proposals_method_check CHECK (method IN ('YES_NO', 'CONSENT', 'SINGLE_CHOICE', 'APPROVAL', 'RANKED_CHOICE', 'SCORE', 'DOT_VOTE', 'QUADRATIC', 'CONDORCET'))`,
    );
    await db.query(`
      ALTER TABLE proposals
        ADD COLUMN min_choices smallint CHECK (min_choices >= 1),
        ADD COLUMN max_choices smallint CHECK (max_choices >= min_choices),
        ADD COLUMN max_score smallint CHECK (max_score BETWEEN 1 AND 100),
        ADD COLUMN dots smallint CHECK (dots BETWEEN 1 AND 1000),
        ADD COLUMN credits integer CHECK (credits BETWEEN 1 AND 1000000)`);
    await db.query(`
      CREATE TABLE proposal_options (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        position smallint NOT NULL CHECK (position BETWEEN 0 AND 49),
        label text NOT NULL CHECK (length(label) BETWEEN 1 AND 300),
        CONSTRAINT proposal_options_position_unique UNIQUE (proposal_id, position)
      )`);
    await db.query('CREATE TRIGGER proposal_options_immutable BEFORE UPDATE OR DELETE ON proposal_options FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
    for (const table of ['ballots', 'ballot_history']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN positions smallint[], ADD COLUMN amounts integer[]`);
    }
    await db.query('ALTER TABLE proposal_outcomes DROP CONSTRAINT proposal_outcomes_outcome_check');
    await db.query(`ALTER TABLE proposal_outcomes ADD CONSTRAINT proposal_outcomes_outcome_check CHECK (outcome IN ('PASSED', 'REJECTED', 'BLOCKED', 'NO_QUORUM', 'TIED'))`);

    await db.query(`
      CREATE TABLE outcome_statements (
        seq bigserial PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        statement text NOT NULL CHECK (length(statement) BETWEEN 1 AND 20000),
        review_on date,
        recorded_by_user_id uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX outcome_statements_proposal_idx ON outcome_statements (proposal_id, seq)');
    await db.query('CREATE TRIGGER outcome_statements_immutable BEFORE UPDATE OR DELETE ON outcome_statements FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    // 1 by default (the FairShares rules); 0 disables proxies.
    await db.query('ALTER TABLE bylaws ADD COLUMN proxies_per_holder smallint NOT NULL DEFAULT 1 CHECK (proxies_per_holder BETWEEN 0 AND 100)');
    await db.query(`
      CREATE TABLE proxies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        giver_member_id uuid NOT NULL REFERENCES members(id),
        holder_member_id uuid NOT NULL REFERENCES members(id),
        -- Null: a standing proxy, for every proposal until revoked.
        proposal_id uuid REFERENCES proposals(id),
        appointed_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK (giver_member_id <> holder_member_id)
      )`);
    // One live proxy per giver and scope (a proposal, or standing).
    await db.query('CREATE UNIQUE INDEX proxies_one_live_per_giver ON proxies (giver_member_id, coalesce(proposal_id, giver_member_id)) WHERE revoked_at IS NULL');
    await db.query('CREATE INDEX proxies_holder_idx ON proxies (holder_member_id) WHERE revoked_at IS NULL');
    await db.query('CREATE INDEX proxies_cooperative_idx ON proxies (cooperative_id) WHERE revoked_at IS NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM proposals WHERE method = 'CONDORCET' OR min_choices IS NOT NULL OR EXISTS (SELECT 1 FROM proposal_options o WHERE o.proposal_id = proposals.id)`)) as { n: number }[];
    if (n > 0) throw new Error(`${n} proposals use option methods and their options cannot be deleted; this migration cannot be undone`);
    await db.query('DROP TABLE proxies');
    await db.query('ALTER TABLE bylaws DROP COLUMN proxies_per_holder');
    await db.query('DROP TABLE outcome_statements');
    await db.query('ALTER TABLE proposal_outcomes DROP CONSTRAINT proposal_outcomes_outcome_check');
    await db.query(`ALTER TABLE proposal_outcomes ADD CONSTRAINT proposal_outcomes_outcome_check CHECK (outcome IN ('PASSED', 'REJECTED', 'BLOCKED', 'NO_QUORUM'))`);
    for (const table of ['ballots', 'ballot_history']) await db.query(`ALTER TABLE ${table} DROP COLUMN positions, DROP COLUMN amounts`);
    await db.query('DROP TABLE proposal_options');
    await db.query('ALTER TABLE proposals DROP COLUMN min_choices, DROP COLUMN max_choices, DROP COLUMN max_score, DROP COLUMN dots, DROP COLUMN credits');
    await db.query('ALTER TABLE proposals DROP CONSTRAINT proposals_method_check');
    await db.query(`ALTER TABLE proposals ADD CONSTRAINT proposals_method_check CHECK (method IN ('YES_NO', 'CONSENT', 'SINGLE_CHOICE', 'APPROVAL', 'RANKED_CHOICE', 'SCORE', 'DOT_VOTE', 'QUADRATIC'))`);
  }
}
