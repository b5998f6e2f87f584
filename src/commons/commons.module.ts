import { Module } from '@nestjs/common';
import { LedgerModule } from 'src/ledger/ledger.module';
import { LicensingModule } from 'src/licensing/licensing.module';
import { MembershipModule } from 'src/membership/membership.module';
import { AssetsService } from './assets.service';
import { BondsService } from './bonds.service';
import { AssetResolver, BondHoldingResolver, BondSeriesResolver, CooperativeCommonsResolver, RentalAgreementResolver } from './commons.resolver';

/** The venture commune's property and finance: assets, their rentals, and bonds. */
@Module({
  imports: [MembershipModule, LedgerModule, LicensingModule],
  providers: [AssetsService, BondsService, AssetResolver, RentalAgreementResolver, BondSeriesResolver, BondHoldingResolver, CooperativeCommonsResolver],
})
export class CommonsModule {}
