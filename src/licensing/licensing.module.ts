import { Module } from '@nestjs/common';
import { Entities } from 'src/database/entity-registry';
import { Work, Licensee, LicenseAgreement } from './licensing.entities';
import { CooperativesModule } from 'src/cooperatives/cooperatives.module';
import { EquityModule } from 'src/equity/equity.module';
import { IdentityModule } from 'src/identity/identity.module';
import { LedgerModule } from 'src/ledger/ledger.module';
import { MembershipModule } from 'src/membership/membership.module';
import { BillingService } from './billing.service';
import { CooperativeLicensingResolver, LicenseAgreementResolver, LicensingResolver } from './licensing.resolver';
import { LicenseeAccountsService } from './licensee-accounts.service';
import { LicensingService } from './licensing.service';
import { StandingService } from './standing.service';

@Module({
  imports: [IdentityModule, MembershipModule, CooperativesModule, LedgerModule, EquityModule, Entities.of(Work, Licensee, LicenseAgreement)],
  providers: [LicensingService, BillingService, StandingService, LicenseeAccountsService, LicensingResolver, LicenseAgreementResolver, CooperativeLicensingResolver],
  exports: [LicensingService, BillingService, LicenseeAccountsService],
})
export class LicensingModule {}
