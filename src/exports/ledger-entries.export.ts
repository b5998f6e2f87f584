import { Injectable } from '@nestjs/common';
import { MembershipService } from 'src/membership/membership.service';
import { moneyCell, textCell, timeCell } from './cells';
import { CsvColumn, CsvExport, ExportPlan, ExportRequest } from './csv-export';

interface LineRow {
  entryId: string;
  postedAt: Date;
  description: string;
  sourceType: string;
  sourceId: string | null;
  reversesEntryId: string | null;
  lineNo: number;
  accountCode: string;
  memberId: string | null;
  amount: string;
}

// LedgerService pages entries and loads their lines per page; it has no streaming read, so the
// journal is read here from journal_entries, journal_lines and ledger_accounts. Exported for the
// benchmark's baseline (COPY of the same SELECT).
export const LEDGER_LINES_SQL = `
  SELECT e.id AS "entryId", e.posted_at AS "postedAt", e.description, e.source_type AS "sourceType", e.source_id AS "sourceId",
         e.reverses_entry_id AS "reversesEntryId", l.line_no AS "lineNo", a.code AS "accountCode", l.member_id AS "memberId", l.amount::text AS amount
    FROM journal_entries e
    JOIN journal_lines l ON l.entry_id = e.id
    JOIN ledger_accounts a ON a.id = l.account_id
   WHERE e.cooperative_id = $1
   ORDER BY e.seq, l.line_no`;

/** `ledger-entries.csv`: one record per journal line, entries in posting order (as `Ledger.entries`); members only, as `Cooperative.ledger`. */
@Injectable()
export class LedgerEntriesExport implements CsvExport {
  readonly name = 'ledger-entries';

  constructor(private readonly membership: MembershipService) {}

  async plan({ viewer, cooperative }: ExportRequest): Promise<ExportPlan<LineRow>> {
    await this.membership.requireMember(viewer.userId, cooperative.id);
    const columns: CsvColumn<LineRow>[] = [
      { header: 'entry_id', cell: (r) => r.entryId },
      { header: 'posted_at', cell: (r) => timeCell(r.postedAt) },
      { header: 'description', cell: (r) => textCell(r.description) },
      { header: 'source_type', cell: (r) => r.sourceType },
      { header: 'source_id', cell: (r) => r.sourceId },
      { header: 'reverses_entry_id', cell: (r) => r.reversesEntryId },
      { header: 'line_no', cell: (r) => String(r.lineNo) },
      { header: 'account_code', cell: (r) => r.accountCode },
      { header: 'member_id', cell: (r) => r.memberId },
      { header: 'amount', cell: (r) => moneyCell(r.amount) },
      { header: 'currency', cell: () => cooperative.currency },
    ];
    return { sql: LEDGER_LINES_SQL, params: [cooperative.id], columns: () => Promise.resolve(columns) };
  }
}
