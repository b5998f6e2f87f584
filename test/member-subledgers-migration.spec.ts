import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from 'src/database/migrations';
import { testDatabaseUrl } from './support/harness';

// Migration 7 moves existing books from per-member accounts and the payout and allocation tables
// into member lines on control accounts. This writes books the way the code before it did, on a
// database migrated up to 6, then migrates and checks that every balance, class and link survived.

const databaseUrl = (name: string) => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
};

async function migrate(url: string, count: number): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS.slice(0, count), migrationsTableName: 'migrations', logging: false });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await dataSource.destroy();
  }
}

/** Books as the code before migration 7 wrote them: one account per member, payouts and allocations in their own tables. */
const OLD_BOOKS = `
  INSERT INTO users (id, email, password_hash, display_name) VALUES
    ('00000000-0000-4000-8000-000000000001', 'a@example.org', 'x', 'A'), ('00000000-0000-4000-8000-000000000002', 'b@example.org', 'x', 'B');
  INSERT INTO cooperatives (id, name, slug, currency) VALUES ('00000000-0000-4000-8000-0000000000c0', 'Old', 'old', 'EUR');
  INSERT INTO members (id, cooperative_id, user_id, roles) VALUES
    ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000c0', '00000000-0000-4000-8000-000000000001', ARRAY['MEMBER']),
    ('00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000c0', '00000000-0000-4000-8000-000000000002', ARRAY['MEMBER']);
  INSERT INTO ledger_accounts (id, cooperative_id, code, type, member_id, scope_id) VALUES
    ('00000000-0000-4000-8000-000000000b01', '00000000-0000-4000-8000-0000000000c0', 'CASH', 'ASSET', NULL, NULL),
    ('00000000-0000-4000-8000-000000000b02', '00000000-0000-4000-8000-0000000000c0', 'MEMBER_CAPITAL', 'EQUITY', '00000000-0000-4000-8000-0000000000a1', NULL),
    ('00000000-0000-4000-8000-000000000b03', '00000000-0000-4000-8000-0000000000c0', 'RETAINED_SURPLUS', 'EQUITY', NULL, NULL),
    ('00000000-0000-4000-8000-000000000b04', '00000000-0000-4000-8000-0000000000c0', 'RESERVE', 'EQUITY', NULL, NULL),
    ('00000000-0000-4000-8000-000000000b05', '00000000-0000-4000-8000-0000000000c0', 'COBUDGET_FUND', 'EQUITY', NULL, NULL),
    ('00000000-0000-4000-8000-000000000b06', '00000000-0000-4000-8000-0000000000c0', 'DIVIDENDS_PAYABLE', 'LIABILITY', '00000000-0000-4000-8000-0000000000a1', NULL),
    ('00000000-0000-4000-8000-000000000b07', '00000000-0000-4000-8000-0000000000c0', 'DIVIDENDS_PAYABLE', 'LIABILITY', '00000000-0000-4000-8000-0000000000a2', NULL),
    ('00000000-0000-4000-8000-000000000b08', '00000000-0000-4000-8000-0000000000c0', 'MEMBER_ALLOCATION', 'LIABILITY', '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000d1'),
    ('00000000-0000-4000-8000-000000000b09', '00000000-0000-4000-8000-0000000000c0', 'MEMBER_ALLOCATION', 'LIABILITY', '00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000d1');
  INSERT INTO journal_entries (id, cooperative_id, description, source_type, source_id) VALUES
    ('00000000-0000-4000-8000-000000000e01', '00000000-0000-4000-8000-0000000000c0', 'Capital', 'CAPITAL_CONTRIBUTION', NULL),
    ('00000000-0000-4000-8000-000000000e02', '00000000-0000-4000-8000-0000000000c0', 'Surplus', 'SURPLUS_DECLARATION', NULL),
    ('00000000-0000-4000-8000-000000000e03', '00000000-0000-4000-8000-0000000000c0', 'Round', 'BUDGET_ROUND', '00000000-0000-4000-8000-0000000000d1');
  INSERT INTO journal_lines (entry_id, account_id, amount) VALUES
    ('00000000-0000-4000-8000-000000000e01', '00000000-0000-4000-8000-000000000b01', 10.00), ('00000000-0000-4000-8000-000000000e01', '00000000-0000-4000-8000-000000000b02', -10.00);
  INSERT INTO journal_lines (entry_id, account_id, amount) VALUES
    ('00000000-0000-4000-8000-000000000e02', '00000000-0000-4000-8000-000000000b03', 100.00),
    ('00000000-0000-4000-8000-000000000e02', '00000000-0000-4000-8000-000000000b04', -30.00),
    ('00000000-0000-4000-8000-000000000e02', '00000000-0000-4000-8000-000000000b05', -20.00),
    ('00000000-0000-4000-8000-000000000e02', '00000000-0000-4000-8000-000000000b06', -25.00),
    ('00000000-0000-4000-8000-000000000e02', '00000000-0000-4000-8000-000000000b06', -10.00),
    ('00000000-0000-4000-8000-000000000e02', '00000000-0000-4000-8000-000000000b07', -15.00);
  INSERT INTO journal_lines (entry_id, account_id, amount) VALUES
    ('00000000-0000-4000-8000-000000000e03', '00000000-0000-4000-8000-000000000b05', 20.00),
    ('00000000-0000-4000-8000-000000000e03', '00000000-0000-4000-8000-000000000b08', -12.50),
    ('00000000-0000-4000-8000-000000000e03', '00000000-0000-4000-8000-000000000b09', -7.50);
  INSERT INTO surplus_declarations (id, cooperative_id, period, amount, reserve, dividends, cobudget, idempotency_key, journal_entry_id, declared_by_user_id) VALUES
    ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000c0', '2025', 100.00, 30.00, 50.00, 20.00, 'k', '00000000-0000-4000-8000-000000000e02', '00000000-0000-4000-8000-000000000001');
  INSERT INTO dividend_payouts (declaration_id, member_id, stakeholder_class, amount) VALUES
    ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000a1', 'WORKER', 25.00),
    ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000a1', 'USER', 10.00),
    ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000a2', 'FUNDER', 15.00);
  INSERT INTO budget_rounds (id, cooperative_id, title, surplus_id, pool, within_class, granting_closes_at, opened_by_user_id) VALUES
    ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000c0', 'Old round', '00000000-0000-4000-8000-0000000000f1', 20.00, 'EQUAL', now() + interval '1 day', '00000000-0000-4000-8000-000000000001');
  INSERT INTO allocations (round_id, member_id, stakeholder_class, amount) VALUES
    ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000a1', 'WORKER', 12.50),
    ('00000000-0000-4000-8000-0000000000d1', '00000000-0000-4000-8000-0000000000a2', 'FUNDER', 7.50);
`;

