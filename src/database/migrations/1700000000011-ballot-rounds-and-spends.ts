import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ballot rounds: a budget round's mode, its winner-selection rule, its electorate (classes and their
 * vote weights, frozen when it opens), its ballot rules and the result stored at close; members'
 * budget ballots with every earlier version kept. Spends: the money a proposal releases when it
 * passes, posted (or marked UNFUNDED) in the transaction that stores its outcome.
 */
export class BallotRoundsAndSpends1700000000011 implements MigrationInterface {
  name = 'BallotRoundsAndSpends1700000000011';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE budget_rounds
        ADD COLUMN mode text NOT NULL DEFAULT 'CONTRIBUTIONS' CHECK (mode IN ('CONTRIBUTIONS', 'BALLOT')),
        ADD COLUMN rule text CHECK (rule IN ('GREEDY', 'EQUAL_SHARES')),
        ADD COLUMN classes text[],
        ADD COLUMN class_weights numeric[],
        ADD COLUMN min_projects smallint CHECK (min_projects >= 0),
        ADD COLUMN max_projects smallint CHECK (max_projects >= 1 AND max_projects >= min_projects),
        ADD COLUMN knapsack boolean NOT NULL DEFAULT false,
        ADD COLUMN min_budget_percent numeric(5, 2) CHECK (min_budget_percent IS NULL OR (min_budget_percent > 0 AND min_budget_percent <= 100 AND knapsack)),
        ADD COLUMN result jsonb,
        ADD CONSTRAINT budget_rounds_ballot_terms CHECK ((mode = 'BALLOT') = (rule IS NOT NULL AND classes IS NOT NULL AND cardinality(classes) = cardinality(class_weights)))`);
    await db.query(`
      CREATE TABLE budget_ballots (
        round_id uuid NOT NULL REFERENCES budget_rounds(id),
        member_id uuid NOT NULL REFERENCES members(id),
        classes text[] NOT NULL CHECK (cardinality(classes) >= 1),
        bucket_ids uuid[] NOT NULL,
        cast_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (round_id, member_id)
      )`);
    await db.query(`
      CREATE TABLE budget_ballot_history (
        id bigserial PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES budget_rounds(id),
        member_id uuid NOT NULL REFERENCES members(id),
        bucket_ids uuid[] NOT NULL,
        cast_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX budget_ballot_history_member_idx ON budget_ballot_history (round_id, member_id, id)');
    await db.query('CREATE TRIGGER budget_ballot_history_immutable BEFORE UPDATE OR DELETE ON budget_ballot_history FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
    await db.query(`
      CREATE TABLE proposal_spends (
        proposal_id uuid PRIMARY KEY REFERENCES proposals(id),
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        bucket_id uuid REFERENCES buckets(id),
        payee text CHECK (length(payee) BETWEEN 1 AND 300),
        memo text CHECK (length(memo) <= 1000),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'POSTED', 'UNFUNDED')),
        shortfall numeric(20, 2) CHECK (shortfall > 0),
        journal_entry_id uuid REFERENCES journal_entries(id),
        CHECK ((bucket_id IS NULL) <> (payee IS NULL)),
        CHECK ((status = 'POSTED') = (journal_entry_id IS NOT NULL)),
        CHECK ((status = 'UNFUNDED') = (shortfall IS NOT NULL))
      )`);
    // Once settled, a spend never changes again.
    await db.query(`
      CREATE FUNCTION proposal_spends_settle_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status <> 'PENDING' THEN RAISE EXCEPTION 'a settled spend cannot change' USING ERRCODE = 'P0001'; END IF;
        RETURN NEW;
      END $$`);
    await db.query('CREATE TRIGGER proposal_spends_settle_once BEFORE UPDATE OR DELETE ON proposal_spends FOR EACH ROW EXECUTE FUNCTION proposal_spends_settle_once()');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE proposal_spends');
    await db.query('DROP FUNCTION proposal_spends_settle_once');
    await db.query('DROP TABLE budget_ballot_history');
    await db.query('DROP TABLE budget_ballots');
    await db.query(
      'ALTER TABLE budget_rounds DROP COLUMN mode, DROP COLUMN rule, DROP COLUMN classes, DROP COLUMN class_weights, DROP COLUMN min_projects, DROP COLUMN max_projects, DROP COLUMN knapsack, DROP COLUMN min_budget_percent, DROP COLUMN result',
    );
  }
}
