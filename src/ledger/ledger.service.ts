import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound } from 'src/common/errors/domain-error';
import { formatMoney, toDecimal } from 'src/common/money/decimal';
import { Connection, decodeCursor, mapConnection, PageArgs, SEQ_CURSOR, sqlPage, toConnection, uuidKey } from 'src/common/pagination/connection';
import { JournalEntry, LedgerAccount } from './ledger.entities';
import { accountKey, AccountRef, assertBalanced, ComputedLines, keyOfAccount, PostingLine } from './posting';

export interface Posting {
  cooperativeId: string;
  description: string;
  sourceType: string;
  sourceId?: string | null;
  postedByUserId?: string | null;
  lines: PostingLine[];
  /** Further lines computed by the database in the same statement (bulk distributions). */
  computed?: ComputedLines;
}

export interface EntryLine {
  entryId: string;
  code: string;
  memberId: string | null;
  amount: Decimal;
  currency: string;
}

export interface AccountBalance {
  account: LedgerAccount;
  /** For a per-member account, the control total: the sum of its members' balances. */
  balance: Decimal;
}

export interface MemberBalance {
  memberId: string;
  balance: Decimal;
}

/** The double-entry ledger. Callers pass their transaction's manager so postings commit with the business change. */
@Injectable()
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  async post(manager: EntityManager, posting: Posting): Promise<JournalEntry> {
    assertBalanced(posting.lines, posting.computed?.totalCents ?? 0n);
    const entry = await this.createEntry(manager, { ...posting, reversesEntryId: null });
    const accounts = await this.accounts(manager, posting.cooperativeId, posting.lines.map((line) => line.account));
    const { lines } = posting;
    const computed = posting.computed ?? { sql: `SELECT NULL::uuid AS account_id, NULL::uuid AS member_id, NULL::text AS stakeholder_class, 0::bigint AS cents WHERE false`, params: [], totalCents: 0n };
    const n = computed.params.length;
    // A computed entry may hold 100,000 lines: let its sorts run in memory rather than spill to disk.
    if (posting.computed) await manager.query(`SET LOCAL work_mem = '64MB'`);
    // Every line of the entry in one statement (the database checks each statement's entries balance),
    // numbered in posting order: the given lines, then the computed ones by account and member, which
    // also keeps the index inserts of a 100,000-line entry in key order.
    await manager.query(
      `INSERT INTO journal_lines (entry_id, line_no, account_id, member_id, stakeholder_class, amount)
       SELECT $${n + 1}, row_number() OVER (ORDER BY part, ord, account_id, member_id), account_id, member_id, stakeholder_class, amount
         FROM (SELECT 0 AS part, ord, account_id, member_id, stakeholder_class, amount
                 FROM unnest($${n + 2}::uuid[], $${n + 3}::uuid[], $${n + 4}::text[], $${n + 5}::numeric[]) WITH ORDINALITY AS given(account_id, member_id, stakeholder_class, amount, ord)
               UNION ALL
               SELECT 1, 0, account_id, member_id, stakeholder_class, cents / 100.0 FROM (${computed.sql}) AS computed WHERE cents <> 0) AS lines`,
      [
        ...computed.params,
        entry.id,
        lines.map((line) => accounts.get(accountKey(line.account))!),
        lines.map((line) => line.memberId ?? null),
        lines.map((line) => line.stakeholderClass ?? null),
        lines.map((line) => line.amount.toString()),
      ],
    );
    return entry;
  }

  /** Undoes an entry with a new one of opposite signs, line for line; an entry can be reversed only once. */
  async reverse(manager: EntityManager, entryId: string, description: string, postedByUserId: string | null): Promise<JournalEntry> {
    const original = await manager.getRepository(JournalEntry).findOneBy({ id: entryId });
    if (!original) throw notFound('Journal entry');
    if (original.reversesEntryId) throw conflict('A reversal entry cannot itself be reversed');
    const already = await manager.getRepository(JournalEntry).findOneBy({ reversesEntryId: entryId });
    if (already) throw conflict('This journal entry has already been reversed');
    const reversal = await this.createEntry(manager, { ...original, description, postedByUserId, reversesEntryId: entryId });
    await manager.query(
      `INSERT INTO journal_lines (entry_id, line_no, account_id, member_id, stakeholder_class, amount)
       SELECT $1, line_no, account_id, member_id, stakeholder_class, -amount FROM journal_lines WHERE entry_id = $2`,
      [reversal.id, entryId],
    );
    return reversal;
  }

  private createEntry(manager: EntityManager, entry: Omit<Posting, 'lines' | 'computed'> & { reversesEntryId: string | null }): Promise<JournalEntry> {
    const entries = manager.getRepository(JournalEntry);
    return entries.save(
      entries.create({
        cooperativeId: entry.cooperativeId,
        description: entry.description,
        sourceType: entry.sourceType,
        sourceId: entry.sourceId ?? null,
        postedByUserId: entry.postedByUserId ?? null,
        reversesEntryId: entry.reversesEntryId,
      }),
    );
  }

  /** Finds or opens the accounts, in bulk; concurrent openers meet at the unique constraint. */
  async accounts(manager: EntityManager, cooperativeId: string, refs: AccountRef[]): Promise<Map<string, string>> {
    const unique = [...new Map(refs.map((ref) => [accountKey(ref), ref])).values()];
    const codes = unique.map((r) => r.kind.code);
    const scopes = unique.map((r) => r.scopeId ?? null);
    await manager.query(
      `INSERT INTO ledger_accounts (cooperative_id, code, type, scope_id, per_member)
       SELECT $1, c, t, s, p FROM unnest($2::text[], $3::text[], $4::uuid[], $5::boolean[]) AS u(c, t, s, p)
       ON CONFLICT (cooperative_id, code, scope_id) DO NOTHING`,
      [cooperativeId, codes, unique.map((r) => r.kind.type), scopes, unique.map((r) => r.kind.perMember)],
    );
    const rows = await manager.query<{ id: string; code: string; scopeId: string | null }[]>(
      `SELECT a.id, a.code, a.scope_id AS "scopeId"
         FROM ledger_accounts a JOIN unnest($2::text[], $3::uuid[]) AS u(c, s) ON a.code = u.c AND a.scope_id IS NOT DISTINCT FROM u.s
        WHERE a.cooperative_id = $1`,
      [cooperativeId, codes, scopes],
    );
    return new Map(rows.map((row) => [keyOfAccount(row.code, row.scopeId), row.id]));
  }

  /** The id of one account, opened if need be. */
  async account(manager: EntityManager, cooperativeId: string, ref: AccountRef): Promise<string> {
    return (await this.accounts(manager, cooperativeId, [ref])).get(accountKey(ref))!;
  }

  /** The balance of one account, or of one member on a per-member account (debits positive), read under the caller's transaction. */
  async balance(manager: EntityManager, accountId: string, memberId?: string): Promise<Decimal> {
    const [row] = memberId
      ? await manager.query<{ total: string }[]>(`SELECT coalesce(sum(amount), 0)::text AS total FROM journal_lines WHERE account_id = $1 AND member_id = $2`, [accountId, memberId])
      : await manager.query<{ total: string }[]>(`SELECT coalesce(sum(amount), 0)::text AS total FROM journal_lines WHERE account_id = $1`, [accountId]);
    return toDecimal(row.total);
  }

  /** Locks an account row so a balance check and the posting that depends on it cannot interleave. */
  async lockAccount(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query(`SELECT id FROM ledger_accounts WHERE id = $1 FOR UPDATE`, [accountId]);
  }

  /** Every account with its balance, one row per account however many members a per-member account holds. */
  async balances(cooperativeId: string): Promise<AccountBalance[]> {
    const rows = await this.dataSource.query<(LedgerAccount & { balance: string })[]>(
      `SELECT a.id, a.code, a.type, a.per_member AS "perMember", a.scope_id AS "scopeId", coalesce(sum(l.amount), 0)::text AS balance
         FROM ledger_accounts a LEFT JOIN journal_lines l ON l.account_id = a.id
        WHERE a.cooperative_id = $1
        GROUP BY a.id ORDER BY a.code, a.scope_id NULLS FIRST, a.id`,
      [cooperativeId],
    );
    return rows.map(({ balance, ...account }) => ({ account: { ...account, cooperativeId }, balance: toDecimal(balance) }));
  }

  /** A page of the members' balances on a per-member account (its sub-ledger), in member id order. */
  async memberBalances(accountId: string, page: PageArgs): Promise<Connection<MemberBalance>> {
    const connection = await sqlPage<{ memberId: string; balance: string }>(
      this.dataSource,
      page,
      {
        count: `SELECT count(DISTINCT member_id)::int AS n FROM journal_lines WHERE account_id = $1`,
        rows: `SELECT member_id AS "memberId", sum(amount)::text AS balance
                 FROM journal_lines WHERE account_id = $1 AND member_id > $2
                GROUP BY member_id ORDER BY member_id LIMIT $3`,
      },
      [accountId],
      uuidKey((row) => row.memberId),
    );
    return mapConnection(connection, (row) => ({ memberId: row.memberId, balance: toDecimal(row.balance) }));
  }

  /** The sum of every line in the cooperative's ledger: "0.00" whenever the books balance. */
  async trialBalance(cooperativeId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ total: string }[]>(
      `SELECT coalesce(sum(l.amount), 0)::text AS total FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.cooperative_id = $1`,
      [cooperativeId],
    );
    return formatMoney(toDecimal(row.total));
  }

  async entries(cooperativeId: string, page: PageArgs): Promise<Connection<JournalEntry>> {
    const after = decodeCursor(page.after, SEQ_CURSOR) ?? '0';
    const repository = this.dataSource.getRepository(JournalEntry);
    const [rows, totalCount] = await Promise.all([
      repository.createQueryBuilder('e').where('e.cooperative_id = :cooperativeId AND e.seq > :after', { cooperativeId, after }).orderBy('e.seq').limit(page.first + 1).getMany(),
      repository.countBy({ cooperativeId }),
    ]);
    return toConnection(rows, page.first, totalCount, (e) => e.seq);
  }

  /** The lines of several entries, with account codes and the currency, for a DataLoader. */
  async linesOf(entryIds: readonly string[]): Promise<EntryLine[]> {
    const rows = await this.dataSource.query<(Omit<EntryLine, 'amount'> & { amount: string })[]>(
      `SELECT l.entry_id AS "entryId", a.code, l.member_id AS "memberId", l.amount::text AS amount, c.currency
         FROM journal_lines l
         JOIN ledger_accounts a ON a.id = l.account_id
         JOIN cooperatives c ON c.id = a.cooperative_id
        WHERE l.entry_id = ANY($1) ORDER BY l.entry_id, l.line_no`,
      [entryIds],
    );
    return rows.map((row) => ({ ...row, amount: toDecimal(row.amount) }));
  }
}