describe('migration 7: member sub-ledgers', () => {
  const name = `tetrad_migration_${randomBytes(4).toString('hex')}`;
  let db: Client;

  beforeAll(async () => {
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    await migrate(databaseUrl(name), 6);
    db = new Client({ connectionString: databaseUrl(name) });
    await db.connect();
    await db.query(OLD_BOOKS);
    await migrate(databaseUrl(name), MIGRATIONS.length);
  });

  afterAll(async () => {
    await db.end();
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('moves member lines onto one control account per code and scope, keeping every line, member and class', async () => {
    const { rows: accounts } = await db.query(`SELECT code, scope_id IS NOT NULL AS scoped, per_member FROM ledger_accounts ORDER BY code`);
    expect(accounts).toEqual([
      { code: 'CASH', scoped: false, per_member: false },
      { code: 'COBUDGET_FUND', scoped: false, per_member: false },
      { code: 'DIVIDENDS_PAYABLE', scoped: false, per_member: true },
      { code: 'MEMBER_ALLOCATION', scoped: true, per_member: true },
      { code: 'MEMBER_CAPITAL', scoped: false, per_member: true },
      { code: 'RESERVE', scoped: false, per_member: false },
      { code: 'RETAINED_SURPLUS', scoped: false, per_member: false },
    ]);
    const { rows: lines } = await db.query(
      `SELECT e.source_type AS source, l.line_no, a.code, right(l.member_id::text, 2) AS member, l.stakeholder_class AS class, l.amount::text
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id JOIN ledger_accounts a ON a.id = l.account_id ORDER BY e.seq, l.line_no`,
    );
    const row = (source: string, line_no: number, code: string, member: string | null, cls: string | null, amount: string) => ({ source, line_no, code, member, class: cls, amount });
    expect(lines).toEqual([
      row('CAPITAL_CONTRIBUTION', 1, 'CASH', null, null, '10.00'),
      row('CAPITAL_CONTRIBUTION', 2, 'MEMBER_CAPITAL', 'a1', null, '-10.00'),
      row('SURPLUS_DECLARATION', 1, 'RETAINED_SURPLUS', null, null, '100.00'),
      row('SURPLUS_DECLARATION', 2, 'RESERVE', null, null, '-30.00'),
      row('SURPLUS_DECLARATION', 3, 'COBUDGET_FUND', null, null, '-20.00'),
      row('SURPLUS_DECLARATION', 4, 'DIVIDENDS_PAYABLE', 'a1', 'WORKER', '-25.00'),
      row('SURPLUS_DECLARATION', 5, 'DIVIDENDS_PAYABLE', 'a1', 'USER', '-10.00'),
      row('SURPLUS_DECLARATION', 6, 'DIVIDENDS_PAYABLE', 'a2', 'FUNDER', '-15.00'),
      row('BUDGET_ROUND', 1, 'COBUDGET_FUND', null, null, '20.00'),
      row('BUDGET_ROUND', 2, 'MEMBER_ALLOCATION', 'a1', 'WORKER', '-12.50'),
      row('BUDGET_ROUND', 3, 'MEMBER_ALLOCATION', 'a2', 'FUNDER', '-7.50'),
    ]);
  });

  it('links the round to its allocation entry, drops the duplicate tables, and keeps the books balanced and guarded', async () => {
    const { rows: rounds } = await db.query(`SELECT journal_entry_id FROM budget_rounds`);
    expect(rounds).toEqual([{ journal_entry_id: '00000000-0000-4000-8000-000000000e03' }]);
    const { rows: tables } = await db.query(`SELECT to_regclass('dividend_payouts') AS payouts, to_regclass('allocations') AS allocations`);
    expect(tables).toEqual([{ payouts: null, allocations: null }]);
    const { rows: total } = await db.query(`SELECT sum(amount)::text AS total FROM journal_lines`);
    expect(total).toEqual([{ total: '0.00' }]);
    await expect(db.query(`UPDATE journal_lines SET amount = 1 WHERE line_no = 1`)).rejects.toThrow(/immutable/);
  });
});
