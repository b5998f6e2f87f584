import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { Loaders } from 'src/common/loaders/loaders';
import { Money, moneyFromText } from 'src/common/money/money.type';
import { ConnectionType, PageArgs } from 'src/common/pagination/connection';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { Member } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { BucketsService } from './buckets.service';
import { Allocation, BudgetRound, Bucket, Contribution, DividendPayout, SurplusDeclaration } from './budgeting.types';
import { ContributeInput, DeclareSurplusInput, OpenBudgetRoundInput, ProposeBucketInput } from './dto/budgeting.inputs';
import { RoundsService } from './rounds.service';
import { SurplusService } from './surplus.service';

const DividendPayoutConnection = ConnectionType(DividendPayout, 'DividendPayout');
const BudgetRoundConnection = ConnectionType(BudgetRound, 'BudgetRound');
const AllocationConnection = ConnectionType(Allocation, 'Allocation');
const BucketConnection = ConnectionType(Bucket, 'Bucket');

@Resolver(() => SurplusDeclaration)
export class SurplusResolver {
  constructor(
    private readonly surplus: SurplusService,
    private readonly rounds: RoundsService,
  ) {}

  @Mutation(() => SurplusDeclaration, { description: 'COORDINATOR: split by the bylaws; replaying the idempotency key returns the same declaration.' })
  declareSurplus(@CurrentViewer() viewer: Viewer, @Args('input') input: DeclareSurplusInput): Promise<SurplusDeclaration> {
    return this.surplus.declare(viewer.userId, input);
  }

  @Query(() => SurplusDeclaration, { nullable: true, description: 'Members of its cooperative only, as `Cooperative.surplusDeclarations`.' })
  surplusDeclaration(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<SurplusDeclaration> {
    return this.surplus.readableDeclaration(viewer.userId, id);
  }

  @ResolveField(() => DividendPayoutConnection)
  payouts(@Parent() declaration: SurplusDeclaration, @Args() page: PageArgs) {
    return this.surplus.payouts(declaration, page);
  }

  @ResolveField(() => BudgetRound, { nullable: true, description: 'The round its co-budget part funds, once opened.' })
  round(@Parent() declaration: SurplusDeclaration): Promise<BudgetRound | null> {
    return this.rounds.bySurplus(declaration.id);
  }
}

@Resolver(() => BudgetRound)
export class BudgetRoundResolver {
  constructor(
    private readonly rounds: RoundsService,
    private readonly bucketsService: BucketsService,
    private readonly membership: MembershipService,
  ) {}

  @Mutation(() => BudgetRound, { description: 'COORDINATOR: opens a round from a surplus (its co-budget part) or an amount of the reserve, and allocates it.' })
  openBudgetRound(@CurrentViewer() viewer: Viewer, @Args('input') input: OpenBudgetRoundInput): Promise<BudgetRound> {
    return this.rounds.open(viewer.userId, input);
  }

  @Mutation(() => BudgetRound, { description: 'COORDINATOR: funded buckets keep their money, the others are refunded, unspent allocations return to the reserve.' })
  closeBudgetRound(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<BudgetRound> {
    return this.rounds.close(viewer.userId, id);
  }

  @Query(() => BudgetRound, { nullable: true, description: 'Members of its cooperative only, as `Cooperative.budgetRounds`.' })
  budgetRound(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<BudgetRound> {
    return this.rounds.readableRound(viewer.userId, id);
  }

  @ResolveField(() => Money, { nullable: true, description: 'What you were allocated in this round.' })
  async myAllocation(@Parent() round: BudgetRound, @CurrentViewer() viewer: Viewer | undefined): Promise<Money> {
    const member = await this.membership.requireMember(requireViewer(viewer).userId, round.cooperativeId);
    return moneyFromText(await this.rounds.allocated(round, member.id), round.currency);
  }

  @ResolveField(() => Money, { nullable: true, description: 'What you can still contribute in this round.' })
  async myBalance(@Parent() round: BudgetRound, @CurrentViewer() viewer: Viewer | undefined): Promise<Money> {
    const member = await this.membership.requireMember(requireViewer(viewer).userId, round.cooperativeId);
    return moneyFromText(await this.rounds.balance(round, member.id), round.currency);
  }

  @ResolveField(() => BucketConnection)
  buckets(@Parent() round: BudgetRound, @Args() page: PageArgs) {
    return this.bucketsService.list(round.id, page);
  }

  @ResolveField(() => AllocationConnection)
  allocations(@Parent() round: BudgetRound, @Args() page: PageArgs) {
    return this.rounds.allocations(round, page);
  }
}

@Resolver(() => Bucket)
export class BucketResolver {
  constructor(private readonly buckets: BucketsService) {}

  @Mutation(() => Bucket, { description: 'Any member, while granting is open: minGoal ≤ maxGoal, both > 0.' })
  proposeBucket(@CurrentViewer() viewer: Viewer, @Args('input') input: ProposeBucketInput): Promise<Bucket> {
    return this.buckets.propose(viewer.userId, input);
  }

  @Mutation(() => Bucket, { description: 'COORDINATOR: opens a proposed bucket for funding.' })
  approveBucket(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Bucket> {
    return this.buckets.approve(viewer.userId, id);
  }

  @Mutation(() => Contribution, { description: 'From your allocation to an approved bucket, never beyond your balance, the maxGoal or the per-member cap.' })
  contribute(@CurrentViewer() viewer: Viewer, @Args('input') input: ContributeInput): Promise<Contribution> {
    return this.buckets.contribute(viewer.userId, input);
  }

  @Query(() => Bucket, { nullable: true, description: "Members of its round's cooperative only, as `BudgetRound.buckets`." })
  bucket(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Bucket> {
    return this.buckets.readableBucket(viewer.userId, id);
  }

  @ResolveField(() => Money, { description: 'The sum of its ledger entries (refunds included).' })
  funded(@Parent() bucket: Bucket, @RequestLoaders() loaders: Loaders): Promise<Money> {
    return this.buckets.funded(loaders, bucket);
  }
}

@Resolver(() => DividendPayout)
export class DividendPayoutResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => Member)
  member(@Parent() payout: DividendPayout, @RequestLoaders() loaders: Loaders): Promise<Member> {
    return this.membership.load(loaders, payout.memberId);
  }
}

@Resolver(() => Allocation)
export class AllocationResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => Member)
  member(@Parent() allocation: Allocation, @RequestLoaders() loaders: Loaders): Promise<Member> {
    return this.membership.load(loaders, allocation.memberId);
  }
}

@Resolver(() => Cooperative)
export class CooperativeBudgetingResolver {
  constructor(
    private readonly rounds: RoundsService,
    private readonly surplus: SurplusService,
    private readonly membership: MembershipService,
  ) {}

  @ResolveField(() => BudgetRoundConnection, { description: 'Members only.' })
  async budgetRounds(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined, @Args() page: PageArgs) {
    await this.membership.requireMember(requireViewer(viewer).userId, cooperative.id);
    return this.rounds.list(cooperative.id, page);
  }

  @ResolveField(() => [SurplusDeclaration], { description: 'Members only; oldest first.' })
  async surplusDeclarations(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<SurplusDeclaration[]> {
    await this.membership.requireMember(requireViewer(viewer).userId, cooperative.id);
    return this.surplus.list(cooperative.id);
  }
}
