import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ID } from '@nestjs/graphql';
import { RequestLoaders } from 'src/common/auth/auth.decorators';
import { Loaders } from 'src/common/loaders/loaders';
import { DataSource } from 'typeorm';
import { toBlt } from './blt';
import { EFFECTIVE_BALLOTS } from './effective-ballots.sql';
import { ProposalStatus, VotingMethod } from './governance.enums';
import { proposalStatus } from './proposal-status';
import { Ballot, BallotRevision, OptionAmount, OptionScore, Proposal, ProposalOption } from './proposal.entity';
import { ProposalsService } from './proposals.service';

type Stored = Pick<Ballot, 'proposalId' | 'positions' | 'amounts'>;

/** A stored option ballot in the terms clients send: option ids for positions, and amounts per option id. */
async function asOptions(proposals: ProposalsService, loaders: Loaders, ballot: Stored) {
  const { method, options } = await proposals.loadOptions(loaders, ballot.proposalId);
  const id = (position: number) => options[position].id;
  const ranked = method === VotingMethod.RANKED_CHOICE || method === VotingMethod.CONDORCET;
  const amounts = ballot.amounts?.map((amount, position) => ({ optionId: id(position), amount })) ?? null;
  return {
    optionIds: !ranked && ballot.positions ? ballot.positions.map(id) : null,
    ranking: ranked && ballot.positions ? ballot.positions.map(id) : null,
    scores: method === VotingMethod.SCORE && amounts ? amounts.map(({ optionId, amount }) => ({ optionId, score: amount })) : null,
    allocations: method !== VotingMethod.SCORE && amounts ? amounts.filter((a) => a.amount > 0) : null,
  };
}

@Resolver(() => Ballot)
export class BallotOptionsResolver {
  constructor(private readonly proposals: ProposalsService) {}

  @ResolveField(() => [ID], { nullable: true, description: 'SINGLE_CHOICE and APPROVAL: the chosen options, in listing order.' })
  async optionIds(@Parent() ballot: Ballot, @RequestLoaders() loaders: Loaders) {
    return (await asOptions(this.proposals, loaders, ballot)).optionIds;
  }

  @ResolveField(() => [ID], { nullable: true, description: 'RANKED_CHOICE and CONDORCET: the ranking, most preferred first.' })
  async ranking(@Parent() ballot: Ballot, @RequestLoaders() loaders: Loaders) {
    return (await asOptions(this.proposals, loaders, ballot)).ranking;
  }

  @ResolveField(() => [OptionScore], { nullable: true, description: 'SCORE: every option with its score.' })
  async scores(@Parent() ballot: Ballot, @RequestLoaders() loaders: Loaders) {
    return (await asOptions(this.proposals, loaders, ballot)).scores;
  }

  @ResolveField(() => [OptionAmount], { nullable: true, description: 'DOT_VOTE and QUADRATIC: the options given dots or votes.' })
  async allocations(@Parent() ballot: Ballot, @RequestLoaders() loaders: Loaders) {
    return (await asOptions(this.proposals, loaders, ballot)).allocations;
  }
}

@Resolver(() => BallotRevision)
export class BallotRevisionOptionsResolver {
  constructor(private readonly proposals: ProposalsService) {}

  @ResolveField(() => [ID], { nullable: true })
  async optionIds(@Parent() ballot: BallotRevision, @RequestLoaders() loaders: Loaders) {
    return (await asOptions(this.proposals, loaders, ballot)).optionIds;
  }

  @ResolveField(() => [ID], { nullable: true })
  async ranking(@Parent() ballot: BallotRevision, @RequestLoaders() loaders: Loaders) {
    return (await asOptions(this.proposals, loaders, ballot)).ranking;
  }

  @ResolveField(() => [OptionScore], { nullable: true })
  async scores(@Parent() ballot: BallotRevision, @RequestLoaders() loaders: Loaders) {
    return (await asOptions(this.proposals, loaders, ballot)).scores;
  }

  @ResolveField(() => [OptionAmount], { nullable: true })
  async allocations(@Parent() ballot: BallotRevision, @RequestLoaders() loaders: Loaders) {
    return (await asOptions(this.proposals, loaders, ballot)).allocations;
  }
}

@Resolver(() => Proposal)
export class ProposalOptionsResolver {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly dataSource: DataSource,
  ) {}

  @ResolveField(() => String, {
    nullable: true,
    description: 'A closed RANKED_CHOICE or CONDORCET proposal as a .blt file (OpenSTV/Droop) for an independent, unweighted recount: identical rankings counted together, no voters, no classes.',
  })
  async blt(@Parent() proposal: Proposal, @RequestLoaders() loaders: Loaders): Promise<string | null> {
    const ranked = proposal.method === VotingMethod.RANKED_CHOICE || proposal.method === VotingMethod.CONDORCET;
    if (!ranked || proposalStatus(proposal) !== ProposalStatus.CLOSED) return null;
    const { options } = await this.proposals.loadOptions(loaders, proposal.id);
    const rankings = await this.dataSource.query<{ ranking: number[]; n: number }[]>(
      `SELECT positions AS ranking, count(*)::int AS n FROM (${EFFECTIVE_BALLOTS}) b WHERE choice IS NULL GROUP BY positions ORDER BY count(*) DESC, positions`,
      [[proposal.id]],
    );
    return toBlt(proposal.title, options.map((o) => o.label), rankings);
  }

  @ResolveField(() => [ProposalOption], { description: 'The options of an option method in listing order; empty for YES_NO and CONSENT.' })
  async options(@Parent() proposal: Proposal, @RequestLoaders() loaders: Loaders): Promise<ProposalOption[]> {
    return (await this.proposals.loadOptions(loaders, proposal.id)).options;
  }
}
