import { Injectable } from '@nestjs/common';
import { moneyCell, textCell, timeCell } from './cells';
import { CsvColumn, CsvExport, ExportPlan, ExportRequest } from './csv-export';
import { LicenseeScope } from './licensee-scope';

interface PaymentRow {
  id: string;
  licenseeId: string;
  licenseeName: string;
  amount: string;
  allocated: string;
  idempotencyKey: string;
  receivedAt: Date;
  currency: string;
}

// BillingService pages payments per licensee; it has no streaming read, so payments are read here
// with what each settled, as its PAYMENT_SELECT does.
const SQL = `
  SELECT p.id, p.licensee_id AS "licenseeId", l.name AS "licenseeName", p.amount::text AS amount, coalesce(a.allocated, 0)::text AS allocated,
         p.idempotency_key AS "idempotencyKey", p.received_at AS "receivedAt", c.currency
    FROM payments p
    JOIN licensees l ON l.id = p.licensee_id
    JOIN cooperatives c ON c.id = p.cooperative_id
    LEFT JOIN LATERAL (SELECT sum(x.amount) AS allocated FROM payment_allocations x WHERE x.payment_id = p.id) a ON true
   WHERE p.cooperative_id = $1 AND ($2::uuid IS NULL OR p.licensee_id = $2)
   ORDER BY p.seq`;

const COLUMNS: CsvColumn<PaymentRow>[] = [
  { header: 'payment_id', cell: (r) => r.id },
  { header: 'licensee_id', cell: (r) => r.licenseeId },
  { header: 'licensee_name', cell: (r) => textCell(r.licenseeName) },
  { header: 'amount', cell: (r) => moneyCell(r.amount) },
  { header: 'allocated', cell: (r) => moneyCell(r.allocated) },
  { header: 'idempotency_key', cell: (r) => textCell(r.idempotencyKey) },
  { header: 'received_at', cell: (r) => timeCell(r.receivedAt) },
  { header: 'currency', cell: (r) => r.currency },
];

/** `payments.csv[?licenseeId=…]`: payments in the order received; see LicenseeScope for who may read them. */
@Injectable()
export class PaymentsExport implements CsvExport {
  readonly name = 'payments';

  constructor(private readonly scope: LicenseeScope) {}

  plan(request: ExportRequest): Promise<ExportPlan<PaymentRow>> {
    return this.scope.plan(request, SQL, COLUMNS);
  }
}
