import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { Loaders } from 'src/common/loaders/loaders';
import { Member } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { OutcomeStatementsService } from './outcome-statements.service';
import { Proposal } from './proposal.entity';
import { ProxiesService } from './proxies.service';
import { AppointProxyInput, OutcomeStatement, OutcomeStatementInput, Proxy } from './proxy.types';

@Resolver(() => Proxy)
export class ProxiesResolver {
  constructor(
    private readonly proxies: ProxiesService,
    private readonly membership: MembershipService,
  ) {}

  @Mutation(() => Proxy, { description: 'Gives your vote to another member of the electorate, for one proposal or standing; limited by the bylaws (proxiesPerHolder). Not in anonymous proposals.' })
  appointProxy(@CurrentViewer() viewer: Viewer, @Args('input') input: AppointProxyInput): Promise<Proxy> {
    return this.proxies.appoint(viewer.userId, input);
  }

  @Mutation(() => Proxy, { description: 'The giver ends a proxy, until the proposal closes.' })
  revokeProxy(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Proxy> {
    return this.proxies.revoke(viewer.userId, id);
  }

  @ResolveField(() => Member)
  giver(@Parent() proxy: Proxy, @RequestLoaders() loaders: Loaders): Promise<Member> {
    return this.membership.load(loaders, proxy.giverMemberId);
  }

  @ResolveField(() => Member)
  holder(@Parent() proxy: Proxy, @RequestLoaders() loaders: Loaders): Promise<Member> {
    return this.membership.load(loaders, proxy.holderMemberId);
  }
}

@Resolver(() => Proposal)
export class ProposalProxyResolver {
  constructor(
    private readonly proxies: ProxiesService,
    private readonly statements: OutcomeStatementsService,
  ) {}

  @ResolveField(() => Proxy, { nullable: true, description: 'Your live proxy for this proposal (its own, else a standing one). A ballot you cast yourself always counts instead.' })
  myProxy(@Parent() proposal: Proposal, @CurrentViewer() viewer: Viewer | undefined): Promise<Proxy | null> {
    return this.proxies.mine(requireViewer(viewer).userId, proposal);
  }

  @ResolveField(() => OutcomeStatement, { nullable: true, description: 'The latest outcome statement, once a coordinator recorded one.' })
  outcomeStatement(@Parent() proposal: Proposal, @RequestLoaders() loaders: Loaders): Promise<OutcomeStatement | null> {
    return this.statements.load(loaders, proposal.id);
  }

  @Mutation(() => OutcomeStatement, { description: 'COORDINATOR, after close: the decision in words, with an optional review date.' })
  recordOutcomeStatement(@CurrentViewer() viewer: Viewer, @Args('input') input: OutcomeStatementInput): Promise<OutcomeStatement> {
    return this.statements.record(viewer.userId, input);
  }
}
