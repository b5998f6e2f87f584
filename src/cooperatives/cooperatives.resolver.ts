import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { Loaders } from 'src/common/loaders/loaders';
import { Member } from 'src/membership/member.entity';
import Decimal from 'decimal.js';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { CLASS_ORDER } from 'src/common/stakeholder-class';
import { Bylaws, ClassWeights } from './bylaws.entity';
import { CLASS_EQUITY_WEIGHT, ORDINARY_THRESHOLD, SPECIAL_THRESHOLD } from './bylaws.rules';
import { Cooperative } from './cooperative.entity';
import { CooperativesService } from './cooperatives.service';
import { AmendBylawsInput, CreateCooperativeInput } from './dto/cooperative.inputs';

@Resolver(() => Cooperative)
export class CooperativesResolver {
  constructor(private readonly cooperatives: CooperativesService) {}

  @Mutation(() => Cooperative, { description: 'The caller becomes its ADMIN and COORDINATOR.' })
  createCooperative(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateCooperativeInput): Promise<Cooperative> {
    return this.cooperatives.create(viewer.userId, input);
  }

  @Public()
  @Query(() => Cooperative, { nullable: true, description: "A cooperative's public description; member-only fields need membership." })
  cooperative(@Args('slug') slug: string): Promise<Cooperative | null> {
    return this.cooperatives.bySlug(slug);
  }

  @Mutation(() => Bylaws, { description: 'ADMIN, only while founding is open; afterwards bylaws change through a passed SPECIAL proposal.' })
  amendBylaws(@CurrentViewer() viewer: Viewer, @Args('input') input: AmendBylawsInput): Promise<Bylaws> {
    return this.cooperatives.amendBylaws(viewer.userId, input);
  }

  @ResolveField(() => Bylaws, { description: 'The bylaws in force (the latest version).' })
  bylaws(@Parent() cooperative: Cooperative, @RequestLoaders() loaders: Loaders): Promise<Bylaws> {
    return this.cooperatives.loadCurrentBylaws(loaders, cooperative.id);
  }

  @ResolveField(() => [Bylaws], { description: 'Every bylaws version, oldest first.' })
  bylawsHistory(@Parent() cooperative: Cooperative): Promise<Bylaws[]> {
    return this.cooperatives.bylawsHistory(cooperative.id);
  }

  @ResolveField(() => Boolean)
  foundingOpen(@Parent() cooperative: Cooperative): boolean {
    return cooperative.foundingOpen;
  }
}

@Resolver(() => Member)
export class MemberCooperativeResolver {
  constructor(private readonly cooperatives: CooperativesService) {}

  @ResolveField(() => Cooperative)
  cooperative(@Parent() member: Member, @RequestLoaders() loaders: Loaders): Promise<Cooperative> {
    return this.cooperatives.load(loaders, member.cooperativeId);
  }
}

@Resolver(() => Bylaws)
export class BylawsResolver {
  @ResolveField(() => [ClassWeights], { description: 'Equity and vote weight per class, in the order FOUNDER, FUNDER, WORKER, USER.' })
  classes(@Parent() bylaws: Bylaws): ClassWeights[] {
    return CLASS_ORDER.map((stakeholderClass) => ({ class: stakeholderClass, equityWeight: CLASS_EQUITY_WEIGHT, voteWeight: bylaws.voteWeight(stakeholderClass) }));
  }

  @ResolveField(() => DecimalScalar, { description: 'An ORDINARY proposal needs weighted support above this.' })
  ordinaryThreshold(): Decimal {
    return ORDINARY_THRESHOLD;
  }

  @ResolveField(() => DecimalScalar, { description: 'A SPECIAL proposal needs weighted support of at least this.' })
  specialThreshold(): Decimal {
    return SPECIAL_THRESHOLD;
  }
}
