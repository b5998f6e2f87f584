import { Module } from '@nestjs/common';
import { Entities } from 'src/database/entity-registry';
import { Proposal } from './proposal.entity';
import { CooperativesModule } from 'src/cooperatives/cooperatives.module';
import { LedgerModule } from 'src/ledger/ledger.module';
import { MembershipModule } from 'src/membership/membership.module';
import { SpendsService } from './spends.service';
import { BallotOptionsResolver, BallotRevisionOptionsResolver, ProposalOptionsResolver } from './ballot-options.resolver';
import { BallotsService } from './ballots.service';
import { OutcomeStatementsService } from './outcome-statements.service';
import { ProposalProxyResolver, ProxiesResolver } from './proxies.resolver';
import { ProxiesService } from './proxies.service';
import { ClosingService } from './closing.service';
import { ElectorateService } from './electorate.service';
import { BallotResolver, CooperativeProposalsResolver, ProposalResolver } from './governance.resolver';
import { ProposalCloser } from './proposal-closer';
import { ProposalsService } from './proposals.service';
import { TallyPublisher } from './tally-publisher';
import { TallySubscriptionResolver } from './tally-subscription.resolver';
import { TallyService } from './tally.service';
import { VisibleTallyService } from './visible-tally.service';

@Module({
  imports: [MembershipModule, CooperativesModule, LedgerModule, Entities.of(Proposal)],
  providers: [
    ProxiesService,
    SpendsService,
    OutcomeStatementsService,
    ProxiesResolver,
    ProposalProxyResolver,
    BallotOptionsResolver,
    BallotRevisionOptionsResolver,
    ProposalOptionsResolver,
    ProposalsService,
    BallotsService,
    ElectorateService,
    TallyService,
    ClosingService,
    VisibleTallyService,
    TallyPublisher,
    ProposalCloser,
    ProposalResolver,
    BallotResolver,
    CooperativeProposalsResolver,
    TallySubscriptionResolver,
  ],
  exports: [ProposalsService, BallotsService],
})
export class GovernanceModule {}
