import { Args, Context, ID, Resolver, Subscription } from '@nestjs/graphql';
import { PubSub } from 'mercurius';
import { CurrentViewer, Public } from 'src/common/auth/auth.decorators';
import { GraphQLContext, Viewer } from 'src/common/auth/graphql-context';
import { sessionBound, sessionsEndedTopic } from 'src/common/auth/session-bound-stream';
import { DomainError, unauthenticated } from 'src/common/errors/domain-error';
import { toGraphQLError } from 'src/common/errors/exception.filter';
import { MembershipService } from 'src/membership/membership.service';
import { ProposalsService } from './proposals.service';
import { tallyTopic } from './tally-publisher';
import { Tally } from './tally.types';
import { VisibleTallyService } from './visible-tally.service';

// eslint-disable-next-line require-yield, @typescript-eslint/require-await
async function* refusal(error: Error): AsyncGenerator<never> {
  throw error;
}

interface TallyChanged {
  proposalId: string;
}

@Resolver(() => Tally)
export class TallySubscriptionResolver {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly membership: MembershipService,
    private readonly tallies: VisibleTallyService,
  ) {}

  /**
   * Each event is filtered and resolved per subscriber, so hidden results stay hidden. The stream ends
   * with UNAUTHENTICATED when the subscriber's sessions end.
   *
   * Public to the AuthGuard, which checks the viewer here instead: the guard's refusal cannot reach a
   * subscriber (Nest returns it where mercurius expects a stream, and the client got an uncoded
   * "[Symbol.asyncIterator] is not a function"), so it is delivered as the stream's error like the others.
   */
  @Public()
  @Subscription(() => Tally, {
    description: 'The tally each time a ballot is cast or the proposal closes, when the results visibility allows.',
    filter(this: TallySubscriptionResolver, payload: TallyChanged, variables: { proposalId: string }, context: GraphQLContext) {
      return payload.proposalId === variables.proposalId && this.visible(payload.proposalId, context.viewer);
    },
    resolve(this: TallySubscriptionResolver, payload: TallyChanged, _variables: unknown, context: GraphQLContext) {
      return this.proposals.byId(payload.proposalId).then((proposal) => this.tallies.forViewer(proposal, context.viewer!.userId));
    },
  })
  async tallyUpdated(
    @CurrentViewer() viewer: Viewer | undefined,
    @Context('authProblem') authProblem: string | undefined,
    @Args('proposalId', { type: () => ID }) proposalId: string,
    @Context('pubsub') pubsub: PubSub,
  ) {
    if (!viewer) return refusal(toGraphQLError(unauthenticated(authProblem)));
    try {
      const proposal = await this.proposals.byId(proposalId);
      await this.membership.requireMember(viewer.userId, proposal.cooperativeId);
    } catch (error) {
      // A subscription resolver must return a stream: a refusal is delivered as the stream's error.
      if (error instanceof DomainError) return refusal(toGraphQLError(error));
      throw error;
    }
    return sessionBound<TallyChanged>(await pubsub.subscribe([tallyTopic(proposalId), sessionsEndedTopic(viewer.userId)]), viewer);
  }

  private async visible(proposalId: string, viewer: Viewer | undefined): Promise<boolean> {
    if (!viewer) return false;
    const proposal = await this.proposals.byId(proposalId);
    return this.tallies.forViewer(proposal, viewer.userId).then(
      () => true,
      () => false,
    );
  }
}
