import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tamper-evident audit log: one hash chain per cooperative. */
export class Audit1700000000006 implements MigrationInterface {
  name = 'Audit1700000000006';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        cooperative_id uuid NOT NULL REFERENCES cooperatives(id),
        seq bigint NOT NULL CHECK (seq >= 1),
        occurred_at timestamptz NOT NULL,
        actor_user_id uuid REFERENCES users(id),
        action text NOT NULL,
        subject_id uuid,
        data jsonb NOT NULL,
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT audit_events_seq_unique UNIQUE (cooperative_id, seq)
      )`);
    // The head of each chain: appenders lock this row, so each sees the latest link (row locks re-read it).
    await db.query(`
      CREATE TABLE audit_heads (
        cooperative_id uuid PRIMARY KEY REFERENCES cooperatives(id),
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
    await db.query('CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_heads');
    await db.query('DROP TABLE audit_events');
  }
}
