import { Injectable } from '@nestjs/common';
import { notFound } from 'src/common/errors/domain-error';
import { LicensingService } from 'src/licensing/licensing.service';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { CsvColumn, ExportPlan, ExportRequest, uuidParam } from './csv-export';

/**
 * Who may export invoices and payments, as `Licensee.invoices` and `Licensee.payments`: the
 * cooperative's coordinators for every licensee; with `?licenseeId=`, also that licensee's own
 * account. Returns the licensee to restrict to, or null for all of them.
 */
@Injectable()
export class LicenseeScope {
  constructor(
    private readonly membership: MembershipService,
    private readonly licensing: LicensingService,
  ) {}

  async of({ viewer, cooperative, query }: ExportRequest): Promise<string | null> {
    const licenseeId = uuidParam(query, 'licenseeId');
    if (licenseeId === undefined) {
      await this.membership.requireMember(viewer.userId, cooperative.id, [Role.COORDINATOR]);
      return null;
    }
    const licensee = await this.licensing.readableLicensee(viewer.userId, licenseeId);
    if (licensee.cooperativeId !== cooperative.id) throw notFound('Licensee');
    return licensee.id;
  }

  /** A licensing export's plan: its SQL takes the cooperative ($1) and the licensee or null ($2). */
  async plan<R>(request: ExportRequest, sql: string, columns: CsvColumn<R>[]): Promise<ExportPlan<R>> {
    return { sql, params: [request.cooperative.id, await this.of(request)], columns: () => Promise.resolve(columns) };
  }
}
