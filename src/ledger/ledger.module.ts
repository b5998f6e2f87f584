import { Module } from '@nestjs/common';
import { MembershipModule } from 'src/membership/membership.module';
import { CooperativeLedgerResolver, JournalEntryResolver, LedgerAccountResolver, LedgerMemberBalanceResolver, LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';

@Module({
  imports: [MembershipModule],
  providers: [LedgerService, LedgerResolver, LedgerAccountResolver, LedgerMemberBalanceResolver, CooperativeLedgerResolver, JournalEntryResolver],
  exports: [LedgerService],
})
export class LedgerModule {}
