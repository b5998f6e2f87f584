import { Module } from '@nestjs/common';
import { Entities } from 'src/database/entity-registry';
import { LedgerAccount, JournalEntry, JournalLine } from './ledger.entities';
import { MembershipModule } from 'src/membership/membership.module';
import { CooperativeLedgerResolver, JournalEntryResolver, LedgerAccountResolver, LedgerMemberBalanceResolver, LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';

@Module({
  imports: [MembershipModule, Entities.of(LedgerAccount, JournalEntry, JournalLine)],
  providers: [LedgerService, LedgerResolver, LedgerAccountResolver, LedgerMemberBalanceResolver, CooperativeLedgerResolver, JournalEntryResolver],
  exports: [LedgerService],
})
export class LedgerModule {}
