import { MigrationInterface, QueryRunner } from 'typeorm';

/** Surplus declarations with their dividend payouts, and co-budgeting rounds, buckets and contributions. */
export class Budgeting1700000000004 implements MigrationInterface {
  name = 'Budgeting1700000000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE surplus_declarations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        period text NOT NULL CHECK (length(period) BETWEEN 1 AND 50),
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        reserve numeric(20, 2) NOT NULL CHECK (reserve >= 0),
        dividends numeric(20, 2) NOT NULL CHECK (dividends >= 0),
        cobudget numeric(20, 2) NOT NULL CHECK (cobudget >= 0),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        journal_entry_id uuid NOT NULL REFERENCES journal_entries(id),
        declared_by_user_id uuid NOT NULL REFERENCES users(id),
        declared_at timestamptz NOT NULL DEFAULT now(),
        CHECK (reserve + dividends + cobudget = amount),
        CONSTRAINT surplus_declarations_key_unique UNIQUE (cooperative_id, idempotency_key),
        CONSTRAINT surplus_declarations_period_unique UNIQUE (cooperative_id, period)
      )`);
    await db.query(`
      CREATE TABLE dividend_payouts (
        id bigserial PRIMARY KEY,
        declaration_id uuid NOT NULL REFERENCES surplus_declarations(id),
        member_id uuid NOT NULL REFERENCES members(id),
        stakeholder_class text NOT NULL,
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        UNIQUE (declaration_id, member_id, stakeholder_class)
      )`);
    await db.query('CREATE TRIGGER dividend_payouts_immutable BEFORE UPDATE OR DELETE ON dividend_payouts FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    await db.query(`
      CREATE TABLE budget_rounds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        surplus_id uuid UNIQUE REFERENCES surplus_declarations(id),
        pool numeric(20, 2) NOT NULL CHECK (pool > 0),
        within_class text NOT NULL CHECK (within_class IN ('EQUAL', 'PRO_RATA')),
        granting_closes_at timestamptz NOT NULL,
        max_per_member_per_bucket numeric(20, 2) CHECK (max_per_member_per_bucket > 0),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        opened_by_user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE allocations (
        id bigserial PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES budget_rounds(id),
        member_id uuid NOT NULL REFERENCES members(id),
        stakeholder_class text NOT NULL,
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        UNIQUE (round_id, member_id, stakeholder_class)
      )`);
    await db.query('CREATE TRIGGER allocations_immutable BEFORE UPDATE OR DELETE ON allocations FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    await db.query(`
      CREATE TABLE buckets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        round_id uuid NOT NULL REFERENCES budget_rounds(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        description text NOT NULL CHECK (length(description) <= 20000),
        min_goal numeric(20, 2) NOT NULL CHECK (min_goal > 0),
        max_goal numeric(20, 2) NOT NULL CHECK (max_goal >= min_goal),
        status text NOT NULL DEFAULT 'PENDING_APPROVAL' CHECK (status IN ('PENDING_APPROVAL', 'OPEN', 'FUNDED', 'NOT_FUNDED')),
        proposed_by_member_id uuid NOT NULL REFERENCES members(id),
        approved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX buckets_round_idx ON buckets (round_id, seq)');
    await db.query(`
      CREATE TABLE contributions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bucket_id uuid NOT NULL REFERENCES buckets(id),
        member_id uuid NOT NULL REFERENCES members(id),
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        journal_entry_id uuid NOT NULL REFERENCES journal_entries(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contributions_key_unique UNIQUE (member_id, idempotency_key)
      )`);
    await db.query('CREATE INDEX contributions_bucket_idx ON contributions (bucket_id, member_id)');
    await db.query('CREATE TRIGGER contributions_immutable BEFORE UPDATE OR DELETE ON contributions FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['contributions', 'buckets', 'allocations', 'budget_rounds', 'dividend_payouts', 'surplus_declarations']) await db.query(`DROP TABLE ${table}`);
  }
}
