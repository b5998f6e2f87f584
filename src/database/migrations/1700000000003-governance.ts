import { MigrationInterface, QueryRunner } from 'typeorm';

/** Proposals, their frozen electorates, ballots with history, and outcomes stored exactly once. */
export class Governance1700000000003 implements MigrationInterface {
  name = 'Governance1700000000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        body text NOT NULL CHECK (length(body) <= 50000),
        kind text NOT NULL CHECK (kind IN ('ORDINARY', 'SPECIAL')),
        method text NOT NULL CHECK (method IN ('YES_NO', 'CONSENT', 'SINGLE_CHOICE', 'APPROVAL', 'RANKED_CHOICE', 'SCORE', 'DOT_VOTE', 'QUADRATIC')),
        classes text[] NOT NULL CHECK (cardinality(classes) BETWEEN 1 AND 4 AND classes <@ ARRAY['FOUNDER', 'FUNDER', 'WORKER', 'USER']),
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        results_visibility text NOT NULL CHECK (results_visibility IN ('ALWAYS', 'AFTER_VOTE', 'AFTER_CLOSE')),
        anonymous boolean NOT NULL,
        bylaws_amendment jsonb,
        created_by_member_id uuid NOT NULL REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Frozen at opening: eligible members per class and in all (a member in two classes counts once).
        snapshot_taken_at timestamptz,
        eligible_counts jsonb,
        -- Set once, with the row in proposal_outcomes, when the outcome is stored.
        closed_at timestamptz,
        CHECK (closes_at > opens_at),
        CHECK (bylaws_amendment IS NULL OR kind = 'SPECIAL')
      )`);
    await db.query('CREATE INDEX proposals_cooperative_idx ON proposals (cooperative_id, seq)');
    await db.query('CREATE INDEX proposals_open_idx ON proposals (closes_at) WHERE closed_at IS NULL');

    await db.query(`
      CREATE TABLE proposal_electorate (
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        member_id uuid NOT NULL REFERENCES members(id),
        classes text[] NOT NULL CHECK (cardinality(classes) >= 1),
        -- Anonymous proposals record only that the member voted, never what.
        voted_at timestamptz,
        PRIMARY KEY (proposal_id, member_id)
      )`);

    // The current ballot per voter. Anonymous ballots have no member_id; their classes come from the snapshot.
    await db.query(`
      CREATE TABLE ballots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        member_id uuid REFERENCES members(id),
        -- The voter's classes at the snapshot as bits (FOUNDER 1, FUNDER 2, WORKER 4, USER 8): cheap to group by.
        class_mask smallint NOT NULL CHECK (class_mask BETWEEN 1 AND 15),
        choice text CHECK (choice IN ('YES', 'NO', 'ABSTAIN', 'BLOCK')),
        reason text CHECK (length(reason) <= 5000),
        cast_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (choice <> 'BLOCK' OR reason IS NOT NULL)
      )`);
    await db.query('CREATE UNIQUE INDEX ballots_one_per_member ON ballots (proposal_id, member_id) WHERE member_id IS NOT NULL');
    await db.query('CREATE INDEX ballots_proposal_idx ON ballots (proposal_id, id)');

    // Every ballot ever cast (non-anonymous proposals), in order: re-voting adds here and replaces the current one.
    await db.query(`
      CREATE TABLE ballot_history (
        seq bigserial PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        member_id uuid NOT NULL REFERENCES members(id),
        choice text,
        reason text,
        cast_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX ballot_history_member_idx ON ballot_history (proposal_id, member_id, seq)');
    await db.query('CREATE TRIGGER ballot_history_immutable BEFORE UPDATE OR DELETE ON ballot_history FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    // The outcome and the tally that produced it: the primary key makes closing exactly-once.
    await db.query(`
      CREATE TABLE proposal_outcomes (
        proposal_id uuid PRIMARY KEY REFERENCES proposals(id),
        outcome text NOT NULL CHECK (outcome IN ('PASSED', 'REJECTED', 'BLOCKED', 'NO_QUORUM')),
        tally jsonb NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now(),
        closed_by text NOT NULL,
        enacted_bylaws_id uuid REFERENCES bylaws(id),
        enactment_error text
      )`);
    await db.query('CREATE TRIGGER proposal_outcomes_immutable BEFORE UPDATE OR DELETE ON proposal_outcomes FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
    await db.query('ALTER TABLE bylaws ADD CONSTRAINT bylaws_enacted_by_fk FOREIGN KEY (enacted_by_proposal_id) REFERENCES proposals(id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE bylaws DROP CONSTRAINT bylaws_enacted_by_fk');
    await db.query('DROP TABLE proposal_outcomes');
    await db.query('DROP TABLE ballot_history');
    await db.query('DROP TABLE ballots');
    await db.query('DROP TABLE proposal_electorate');
    await db.query('DROP TABLE proposals');
  }
}
