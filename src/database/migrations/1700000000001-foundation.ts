import { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity, cooperatives with versioned bylaws, and memberships with roles. */
export class Foundation1700000000001 implements MigrationInterface {
  name = 'Foundation1700000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        password_hash text NOT NULL,
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_unique UNIQUE (email)
      )`);
    await db.query(`
      CREATE TABLE cooperatives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        founding_closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cooperatives_slug_unique UNIQUE (slug)
      )`);
    await db.query(`
      CREATE TABLE bylaws (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        version integer NOT NULL CHECK (version >= 1),
        vote_weight_founder numeric NOT NULL CHECK (vote_weight_founder BETWEEN 0.10 AND 0.50),
        vote_weight_funder numeric NOT NULL CHECK (vote_weight_funder BETWEEN 0.10 AND 0.50),
        vote_weight_worker numeric NOT NULL CHECK (vote_weight_worker BETWEEN 0.10 AND 0.50),
        vote_weight_user numeric NOT NULL CHECK (vote_weight_user BETWEEN 0.10 AND 0.50),
        reserve_percent numeric NOT NULL CHECK (reserve_percent BETWEEN 0 AND 100),
        dividend_percent numeric NOT NULL CHECK (dividend_percent BETWEEN 0 AND 100),
        cobudget_percent numeric NOT NULL CHECK (cobudget_percent BETWEEN 0 AND 100),
        quorum_per_class numeric NOT NULL CHECK (quorum_per_class BETWEEN 0 AND 1),
        quorum_overall numeric NOT NULL CHECK (quorum_overall BETWEEN 0 AND 1),
        worker_units_per_hour numeric NOT NULL CHECK (worker_units_per_hour > 0),
        funder_units_per_currency_unit numeric NOT NULL CHECK (funder_units_per_currency_unit > 0),
        user_units_per_currency_unit numeric NOT NULL CHECK (user_units_per_currency_unit > 0),
        grace_days integer NOT NULL CHECK (grace_days BETWEEN 0 AND 3650),
        suspension_days integer NOT NULL CHECK (suspension_days BETWEEN 0 AND 3650),
        members_may_propose boolean NOT NULL,
        cobudget_allocation text NOT NULL CHECK (cobudget_allocation IN ('EQUAL', 'PRO_RATA')),
        enacted_by_proposal_id uuid,
        created_by_user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bylaws_version_unique UNIQUE (cooperative_id, version),
        CONSTRAINT bylaws_vote_weights_sum CHECK (vote_weight_founder + vote_weight_funder + vote_weight_worker + vote_weight_user = 1),
        CONSTRAINT bylaws_surplus_split_sum CHECK (reserve_percent + dividend_percent + cobudget_percent = 100),
        CONSTRAINT bylaws_suspension_after_grace CHECK (suspension_days >= grace_days)
      )`);
    // History tables are append-only: the database itself refuses to change or delete a row.
    await db.query(`
      CREATE FUNCTION forbid_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% rows are immutable history; add a new row instead', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await db.query('CREATE TRIGGER bylaws_immutable BEFORE UPDATE OR DELETE ON bylaws FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
    await db.query(`
      CREATE TABLE members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        user_id uuid NOT NULL REFERENCES users(id),
        roles text[] NOT NULL CHECK (roles <@ ARRAY['MEMBER', 'COORDINATOR', 'ADMIN'] AND cardinality(roles) >= 1),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'LEFT')),
        seniority bigserial NOT NULL,
        admitted_at timestamptz NOT NULL DEFAULT now(),
        left_at timestamptz,
        CONSTRAINT members_user_unique UNIQUE (cooperative_id, user_id)
      )`);
    await db.query('CREATE INDEX members_user_idx ON members (user_id)');
    await db.query('CREATE UNIQUE INDEX members_seniority_idx ON members (cooperative_id, seniority)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE members');
    await db.query('DROP TABLE bylaws');
    await db.query('DROP FUNCTION forbid_history_change()');
    await db.query('DROP TABLE cooperatives');
    await db.query('DROP TABLE users');
  }
}
