import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Member sub-ledgers. A journal line now names its member (and, for dividends and allocations, the
 * stakeholder class) on one control account per code and scope, instead of one account per member:
 *
 * - `ledger_accounts` loses `member_id` and gains `per_member` (its lines must name a member).
 * - `journal_lines` gains `line_no` (its key is now entry and line), `member_id` and
 *   `stakeholder_class`; existing lines move from per-member accounts to the control accounts.
 * - `dividend_payouts` and `allocations` are folded into the ledger lines they duplicated (payouts and
 *   allocations are read from the lines), so `budget_rounds` records its allocation entry.
 * - The per-row foreign keys of `journal_lines` are replaced by one set-based check per statement,
 *   which also checks that entry, account and member belong to the same cooperative. At 100,000 lines
 *   an entry, per-row FK checks cost about 1 s each on the dev machine; the statement check ~0.1 s.
 *   The parents are never deleted: entries already refuse it, accounts and members now do too.
 *
 * Irreversible: the per-member accounts and the two tables are not recreated.
 */
export class MemberSubledgers1700000000007 implements MigrationInterface {
  name = 'MemberSubledgers1700000000007';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE journal_lines DISABLE TRIGGER journal_lines_immutable`);

    // Control accounts: one per cooperative, code and scope for the codes that had member accounts.
    await db.query(`ALTER TABLE ledger_accounts ADD COLUMN per_member boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE ledger_accounts SET per_member = true WHERE code IN ('MEMBER_CAPITAL', 'DIVIDENDS_PAYABLE', 'MEMBER_ALLOCATION')`);
    await db.query(`
      INSERT INTO ledger_accounts (cooperative_id, code, type, member_id, scope_id, per_member)
      SELECT DISTINCT cooperative_id, code, type, NULL::uuid, scope_id, true FROM ledger_accounts WHERE member_id IS NOT NULL
      ON CONFLICT (cooperative_id, code, member_id, scope_id) DO NOTHING`);

    await db.query(`
      ALTER TABLE journal_lines
        ADD COLUMN line_no integer,
        ADD COLUMN member_id uuid,
        ADD COLUMN stakeholder_class text CHECK (stakeholder_class IN ('FOUNDER', 'FUNDER', 'WORKER', 'USER'))`);
    await db.query(`
      UPDATE journal_lines l SET member_id = a.member_id, account_id = c.id
        FROM ledger_accounts a
        JOIN ledger_accounts c ON c.cooperative_id = a.cooperative_id AND c.code = a.code AND c.scope_id IS NOT DISTINCT FROM a.scope_id AND c.member_id IS NULL
       WHERE l.account_id = a.id AND a.member_id IS NOT NULL`);
    await db.query(`UPDATE journal_lines l SET line_no = n.line_no FROM (SELECT id, row_number() OVER (PARTITION BY entry_id ORDER BY id) AS line_no FROM journal_lines) n WHERE n.id = l.id`);

    // Classes of payout and allocation lines: both were written in the same order, so the k-th line of
    // a member in an entry is that member's k-th payout (or allocation) row.
    await db.query(`ALTER TABLE budget_rounds ADD COLUMN journal_entry_id uuid REFERENCES journal_entries(id)`);
    await db.query(`
      UPDATE budget_rounds r SET journal_entry_id = e.id
        FROM journal_entries e WHERE e.source_type = 'BUDGET_ROUND' AND e.source_id = r.id AND e.reverses_entry_id IS NULL`);
    await db.query(`ALTER TABLE budget_rounds ALTER COLUMN journal_entry_id SET NOT NULL`);
    await db.query(`
      WITH rows AS (
        SELECT d.journal_entry_id AS entry_id, p.member_id, p.stakeholder_class, row_number() OVER (PARTITION BY p.declaration_id, p.member_id ORDER BY p.id) AS k
          FROM dividend_payouts p JOIN surplus_declarations d ON d.id = p.declaration_id
        UNION ALL
        SELECT r.journal_entry_id, a.member_id, a.stakeholder_class, row_number() OVER (PARTITION BY a.round_id, a.member_id ORDER BY a.id)
          FROM allocations a JOIN budget_rounds r ON r.id = a.round_id),
      lines AS (
        SELECT entry_id, line_no, member_id, row_number() OVER (PARTITION BY entry_id, member_id ORDER BY line_no) AS k
          FROM journal_lines WHERE member_id IS NOT NULL AND entry_id IN (SELECT entry_id FROM rows))
      UPDATE journal_lines l SET stakeholder_class = rows.stakeholder_class
        FROM lines JOIN rows ON rows.entry_id = lines.entry_id AND rows.member_id = lines.member_id AND rows.k = lines.k
       WHERE l.entry_id = lines.entry_id AND l.line_no = lines.line_no`);
    await db.query(`DROP TABLE dividend_payouts`);
    await db.query(`DROP TABLE allocations`);

    await db.query(`DELETE FROM ledger_accounts WHERE member_id IS NOT NULL`);
    await db.query(`ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_unique`);
    await db.query(`ALTER TABLE ledger_accounts DROP COLUMN member_id`);
    await db.query(`ALTER TABLE ledger_accounts ADD CONSTRAINT ledger_accounts_unique UNIQUE NULLS NOT DISTINCT (cooperative_id, code, scope_id)`);
    await db.query('CREATE TRIGGER ledger_accounts_immutable BEFORE UPDATE OR DELETE ON ledger_accounts FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');
    await db.query('CREATE TRIGGER members_never_deleted BEFORE DELETE ON members FOR EACH ROW EXECUTE FUNCTION forbid_history_change()');

    await db.query(`ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_entry_id_fkey, DROP CONSTRAINT journal_lines_account_id_fkey`);
    await db.query(`ALTER TABLE journal_lines DROP CONSTRAINT journal_lines_pkey`);
    await db.query(`ALTER TABLE journal_lines DROP COLUMN id`);
    await db.query(`ALTER TABLE journal_lines ALTER COLUMN line_no SET NOT NULL, ADD CONSTRAINT journal_lines_pkey PRIMARY KEY (entry_id, line_no)`);
    await db.query(`ALTER TABLE journal_lines ADD CHECK (line_no >= 1)`);
    await db.query(`DROP INDEX journal_lines_entry_idx`);
    await db.query(`DROP INDEX journal_lines_account_idx`);
    // Balances per account and per member within an account, read from the index alone.
    await db.query(`CREATE INDEX journal_lines_account_member_idx ON journal_lines (account_id, member_id) INCLUDE (amount)`);

    // One statement writes all the lines of an entry, numbered from 1 (the ledger always does). A later
    // statement adding to an entry would either repeat a line number (primary key) or start above 1
    // (refused here), so summing each entry over the statement's own lines proves it balanced.
    // The checks run as dynamic SQL so each statement is planned for its own number of lines: a
    // 100,000-line entry hash-joins the members, a two-line one looks them up by key.
    await db.query(`
      CREATE OR REPLACE FUNCTION check_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE bad record;
      BEGIN
        EXECUTE $sql$
          WITH per_account AS MATERIALIZED (
            SELECT entry_id, account_id, sum(amount) AS total, min(line_no) AS first_line,
                   bool_or(member_id IS NULL) AS without_member, bool_or(member_id IS NOT NULL) AS with_member
              FROM new_lines GROUP BY entry_id, account_id),
          per_entry AS (SELECT entry_id, sum(total) AS total, min(first_line) AS first_line FROM per_account GROUP BY entry_id)
          SELECT problem, code FROM (
            SELECT 1 AS rank, format('journal entry %s already has lines: an entry is written by one statement', entry_id) AS problem, '23514' AS code
              FROM per_entry WHERE first_line <> 1
            UNION ALL
            SELECT 2, format('journal entry %s is unbalanced by %s', entry_id, total), '23514' FROM per_entry WHERE total <> 0
            UNION ALL
            -- In place of per-row foreign keys: the entry and the account exist and share a
            -- cooperative, and a line names a member exactly when its account is per member.
            SELECT 3, format('journal entry %s has a line on account %s, which is missing, of another cooperative, or per member where the line is not (or the reverse)', g.entry_id, g.account_id), '23503'
              FROM per_account g LEFT JOIN journal_entries e ON e.id = g.entry_id LEFT JOIN ledger_accounts a ON a.id = g.account_id
             WHERE e.id IS NULL OR a.id IS NULL OR a.cooperative_id <> e.cooperative_id OR (a.per_member AND g.without_member) OR (NOT a.per_member AND g.with_member)
          ) AS problems ORDER BY rank LIMIT 1
        $sql$ INTO bad;
        IF bad.problem IS NOT NULL THEN
          RAISE EXCEPTION '%', bad.problem USING ERRCODE = bad.code;
        END IF;
        -- Every named member exists in the entry's cooperative (counted, not LIMIT 1: a limit would
        -- tempt the planner into 100,000 index probes).
        EXECUTE $sql$
          SELECT count(*) AS missing, min(l.entry_id::text) AS entry_id, min(l.member_id::text) AS member_id
            FROM new_lines l JOIN journal_entries e ON e.id = l.entry_id
            LEFT JOIN members m ON m.id = l.member_id AND m.cooperative_id = e.cooperative_id
           WHERE l.member_id IS NOT NULL AND m.id IS NULL
        $sql$ INTO bad;
        IF bad.missing > 0 THEN
          RAISE EXCEPTION 'journal entry % names member %, who is not a member of its cooperative', bad.entry_id, bad.member_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`ALTER TABLE journal_lines ENABLE TRIGGER journal_lines_immutable`);
  }

  down(): Promise<void> {
    return Promise.reject(new Error('MemberSubledgers1700000000007 is irreversible: restore from a backup taken before it'));
  }
}
