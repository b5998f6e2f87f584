import { Module } from '@nestjs/common';
import { Entities } from 'src/database/entity-registry';
import { UnitEntry } from './unit-entry.entity';
import { CooperativesModule } from 'src/cooperatives/cooperatives.module';
import { LedgerModule } from 'src/ledger/ledger.module';
import { MembershipModule } from 'src/membership/membership.module';
import { CapTableService } from './cap-table.service';
import { CapTableResolver, CooperativeCapTableResolver, MemberEquityResolver, RegisterResolver } from './equity.resolver';
import { RegisterService } from './register.service';

@Module({
  imports: [MembershipModule, CooperativesModule, LedgerModule, Entities.of(UnitEntry)],
  providers: [RegisterService, CapTableService, RegisterResolver, MemberEquityResolver, CooperativeCapTableResolver, CapTableResolver],
  exports: [RegisterService, CapTableService],
})
export class EquityModule {}
