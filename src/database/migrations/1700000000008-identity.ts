import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity you can trust: verified emails, revocable tokens, invitations instead of email matching,
 * single-use action tokens and the mail outbox.
 *
 * Existing members stay ACTIVE. Existing users keep their accounts but are not marked verified, since
 * nobody ever proved they own their address. Licensees lose the implicit link by email: from now on a
 * licensee's account is the user who accepted its invitation (licensees.user_id), which starts empty.
 */
export class Identity1700000000008 implements MigrationInterface {
  name = 'Identity1700000000008';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE users
        ADD COLUMN email_verified_at timestamptz,
        ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0)`);

    // An invited member has an address and no account until the invitation is accepted.
    await db.query('ALTER TABLE members ALTER COLUMN user_id DROP NOT NULL');
    await db.query(`
      ALTER TABLE members
        ADD COLUMN invited_email text CHECK (invited_email = lower(invited_email) AND length(invited_email) BETWEEN 3 AND 254),
        ADD COLUMN invited_class text CHECK (invited_class IN ('FOUNDER', 'FUNDER', 'WORKER', 'USER')),
        ADD COLUMN invited_at timestamptz,
        ADD COLUMN invited_by_user_id uuid REFERENCES users(id)`);
    await db.query('ALTER TABLE members DROP CONSTRAINT members_status_check');
    await db.query(`ALTER TABLE members ADD CONSTRAINT members_status_check CHECK (status IN ('INVITED', 'ACTIVE', 'LEFT'))`);
    await db.query(`ALTER TABLE members ADD CONSTRAINT members_account_unless_invited CHECK (status = 'INVITED' OR user_id IS NOT NULL)`);
    await db.query(`ALTER TABLE members ADD CONSTRAINT members_invited_email CHECK (status <> 'INVITED' OR invited_email IS NOT NULL)`);
    await db.query(`CREATE UNIQUE INDEX members_pending_invitation_unique ON members (cooperative_id, invited_email) WHERE status = 'INVITED'`);

    await db.query('ALTER TABLE licensees ADD COLUMN user_id uuid REFERENCES users(id)');
    await db.query('CREATE INDEX licensees_user_idx ON licensees (user_id) WHERE user_id IS NOT NULL');

    // Only a hash of each token is kept: a copy of the database does not hand out live links.
    await db.query(`
      CREATE TABLE action_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose text NOT NULL CHECK (purpose IN ('VERIFY_EMAIL', 'MEMBER_INVITATION', 'LICENSEE_INVITATION', 'PASSWORD_RESET')),
        token_hash bytea NOT NULL,
        email text NOT NULL CHECK (email = lower(email)),
        user_id uuid REFERENCES users(id),
        subject_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT action_tokens_hash_unique UNIQUE (token_hash)
      )`);
    await db.query('CREATE INDEX action_tokens_subject_idx ON action_tokens (subject_id) WHERE subject_id IS NOT NULL');

    // Mail is written here in the transaction that causes it, then delivered by the job queue.
    await db.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        recipient text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await db.query('CREATE INDEX mail_outbox_unsent_idx ON mail_outbox (created_at) WHERE sent_at IS NULL');
    await db.query('CREATE INDEX mail_outbox_recipient_idx ON mail_outbox (recipient, seq)');
  }

  async down(db: QueryRunner): Promise<void> {
    const [{ pending }] = (await db.query(`SELECT count(*)::int AS pending FROM members WHERE status = 'INVITED' AND user_id IS NULL`)) as { pending: number }[];
    if (pending > 0) throw new Error(`${pending} invited members have no account yet and members cannot be deleted; this migration cannot be undone`);
    await db.query('DROP TABLE mail_outbox');
    await db.query('DROP TABLE action_tokens');
    await db.query('ALTER TABLE licensees DROP COLUMN user_id');
    await db.query('DROP INDEX members_pending_invitation_unique');
    await db.query('ALTER TABLE members DROP CONSTRAINT members_invited_email, DROP CONSTRAINT members_account_unless_invited, DROP CONSTRAINT members_status_check');
    await db.query(`UPDATE members SET status = 'LEFT', left_at = now() WHERE status = 'INVITED' AND user_id IS NOT NULL`);
    await db.query(`ALTER TABLE members ADD CONSTRAINT members_status_check CHECK (status IN ('ACTIVE', 'LEFT'))`);
    await db.query('ALTER TABLE members DROP COLUMN invited_email, DROP COLUMN invited_class, DROP COLUMN invited_at, DROP COLUMN invited_by_user_id');
    await db.query('ALTER TABLE members ALTER COLUMN user_id SET NOT NULL');
    await db.query('ALTER TABLE users DROP COLUMN email_verified_at, DROP COLUMN token_version');
  }
}
