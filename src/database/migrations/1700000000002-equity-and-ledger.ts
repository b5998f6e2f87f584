import { MigrationInterface, QueryRunner } from 'typeorm';

/** Membership applications, the unit register with its per-holder projection, and the ledger. */
export class EquityAndLedger1700000000002 implements MigrationInterface {
  name = 'EquityAndLedger1700000000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE membership_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        user_id uuid NOT NULL REFERENCES users(id),
        stakeholder_class text NOT NULL CHECK (stakeholder_class IN ('FOUNDER', 'FUNDER', 'WORKER', 'USER')),
        statement text CHECK (length(statement) <= 5000),
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ADMITTED', 'REJECTED', 'WITHDRAWN')),
        decided_by_member_id uuid REFERENCES members(id),
        decision_reason text CHECK (length(decision_reason) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX membership_applications_one_pending ON membership_applications (cooperative_id, user_id, stakeholder_class) WHERE status = 'PENDING'`);

    // The unit register: immutable entries; cancellations are negative entries, never deletions.
    await db.query(`
      CREATE TABLE unit_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        member_id uuid NOT NULL REFERENCES members(id),
        stakeholder_class text NOT NULL CHECK (stakeholder_class IN ('FOUNDER', 'FUNDER', 'WORKER', 'USER')),
        kind text NOT NULL CHECK (kind IN ('FOUNDING', 'LABOUR', 'CAPITAL', 'PATRONAGE', 'CANCELLATION')),
        units numeric NOT NULL CHECK (units <> 0),
        hours numeric CHECK (hours > 0),
        amount numeric(20, 2) CHECK (amount > 0),
        description text,
        occurred_on date NOT NULL DEFAULT current_date,
        recorded_by_user_id uuid REFERENCES users(id),
        journal_entry_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'CANCELLATION') = (units < 0)),
        CHECK (kind <> 'LABOUR' OR (hours IS NOT NULL AND stakeholder_class = 'WORKER')),
        CHECK (kind <> 'FOUNDING' OR stakeholder_class = 'FOUNDER'),
        CHECK (kind <> 'CAPITAL' OR (amount IS NOT NULL AND stakeholder_class = 'FUNDER')),
        CHECK (kind <> 'PATRONAGE' OR (amount IS NOT NULL AND stakeholder_class = 'USER'))
      )`);
    await db.query('CREATE INDEX unit_entries_member_idx ON unit_entries (member_id, seq)');
    await db.query('CREATE INDEX unit_entries_cooperative_idx ON unit_entries (cooperative_id, seq)');
    await db.query('CREATE TRIGGER unit_entries_immutable BEFORE UPDATE OR DELETE ON unit_entries FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    // Units held per member and class, kept by the database from the register so it cannot drift.
    await db.query(`
      CREATE TABLE member_class_units (
        member_id uuid NOT NULL REFERENCES members(id),
        stakeholder_class text NOT NULL,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        units numeric NOT NULL CHECK (units >= 0),
        PRIMARY KEY (member_id, stakeholder_class)
      )`);
    await db.query('CREATE INDEX member_class_units_holders_idx ON member_class_units (cooperative_id, stakeholder_class) INCLUDE (units, member_id) WHERE units > 0');
    await db.query(`
      CREATE FUNCTION apply_unit_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.units > 0 THEN
          INSERT INTO member_class_units (member_id, stakeholder_class, cooperative_id, units)
          VALUES (NEW.member_id, NEW.stakeholder_class, NEW.cooperative_id, NEW.units)
          ON CONFLICT (member_id, stakeholder_class) DO UPDATE SET units = member_class_units.units + EXCLUDED.units;
        ELSE
          -- A cancellation can only reduce units the member holds; the CHECK refuses going below zero.
          UPDATE member_class_units SET units = units + NEW.units WHERE member_id = NEW.member_id AND stakeholder_class = NEW.stakeholder_class;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'member % holds no % units to cancel', NEW.member_id, NEW.stakeholder_class USING ERRCODE = 'check_violation';
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query('CREATE TRIGGER unit_entries_apply AFTER INSERT ON unit_entries FOR EACH ROW EXECUTE FUNCTION apply_unit_entry()');

    // The ledger: accounts, balanced journal entries of immutable lines (debit > 0, credit < 0).
    await db.query(`
      CREATE TABLE ledger_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        code text NOT NULL,
        type text NOT NULL CHECK (type IN ('ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE')),
        member_id uuid REFERENCES members(id),
        -- What else the account is kept for, e.g. a budget round (member allocations) or a bucket.
        scope_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_accounts_unique UNIQUE NULLS NOT DISTINCT (cooperative_id, code, member_id, scope_id)
      )`);
    await db.query(`
      CREATE TABLE journal_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        description text NOT NULL,
        source_type text NOT NULL,
        source_id uuid,
        reverses_entry_id uuid REFERENCES journal_entries(id),
        posted_by_user_id uuid REFERENCES users(id),
        posted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT journal_entries_reversed_once UNIQUE (reverses_entry_id)
      )`);
    await db.query('CREATE INDEX journal_entries_cooperative_idx ON journal_entries (cooperative_id, seq)');
    await db.query(`
      CREATE TABLE journal_lines (
        id bigserial PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES journal_entries(id),
        account_id uuid NOT NULL REFERENCES ledger_accounts(id),
        amount numeric(20, 2) NOT NULL CHECK (amount <> 0)
      )`);
    await db.query('CREATE INDEX journal_lines_entry_idx ON journal_lines (entry_id)');
    await db.query('CREATE INDEX journal_lines_account_idx ON journal_lines (account_id) INCLUDE (amount)');
    await db.query('CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
    await db.query('CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
    // An entry's lines are inserted in one statement; that statement is refused unless every entry it
    // touches sums to zero. Checking per statement keeps a 100,000-line entry a single pass.
    await db.query(`
      CREATE FUNCTION check_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE unbalanced record;
      BEGIN
        SELECT l.entry_id, sum(l.amount) AS total INTO unbalanced
          FROM journal_lines l WHERE l.entry_id IN (SELECT DISTINCT entry_id FROM new_lines)
         GROUP BY l.entry_id HAVING sum(l.amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'journal entry % is unbalanced by %', unbalanced.entry_id, unbalanced.total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION check_entries_balanced()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE journal_lines');
    await db.query('DROP FUNCTION check_entries_balanced()');
    await db.query('DROP TABLE journal_entries');
    await db.query('DROP TABLE ledger_accounts');
    await db.query('DROP TABLE member_class_units');
    await db.query('DROP TABLE unit_entries');
    await db.query('DROP FUNCTION apply_unit_entry()');
    await db.query('DROP TABLE membership_applications');
  }
}
