import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { Loaders } from 'src/common/loaders/loaders';
import { BallotRoundsService } from './ballot-rounds.service';
import { BucketsService } from './buckets.service';
import { Bucket, BucketExplanation, BudgetBallot, BudgetPreview, BudgetRound, BudgetRoundResult } from './budgeting.types';
import { BudgetBallotInput, PreviewBudgetOutcomeArgs } from './dto/budgeting.inputs';

@Resolver(() => BudgetRound)
export class BallotRoundResolver {
  constructor(private readonly ballots: BallotRoundsService) {}

  @Mutation(() => BudgetBallot, { description: "Members of the round's classes, while it is open: the approved buckets, within the round's ballot rules. Voting again replaces the ballot; every version is kept." })
  castBudgetBallot(@CurrentViewer() viewer: Viewer, @Args('input') input: BudgetBallotInput): Promise<BudgetBallot> {
    return this.ballots.cast(viewer.userId, input);
  }

  @Query(() => BudgetPreview, { description: 'COORDINATOR: what a rule would pick from a Pabulib .pb file of approval ballots; writes nothing.' })
  previewBudgetOutcome(@CurrentViewer() viewer: Viewer, @Args() args: PreviewBudgetOutcomeArgs): Promise<BudgetPreview> {
    return this.ballots.preview(viewer.userId, args.cooperativeId, args.pabulib, args.rule);
  }

  @ResolveField(() => BudgetRoundResult, { nullable: true, description: 'BALLOT rounds, once closed: the winners and why each bucket won or lost.' })
  result(@Parent() round: BudgetRound): Promise<BudgetRoundResult | null> {
    return this.ballots.result(round);
  }

  @ResolveField(() => String, { description: 'BALLOT rounds, once closed: the round as a Pabulib .pb file, voters anonymised, with a class column.' })
  pabulib(@Parent() round: BudgetRound): Promise<string> {
    return this.ballots.pabulib(round);
  }

  @ResolveField(() => BudgetBallot, { nullable: true, description: 'Your current ballot in this BALLOT round.' })
  myBudgetBallot(@Parent() round: BudgetRound, @CurrentViewer() viewer: Viewer | undefined): Promise<BudgetBallot | null> {
    return this.ballots.myBallot(requireViewer(viewer).userId, round);
  }

  @ResolveField(() => [BudgetBallot], { description: 'Every ballot you cast in this round, oldest first.' })
  myBudgetBallotHistory(@Parent() round: BudgetRound, @CurrentViewer() viewer: Viewer | undefined): Promise<BudgetBallot[]> {
    return this.ballots.myHistory(requireViewer(viewer).userId, round);
  }
}

@Resolver(() => BudgetRoundResult)
export class BudgetRoundResultResolver {
  constructor(private readonly buckets: BucketsService) {}

  @ResolveField(() => [Bucket], { description: 'In the order the rule picked them.' })
  winners(@Parent() result: BudgetRoundResult, @RequestLoaders() loaders: Loaders): Promise<Bucket[]> {
    return Promise.all(result.winnerIds.map((id) => this.buckets.load(loaders, id)));
  }
}

@Resolver(() => BucketExplanation)
export class BucketExplanationResolver {
  constructor(private readonly buckets: BucketsService) {}

  @ResolveField(() => Bucket)
  bucket(@Parent() explanation: BucketExplanation, @RequestLoaders() loaders: Loaders): Promise<Bucket> {
    return this.buckets.load(loaders, explanation.bucketId);
  }
}
