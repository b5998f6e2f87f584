import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The venture commune's economics: bylaws classes whose equity is one part per member; assets the
 * commune owns; rentals as a third kind of billed agreement (flat rent only, never a share of the
 * tenant's revenue) so they share invoices, payments and standing with licences and dues; and bond
 * series with their holdings, idempotent purchases and exactly-once coupon and principal payments.
 */
export class VentureCommune1700000000012 implements MigrationInterface {
  name = 'VentureCommune1700000000012';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE bylaws ADD COLUMN per_member_equity_classes text[] NOT NULL DEFAULT '{}' CHECK (per_member_equity_classes <@ ARRAY['FOUNDER', 'FUNDER', 'WORKER', 'USER'])`,
    );
    await db.query(`
      CREATE TABLE assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        kind text NOT NULL CHECK (kind IN ('LAND', 'BUILDING', 'EQUIPMENT', 'OTHER')),
        cost numeric(20, 2) NOT NULL CHECK (cost > 0),
        acquired_on date NOT NULL,
        journal_entry_id uuid NOT NULL REFERENCES journal_entries(id),
        registered_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX assets_cooperative_idx ON assets (cooperative_id, seq)');

    await db.query('ALTER TABLE license_agreements DROP CONSTRAINT license_agreements_kind_check');
    await db.query(`
      ALTER TABLE license_agreements
        ADD CONSTRAINT license_agreements_kind_check CHECK (kind IN ('LICENSE', 'DUES', 'RENT')),
        ADD COLUMN asset_id uuid REFERENCES assets(id),
        ADD CONSTRAINT license_agreements_rent_asset CHECK ((kind = 'RENT') = (asset_id IS NOT NULL)),
        ADD CONSTRAINT license_agreements_rent_flat CHECK (kind <> 'RENT' OR revenue_percent IS NULL)`);
    await db.query('ALTER TABLE invoices DROP CONSTRAINT invoices_kind_check');
    await db.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_kind_check CHECK (kind IN ('LICENSE', 'DUES', 'RENT'))`);

    await db.query(`
      CREATE TABLE bond_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        coupon_percent numeric(9, 4) NOT NULL CHECK (coupon_percent > 0 AND coupon_percent <= 100),
        coupon_period text NOT NULL CHECK (coupon_period IN ('MONTHLY', 'YEARLY')),
        issued_on date NOT NULL,
        matures_on date NOT NULL CHECK (matures_on > issued_on),
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX bond_series_cooperative_idx ON bond_series (cooperative_id, seq)');
    await db.query(`
      CREATE TABLE bond_holdings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        series_id uuid NOT NULL REFERENCES bond_series(id),
        member_id uuid REFERENCES members(id),
        holder_name text CHECK (length(holder_name) BETWEEN 1 AND 300),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((member_id IS NULL) <> (holder_name IS NULL))
      )`);
    await db.query('CREATE UNIQUE INDEX bond_holdings_member_once ON bond_holdings (series_id, member_id) WHERE member_id IS NOT NULL');
    await db.query('CREATE UNIQUE INDEX bond_holdings_holder_once ON bond_holdings (series_id, holder_name) WHERE holder_name IS NOT NULL');
    await db.query(`
      CREATE TABLE bond_purchases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        series_id uuid NOT NULL REFERENCES bond_series(id),
        holding_id uuid NOT NULL REFERENCES bond_holdings(id),
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        journal_entry_id uuid NOT NULL REFERENCES journal_entries(id),
        recorded_by_user_id uuid REFERENCES users(id),
        purchased_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bond_purchases_key_once UNIQUE (series_id, idempotency_key)
      )`);
    await db.query('CREATE TRIGGER bond_purchases_immutable BEFORE UPDATE OR DELETE ON bond_purchases FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
    await db.query(`
      CREATE TABLE bond_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        series_id uuid NOT NULL REFERENCES bond_series(id),
        holding_id uuid NOT NULL REFERENCES bond_holdings(id),
        kind text NOT NULL CHECK (kind IN ('COUPON', 'PRINCIPAL')),
        period text NOT NULL CHECK (length(period) BETWEEN 1 AND 20),
        amount numeric(20, 2) NOT NULL CHECK (amount > 0),
        journal_entry_id uuid NOT NULL REFERENCES journal_entries(id),
        paid_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bond_payments_once UNIQUE (holding_id, kind, period)
      )`);
    await db.query('CREATE INDEX bond_payments_series_idx ON bond_payments (series_id, kind, period)');
    await db.query('CREATE TRIGGER bond_payments_immutable BEFORE UPDATE OR DELETE ON bond_payments FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['bond_payments', 'bond_purchases', 'bond_holdings', 'bond_series']) await db.query(`DROP TABLE ${table}`);
    await db.query('ALTER TABLE invoices DROP CONSTRAINT invoices_kind_check');
    await db.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_kind_check CHECK (kind IN ('LICENSE', 'DUES'))`);
    await db.query('ALTER TABLE license_agreements DROP CONSTRAINT license_agreements_rent_flat, DROP CONSTRAINT license_agreements_rent_asset, DROP COLUMN asset_id');
    await db.query('ALTER TABLE license_agreements DROP CONSTRAINT license_agreements_kind_check');
    await db.query(`ALTER TABLE license_agreements ADD CONSTRAINT license_agreements_kind_check CHECK (kind IN ('LICENSE', 'DUES'))`);
    await db.query('DROP TABLE assets');
    await db.query('ALTER TABLE bylaws DROP COLUMN per_member_equity_classes');
  }
}
