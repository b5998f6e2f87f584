import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: webhook endpoints per cooperative with their delivery log, and the reminders sent,
 * one per kind, subject (a proposal or an invoice) and recipient (a member or a licensee), so a
 * reminder goes out once however many instances look.
 */
export class Notifications1700000000009 implements MigrationInterface {
  name = 'Notifications1700000000009';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        -- The signing key (whsec_ + base64). Shown to the coordinator once, when the endpoint is created.
        secret text NOT NULL,
        created_by_user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await db.query('CREATE INDEX webhook_endpoints_cooperative_idx ON webhook_endpoints (cooperative_id) WHERE disabled_at IS NULL');
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id),
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RETRYING', 'DELIVERED', 'FAILED')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_status_code integer,
        last_error text,
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, seq)');
    await db.query(`
      CREATE TABLE reminders_sent (
        kind text NOT NULL CHECK (kind IN ('VOTE_CLOSING', 'INVOICE_DUE', 'INVOICE_OVERDUE', 'OUTCOME_REVIEW')),
        -- VOTE_CLOSING: a proposal and a member; INVOICE_*: an invoice and its licensee; OUTCOME_REVIEW: a proposal and a coordinator.
        subject_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, subject_id, recipient_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reminders_sent');
    await db.query('DROP TABLE webhook_deliveries');
    await db.query('DROP TABLE webhook_endpoints');
  }
}
