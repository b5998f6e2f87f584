import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Double licensing: works, licensees, agreements (licence fees and, after conversion, membership
 * dues), revenue declarations, invoices, payments and their allocations to invoices.
 * Invoices, declarations, payments and allocations are append-only: what an invoice has been paid and
 * a licensee's credit are sums over payment_allocations, never updated columns.
 */
export class Licensing1700000000005 implements MigrationInterface {
  name = 'Licensing1700000000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE works (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        description text CHECK (length(description) <= 5000),
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX works_cooperative_idx ON works (cooperative_id, seq)');

    await db.query(`
      CREATE TABLE licensees (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 320),
        use text NOT NULL CHECK (use IN ('NONCOMMERCIAL', 'WORKER_OWNED', 'COMMERCIAL')),
        is_worker_owned boolean NOT NULL DEFAULT false,
        all_surplus_to_worker_owners boolean NOT NULL DEFAULT false,
        no_waged_non_owners boolean NOT NULL DEFAULT false,
        -- Set once, when the licensee converts to membership.
        member_id uuid UNIQUE REFERENCES members(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT licensees_email_unique UNIQUE (cooperative_id, email),
        CHECK (use <> 'WORKER_OWNED' OR (is_worker_owned AND all_surplus_to_worker_owners AND no_waged_non_owners))
      )`);
    await db.query('CREATE INDEX licensees_email_idx ON licensees (email)');

    await db.query(`
      CREATE TABLE license_agreements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        licensee_id uuid NOT NULL REFERENCES licensees(id),
        kind text NOT NULL CHECK (kind IN ('LICENSE', 'DUES')),
        work_id uuid REFERENCES works(id),
        member_id uuid REFERENCES members(id),
        period text NOT NULL CHECK (period IN ('MONTHLY', 'YEARLY')),
        amount numeric(20, 2) CHECK (amount > 0),
        revenue_percent numeric(9, 4) CHECK (revenue_percent > 0 AND revenue_percent <= 100),
        minimum numeric(20, 2) CHECK (minimum >= 0),
        starts_on date NOT NULL,
        -- Set when fees stop (conversion to membership): the last day of the last billed period.
        ends_on date,
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((amount IS NULL) <> (revenue_percent IS NULL)),
        CHECK (minimum IS NULL OR revenue_percent IS NOT NULL),
        CHECK ((kind = 'LICENSE') = (work_id IS NOT NULL)),
        CHECK ((kind = 'DUES') = (member_id IS NOT NULL)),
        CHECK (ends_on IS NULL OR ends_on >= starts_on - 1),
        CHECK (extract(day FROM starts_on) = 1 AND (period = 'MONTHLY' OR extract(month FROM starts_on) = 1))
      )`);
    await db.query('CREATE INDEX license_agreements_licensee_idx ON license_agreements (licensee_id, seq)');
    await db.query('CREATE INDEX license_agreements_cooperative_idx ON license_agreements (cooperative_id, seq)');

    await db.query(`
      CREATE TABLE revenue_declarations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id uuid NOT NULL REFERENCES license_agreements(id),
        period text NOT NULL,
        revenue numeric(20, 2) NOT NULL CHECK (revenue >= 0),
        declared_by_user_id uuid REFERENCES users(id),
        declared_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT revenue_declarations_once UNIQUE (agreement_id, period)
      )`);
    await db.query('CREATE TRIGGER revenue_declarations_immutable BEFORE UPDATE OR DELETE ON revenue_declarations FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    await db.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        licensee_id uuid NOT NULL REFERENCES licensees(id),
        agreement_id uuid NOT NULL REFERENCES license_agreements(id),
        kind text NOT NULL CHECK (kind IN ('LICENSE', 'DUES')),
        period text NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        due_on date NOT NULL,
        amount numeric(20, 2) NOT NULL CHECK (amount >= 0),
        revenue numeric(20, 2),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- One invoice per agreement and period, however often or wherever issuing runs.
        CONSTRAINT invoices_once_per_period UNIQUE (agreement_id, period),
        CHECK (period_end >= period_start)
      )`);
    await db.query('CREATE INDEX invoices_licensee_idx ON invoices (licensee_id, seq)');
    await db.query('CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    await db.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        licensee_id uuid NOT NULL REFERENCES licensees(id),
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        journal_entry_id uuid NOT NULL REFERENCES journal_entries(id),
        recorded_by_user_id uuid REFERENCES users(id),
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payments_idempotency_unique UNIQUE (licensee_id, idempotency_key)
      )`);
    await db.query('CREATE TRIGGER payments_immutable BEFORE UPDATE OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    // Money moved onto invoices: from a payment, or (payment_id NULL) from earlier credit when a
    // later invoice is issued. Credit = payments - allocations.
    await db.query(`
      CREATE TABLE payment_allocations (
        id bigserial PRIMARY KEY,
        licensee_id uuid NOT NULL REFERENCES licensees(id),
        invoice_id uuid NOT NULL REFERENCES invoices(id),
        payment_id uuid REFERENCES payments(id),
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        journal_entry_id uuid NOT NULL REFERENCES journal_entries(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX payment_allocations_invoice_idx ON payment_allocations (invoice_id) INCLUDE (amount)');
    await db.query('CREATE INDEX payment_allocations_licensee_idx ON payment_allocations (licensee_id) INCLUDE (amount)');
    await db.query('CREATE TRIGGER payment_allocations_immutable BEFORE UPDATE OR DELETE ON payment_allocations FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE payment_allocations');
    await db.query('DROP TABLE payments');
    await db.query('DROP TABLE invoices');
    await db.query('DROP TABLE revenue_declarations');
    await db.query('DROP TABLE license_agreements');
    await db.query('DROP TABLE licensees');
    await db.query('DROP TABLE works');
  }
}
