import { Module } from '@nestjs/common';
import { CooperativesModule } from 'src/cooperatives/cooperatives.module';
import { LedgerModule } from 'src/ledger/ledger.module';
import { MembershipModule } from 'src/membership/membership.module';
import { BallotRoundCloser } from './ballot-close.service';
import { BallotRoundResolver, BucketExplanationResolver, BudgetRoundResultResolver } from './ballot-rounds.resolver';
import { BallotRoundsService } from './ballot-rounds.service';
import { BucketsService } from './buckets.service';
import { AllocationResolver, BucketResolver, BudgetRoundResolver, CooperativeBudgetingResolver, DividendPayoutResolver, SurplusResolver } from './budgeting.resolver';
import { RoundsService } from './rounds.service';
import { SurplusService } from './surplus.service';

@Module({
  imports: [MembershipModule, CooperativesModule, LedgerModule],
  providers: [
    SurplusService,
    RoundsService,
    BucketsService,
    BallotRoundCloser,
    BallotRoundsService,
    BallotRoundResolver,
    BudgetRoundResultResolver,
    BucketExplanationResolver,
    SurplusResolver, BudgetRoundResolver, BucketResolver, DividendPayoutResolver, AllocationResolver, CooperativeBudgetingResolver],
})
export class BudgetingModule {}
