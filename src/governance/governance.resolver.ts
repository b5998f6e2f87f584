import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { forbidden } from 'src/common/errors/domain-error';
import { Loaders } from 'src/common/loaders/loaders';
import { ConnectionType, PageArgs } from 'src/common/pagination/connection';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { Member } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { BallotsService } from './ballots.service';
import { CastVoteInput, CreateProposalInput, ProposalsArgs } from './dto/governance.inputs';
import { ProposalOutcome, ProposalStatus } from './governance.enums';
import { Ballot, BallotRevision, Proposal } from './proposal.entity';
import { proposalStatus, resultsVisible } from './proposal-status';
import { ProposalsService } from './proposals.service';
import { SpendsService } from './spends.service';
import { Spend } from './spend.types';
import { TallyPublisher } from './tally-publisher';
import { Tally } from './tally.types';
import { VisibleTallyService } from './visible-tally.service';

const ProposalConnection = ConnectionType(Proposal, 'Proposal');
const BallotConnection = ConnectionType(Ballot, 'Ballot');

@Resolver(() => Proposal)
export class ProposalResolver {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly ballots: BallotsService,
    private readonly membership: MembershipService,
    private readonly tallies: VisibleTallyService,
    private readonly publisher: TallyPublisher,
    private readonly spends: SpendsService,
  ) {}

  @Mutation(() => Proposal, { description: 'COORDINATOR (or any member when the bylaws allow).' })
  createProposal(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateProposalInput): Promise<Proposal> {
    return this.proposals.create(viewer.userId, input);
  }

  @Mutation(() => Ballot, { description: 'Votes, or replaces your current ballot (the earlier one stays in the history).' })
  async castVote(@CurrentViewer() viewer: Viewer, @Args('input') input: CastVoteInput): Promise<Ballot> {
    const { ballot, proposalId } = await this.ballots.cast(viewer.userId, input);
    this.publisher.changed({ id: proposalId });
    return ballot;
  }

  @Mutation(() => Proposal, { description: 'COORDINATOR: closes early; the outcome is stored now.' })
  async closeProposal(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Proposal> {
    const proposal = await this.proposals.close(viewer.userId, id);
    this.publisher.changed(proposal);
    return proposal;
  }

  @Mutation(() => Proposal, { description: 'COORDINATOR: moves closesAt later while the proposal is not closed.' })
  extendProposal(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string, @Args('closesAt') closesAt: Date): Promise<Proposal> {
    return this.proposals.extend(viewer.userId, id, closesAt);
  }

  @Query(() => Proposal, { nullable: true, description: 'Members of its cooperative only.' })
  proposal(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Proposal> {
    return this.proposals.get(viewer.userId, id);
  }

  @ResolveField(() => ProposalStatus)
  status(@Parent() proposal: Proposal): ProposalStatus {
    return proposalStatus(proposal);
  }

  @ResolveField(() => ProposalOutcome, { nullable: true, description: 'Fixed at close.' })
  async outcome(@Parent() proposal: Proposal, @RequestLoaders() loaders: Loaders): Promise<ProposalOutcome | null> {
    return (await this.proposals.loadOutcome(loaders, proposal.id))?.outcome ?? null;
  }

  @ResolveField(() => ID, { nullable: true, description: 'The bylaws version this proposal enacted, if it passed with an amendment.' })
  async enactedBylawsId(@Parent() proposal: Proposal, @RequestLoaders() loaders: Loaders): Promise<string | null> {
    return (await this.proposals.loadOutcome(loaders, proposal.id))?.enactedBylawsId ?? null;
  }

  @ResolveField(() => Tally, { nullable: true, description: 'Hidden (FORBIDDEN) until the results visibility allows.' })
  async tally(@Parent() proposal: Proposal, @CurrentViewer() viewer: Viewer | undefined, @RequestLoaders() loaders: Loaders): Promise<Tally> {
    return this.tallies.forViewer(proposal, requireViewer(viewer).userId, loaders);
  }

  @ResolveField(() => Spend, { nullable: true, description: 'The money this proposal releases if it passes, and whether it was posted.' })
  spend(@Parent() proposal: Proposal, @RequestLoaders() loaders: Loaders): Promise<Spend | null> {
    return this.spends.load(loaders, proposal.id);
  }

  @ResolveField(() => Member, { description: 'The member who made the proposal.' })
  author(@Parent() proposal: Proposal, @RequestLoaders() loaders: Loaders): Promise<Member> {
    return this.membership.load(loaders, proposal.createdByMemberId);
  }

  @ResolveField(() => Ballot, { nullable: true, description: 'Your current ballot (never shown in anonymous proposals).' })
  async myBallot(@Parent() proposal: Proposal, @CurrentViewer() viewer: Viewer | undefined, @RequestLoaders() loaders: Loaders): Promise<Ballot | null> {
    const member = await this.membership.requireViewerMember(loaders, requireViewer(viewer).userId, proposal.cooperativeId);
    return this.ballots.loadCurrent(loaders, proposal, member.id);
  }

  @ResolveField(() => [BallotRevision], { description: 'Every ballot you cast on this proposal, oldest first (empty in anonymous proposals).' })
  async myBallotHistory(@Parent() proposal: Proposal, @CurrentViewer() viewer: Viewer | undefined, @RequestLoaders() loaders: Loaders): Promise<BallotRevision[]> {
    const member = await this.membership.requireViewerMember(loaders, requireViewer(viewer).userId, proposal.cooperativeId);
    return proposal.anonymous ? [] : this.ballots.history(proposal, member.id);
  }

  @ResolveField(() => Boolean, { description: 'Whether you have voted.' })
  async hasVoted(@Parent() proposal: Proposal, @CurrentViewer() viewer: Viewer | undefined, @RequestLoaders() loaders: Loaders): Promise<boolean> {
    const member = await this.membership.requireViewerMember(loaders, requireViewer(viewer).userId, proposal.cooperativeId);
    return this.ballots.loadHasVoted(loaders, proposal, member.id);
  }

  @ResolveField('ballots', () => BallotConnection, { description: 'Current ballots; hidden (FORBIDDEN) until the results visibility allows.' })
  async ballotList(@Parent() proposal: Proposal, @CurrentViewer() viewer: Viewer | undefined, @Args() page: PageArgs) {
    const member = await this.membership.requireMember(requireViewer(viewer).userId, proposal.cooperativeId);
    if (!resultsVisible(proposal.resultsVisibility, proposalStatus(proposal), await this.ballots.hasVoted(proposal, member.id))) {
      throw forbidden('Ballots are hidden until the results may be seen');
    }
    return this.ballots.list(proposal, page);
  }
}

@Resolver(() => Ballot)
export class BallotResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => Member, { nullable: true, description: 'Null in anonymous proposals.' })
  member(@Parent() ballot: Ballot, @RequestLoaders() loaders: Loaders): Promise<Member> | null {
    return ballot.memberId ? this.membership.load(loaders, ballot.memberId) : null;
  }
}

@Resolver(() => Cooperative)
export class CooperativeProposalsResolver {
  constructor(
    private readonly proposalsService: ProposalsService,
    private readonly membership: MembershipService,
  ) {}

  @ResolveField(() => ProposalConnection, { description: 'Members only; oldest first.' })
  async proposals(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined, @Args() args: ProposalsArgs) {
    await this.membership.requireMember(requireViewer(viewer).userId, cooperative.id);
    return this.proposalsService.list(cooperative.id, args);
  }
}
