import { StakeholderClass } from 'src/common/stakeholder-class';
import { moneyFromText } from 'src/common/money/money.type';
import { Connection, INT_SEQ_KEY, mapConnection, PageArgs, sqlPage } from 'src/common/pagination/connection';
import { Allocation, DividendPayout } from './budgeting.types';

interface Queryable {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * A page of the member lines of one journal entry (the payouts of a declaration, the allocations of
 * a round), as positive amounts in line order: they are the credits to the members.
 */
export async function memberLinesPage(db: Queryable, entryId: string, currency: string, page: PageArgs): Promise<Connection<DividendPayout & Allocation>> {
  const connection = await sqlPage<{ seq: string; memberId: string; class: StakeholderClass; amount: string }>(
    db,
    page,
    {
      count: `SELECT count(*)::int AS n FROM journal_lines WHERE entry_id = $1 AND member_id IS NOT NULL`,
      rows: `SELECT line_no::text AS seq, member_id AS "memberId", stakeholder_class AS class, (-amount)::text AS amount
               FROM journal_lines WHERE entry_id = $1 AND member_id IS NOT NULL AND line_no > $2 ORDER BY line_no LIMIT $3`,
    },
    [entryId],
    // line_no is an integer: a cursor past its range is refused instead of failing in PostgreSQL.
    INT_SEQ_KEY,
  );
  return mapConnection(connection, (r) => ({ ...r, amount: moneyFromText(r.amount, currency) }));
}
