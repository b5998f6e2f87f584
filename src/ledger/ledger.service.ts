import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound } from 'src/common/errors/domain-error';
import { formatMoney, toDecimal } from 'src/common/money/decimal';
import { Connection, decodeCursor, PageArgs, SEQ_CURSOR, toConnection } from 'src/common/pagination/connection';
import { JournalEntry, JournalLine, LedgerAccount } from './ledger.entities';
import { accountKey, AccountRef, assertBalanced, keyOfAccount, PostingLine, reversalLines } from './posting';

export interface Posting {
  cooperativeId: string;
  description: string;
  sourceType: string;
  sourceId?: string | null;
  postedByUserId?: string | null;
  lines: PostingLine[];
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

export interface EntryLine {
  entryId: string;
  code: string;
  memberId: string | null;
  amount: Decimal;
  currency: string;
}

export interface AccountBalance {
  account: LedgerAccount;
  balance: Decimal;
}

/** The double-entry ledger. Callers pass their transaction's manager so postings commit with the business change. */
@Injectable()
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  async post(manager: EntityManager, posting: Posting): Promise<JournalEntry> {
    assertBalanced(posting.lines);
    const entries = manager.getRepository(JournalEntry);
    const entry = await entries.save(
      entries.create({
        cooperativeId: posting.cooperativeId,
        description: posting.description,
        sourceType: posting.sourceType,
        sourceId: posting.sourceId ?? null,
        postedByUserId: posting.postedByUserId ?? null,
        reversesEntryId: null,
      }),
    );
    const accounts = await this.accounts(manager, posting.cooperativeId, posting.lines.map((line) => line.account));
    await this.insertLines(
      manager,
      entry.id,
      posting.lines.map((line) => accounts.get(accountKey(line.account))!),
      posting.lines.map((line) => line.amount.toString()),
    );
    return entry;
  }

  /** Undoes an entry with a new one of opposite signs; an entry can be reversed only once. */
  async reverse(manager: EntityManager, entryId: string, description: string, postedByUserId: string | null): Promise<JournalEntry> {
    const original = await manager.getRepository(JournalEntry).findOneBy({ id: entryId });
    if (!original) throw notFound('Journal entry');
    if (original.reversesEntryId) throw conflict('A reversal entry cannot itself be reversed');
    const already = await manager.getRepository(JournalEntry).findOneBy({ reversesEntryId: entryId });
    if (already) throw conflict('This journal entry has already been reversed');
    const lines = reversalLines(await manager.getRepository(JournalLine).findBy({ entryId }));
    const entries = manager.getRepository(JournalEntry);
    const reversal = await entries.save(
      entries.create({ cooperativeId: original.cooperativeId, description, sourceType: original.sourceType, sourceId: original.sourceId, postedByUserId, reversesEntryId: entryId }),
    );
    await this.insertLines(
      manager,
      reversal.id,
      lines.map((l) => l.accountId),
      lines.map((l) => l.amount.toString()),
    );
    return reversal;
  }

  /** All lines of an entry in one statement: the database checks each statement's entries balance. */
  private async insertLines(manager: EntityManager, entryId: string, accountIds: string[], amounts: string[]): Promise<void> {
    await manager.query(`INSERT INTO journal_lines (entry_id, account_id, amount) SELECT $1, a, m FROM unnest($2::uuid[], $3::numeric[]) AS t(a, m)`, [entryId, accountIds, amounts]);
  }

  /** Finds or opens the accounts, in bulk; concurrent openers meet at the unique constraint. */
  async accounts(manager: EntityManager, cooperativeId: string, refs: AccountRef[]): Promise<Map<string, string>> {
    const unique = [...new Map(refs.map((ref) => [accountKey(ref), ref])).values()];
    const columns = [unique.map((r) => r.kind.code), unique.map((r) => r.kind.type), unique.map((r) => r.memberId ?? null), unique.map((r) => r.scopeId ?? null)];
    await manager.query(
      `INSERT INTO ledger_accounts (cooperative_id, code, type, member_id, scope_id)
       SELECT $1, c, t, m, s FROM unnest($2::text[], $3::text[], $4::uuid[], $5::uuid[]) AS u(c, t, m, s)
       ON CONFLICT (cooperative_id, code, member_id, scope_id) DO NOTHING`,
      [cooperativeId, ...columns],
    );
    const rows = await manager.query<{ id: string; code: string; memberId: string | null; scopeId: string | null }[]>(
      `SELECT a.id, a.code, a.member_id AS "memberId", a.scope_id AS "scopeId"
         FROM ledger_accounts a
         JOIN unnest($2::text[], $3::uuid[], $4::uuid[]) AS u(c, m, s)
           -- Equality on a sentinel (not IS NOT DISTINCT FROM) so a 100,000-account lookup can hash-join.
           ON a.code = u.c AND coalesce(a.member_id, '${NO_ID}') = coalesce(u.m, '${NO_ID}') AND coalesce(a.scope_id, '${NO_ID}') = coalesce(u.s, '${NO_ID}')
        WHERE a.cooperative_id = $1`,
      [cooperativeId, columns[0], columns[2], columns[3]],
    );
    return new Map(rows.map((row) => [keyOfAccount(row.code, row.memberId, row.scopeId), row.id]));
  }

  /** The balance of one account (debits positive), read under the caller's transaction. */
  async balance(manager: EntityManager, accountId: string): Promise<Decimal> {
    const [row] = await manager.query<{ total: string }[]>(`SELECT coalesce(sum(amount), 0)::text AS total FROM journal_lines WHERE account_id = $1`, [accountId]);
    return toDecimal(row.total);
  }

  /** Locks an account row so a balance check and the posting that depends on it cannot interleave. */
  async lockAccount(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query(`SELECT id FROM ledger_accounts WHERE id = $1 FOR UPDATE`, [accountId]);
  }

  async balances(cooperativeId: string): Promise<AccountBalance[]> {
    const rows = await this.dataSource.query<(LedgerAccount & { balance: string })[]>(
      `SELECT a.id, a.code, a.type, a.member_id AS "memberId", a.scope_id AS "scopeId", coalesce(sum(l.amount), 0)::text AS balance
         FROM ledger_accounts a LEFT JOIN journal_lines l ON l.account_id = a.id
        WHERE a.cooperative_id = $1
        GROUP BY a.id ORDER BY a.code, a.member_id NULLS FIRST, a.scope_id NULLS FIRST`,
      [cooperativeId],
    );
    return rows.map(({ balance, ...account }) => ({ account: { ...account, cooperativeId }, balance: toDecimal(balance) }));
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
      `SELECT l.entry_id AS "entryId", a.code, a.member_id AS "memberId", l.amount::text AS amount, c.currency
         FROM journal_lines l
         JOIN ledger_accounts a ON a.id = l.account_id
         JOIN cooperatives c ON c.id = a.cooperative_id
        WHERE l.entry_id = ANY($1) ORDER BY l.id`,
      [entryIds],
    );
    return rows.map((row) => ({ ...row, amount: toDecimal(row.amount) }));
  }
}
