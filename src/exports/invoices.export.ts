import { Injectable } from '@nestjs/common';
import { toDecimal } from 'src/common/money/decimal';
import { InvoiceStatus } from 'src/licensing/licensing.rules';
import { moneyCell, textCell } from './cells';
import { CsvColumn, CsvExport, ExportPlan, ExportRequest } from './csv-export';
import { LicenseeScope } from './licensee-scope';

interface InvoiceRow {
  id: string;
  licenseeId: string;
  licenseeName: string;
  agreementId: string;
  kind: string;
  period: string;
  dueOn: string;
  amount: string;
  paid: string;
  revenue: string | null;
  currency: string;
}

// BillingService pages invoices per licensee; it has no streaming read, so invoices are read here
// with what was allocated to them, as its INVOICE_SELECT does.
const SQL = `
  SELECT i.id, i.licensee_id AS "licenseeId", l.name AS "licenseeName", i.agreement_id AS "agreementId", i.kind, i.period,
         i.due_on::text AS "dueOn", i.amount::text AS amount, coalesce(p.paid, 0)::text AS paid, i.revenue::text AS revenue, c.currency
    FROM invoices i
    JOIN licensees l ON l.id = i.licensee_id
    JOIN cooperatives c ON c.id = i.cooperative_id
    LEFT JOIN LATERAL (SELECT sum(a.amount) AS paid FROM payment_allocations a WHERE a.invoice_id = i.id) p ON true
   WHERE i.cooperative_id = $1 AND ($2::uuid IS NULL OR i.licensee_id = $2)
   ORDER BY i.seq`;

const COLUMNS: CsvColumn<InvoiceRow>[] = [
  { header: 'invoice_id', cell: (r) => r.id },
  { header: 'licensee_id', cell: (r) => r.licenseeId },
  { header: 'licensee_name', cell: (r) => textCell(r.licenseeName) },
  { header: 'agreement_id', cell: (r) => r.agreementId },
  { header: 'kind', cell: (r) => r.kind },
  { header: 'period', cell: (r) => r.period },
  { header: 'due_on', cell: (r) => r.dueOn },
  { header: 'amount', cell: (r) => moneyCell(r.amount) },
  { header: 'paid', cell: (r) => moneyCell(r.paid) },
  { header: 'revenue', cell: (r) => r.revenue },
  // As `Invoice.status`.
  { header: 'status', cell: (r) => (toDecimal(r.paid).gte(toDecimal(r.amount)) ? InvoiceStatus.PAID : InvoiceStatus.OPEN) },
  { header: 'currency', cell: (r) => r.currency },
];

/** `invoices.csv[?licenseeId=…]`: invoices in issue order; see LicenseeScope for who may read them. */
@Injectable()
export class InvoicesExport implements CsvExport {
  readonly name = 'invoices';

  constructor(private readonly scope: LicenseeScope) {}

  plan(request: ExportRequest): Promise<ExportPlan<InvoiceRow>> {
    return this.scope.plan(request, SQL, COLUMNS);
  }
}
