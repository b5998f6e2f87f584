import { Module } from '@nestjs/common';
import { CooperativesModule } from 'src/cooperatives/cooperatives.module';
import { GovernanceModule } from 'src/governance/governance.module';
import { IdentityModule } from 'src/identity/identity.module';
import { LicensingModule } from 'src/licensing/licensing.module';
import { MembershipModule } from 'src/membership/membership.module';
import { BallotsExport } from './ballots.export';
import { CapTableExport } from './cap-table.export';
import { CsvExport } from './csv-export';
import { CsvStreamer } from './csv-stream';
import { ExportsController } from './exports.controller';
import { CSV_EXPORTS, ExportsService } from './exports.service';
import { InvoicesExport } from './invoices.export';
import { LedgerEntriesExport } from './ledger-entries.export';
import { LicenseeScope } from './licensee-scope';
import { MembersExport } from './members.export';
import { PaymentsExport } from './payments.export';

const EXPORTS = [MembersExport, CapTableExport, LedgerEntriesExport, BallotsExport, InvoicesExport, PaymentsExport];

/** CSV downloads at `GET /exports/:cooperativeId/<name>.csv`, streamed from a cursor; access as the matching GraphQL fields. */
@Module({
  imports: [IdentityModule, MembershipModule, CooperativesModule, GovernanceModule, LicensingModule],
  controllers: [ExportsController],
  providers: [
    ...EXPORTS,
    LicenseeScope,
    CsvStreamer,
    ExportsService,
    { provide: CSV_EXPORTS, useFactory: (...exports: CsvExport[]) => exports, inject: EXPORTS },
  ],
})
export class ExportsModule {}
