import { Module } from '@nestjs/common';
import { MembershipModule } from 'src/membership/membership.module';
import { CooperativeLedgerResolver, JournalEntryResolver, LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';

@Module({
  imports: [MembershipModule],
  providers: [LedgerService, LedgerResolver, CooperativeLedgerResolver, JournalEntryResolver],
  exports: [LedgerService],
})
export class LedgerModule {}
