import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { groupByKeys, Loaders } from 'src/common/loaders/loaders';
import { toDecimal } from 'src/common/money/decimal';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { Licensee } from './licensing.entities';
import { LicenseeStanding, LicenseUse, standing } from './licensing.rules';
import { today } from './licensing.service';

interface DueInvoice {
  licenseeId: string;
  dueOn: string;
  amount: string;
  paid: string;
}

/**
 * Standing and licence validity, read through the request's loaders: a list of N licensees asks for
 * their invoices, agreements and memberships once each, not N times.
 */
@Injectable()
export class StandingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cooperatives: CooperativesService,
  ) {}

  /** On `asOf`, judging the invoices due by then as they are paid now. */
  async standing(licensee: Licensee, asOf: string, loaders: Loaders = new Loaders()): Promise<LicenseeStanding> {
    const [bylaws, due] = await Promise.all([this.cooperatives.loadCurrentBylaws(loaders, licensee.cooperativeId), this.dueInvoices(loaders, licensee.id, asOf)]);
    const invoices = due.map((r) => ({ dueOn: r.dueOn, amount: toDecimal(r.amount), paid: toDecimal(r.paid) }));
    return standing(invoices, asOf, bylaws.graceDays, bylaws.suspensionDays);
  }

  /**
   * Whether the licensee may use the works as it declared: free uses always; a COMMERCIAL licensee
   * while it is an active member, or holds an agreement in force today and is not SUSPENDED.
   */
  async licensed(licensee: Licensee, loaders: Loaders = new Loaders()): Promise<boolean> {
    if (licensee.use !== LicenseUse.COMMERCIAL) return true;
    const now = today();
    const [member, agreement] = await Promise.all([this.activeMember(loaders, licensee.memberId), this.hasAgreementInForce(loaders, licensee.id, now)]);
    if (member) return true;
    if (!agreement) return false;
    return (await this.standing(licensee, now, loaders)) !== LicenseeStanding.SUSPENDED;
  }

  private dueInvoices(loaders: Loaders, licenseeId: string, asOf: string): Promise<DueInvoice[]> {
    return loaders
      .get<string, DueInvoice[]>(`dueInvoices:${asOf}`, async (ids) => {
        const rows = await this.dataSource.query<DueInvoice[]>(
          `SELECT i.licensee_id AS "licenseeId", i.due_on::text AS "dueOn", i.amount::text AS amount,
                  coalesce((SELECT sum(a.amount) FROM payment_allocations a WHERE a.invoice_id = i.id), 0)::text AS paid
             FROM invoices i WHERE i.licensee_id = ANY($1) AND i.due_on <= $2`,
          [ids, asOf],
        );
        return groupByKeys(ids, rows, (row) => row.licenseeId);
      })
      .load(licenseeId);
  }

  private activeMember(loaders: Loaders, memberId: string | null): Promise<boolean> {
    if (!memberId) return Promise.resolve(false);
    return loaders
      .get<string, boolean>('memberActive', async (ids) => {
        const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM members WHERE id = ANY($1) AND status = 'ACTIVE'`, [ids]);
        const active = new Set(rows.map((row) => row.id));
        return ids.map((id) => active.has(id));
      })
      .load(memberId);
  }

  private hasAgreementInForce(loaders: Loaders, licenseeId: string, on: string): Promise<boolean> {
    return loaders
      .get<string, boolean>(`agreementInForce:${on}`, async (ids) => {
        const rows = await this.dataSource.query<{ id: string }[]>(
          `SELECT DISTINCT licensee_id AS id FROM license_agreements WHERE licensee_id = ANY($1) AND kind = 'LICENSE' AND starts_on <= $2 AND (ends_on IS NULL OR ends_on >= $2)`,
          [ids, on],
        );
        const holding = new Set(rows.map((row) => row.id));
        return ids.map((id) => holding.has(id));
      })
      .load(licenseeId);
  }
}
