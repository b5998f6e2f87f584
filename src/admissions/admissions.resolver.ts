import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { Member, Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { MembershipApplication } from './application.entity';
import { AdmissionsService } from './admissions.service';
import { ApplyInput, DecideApplicationInput } from './dto/admissions.inputs';

@Resolver(() => MembershipApplication)
export class AdmissionsResolver {
  constructor(private readonly admissions: AdmissionsService) {}

  @Mutation(() => MembershipApplication, { description: 'Any logged-in user applies to join a class.' })
  applyForMembership(@CurrentViewer() viewer: Viewer, @Args('input') input: ApplyInput): Promise<MembershipApplication> {
    return this.admissions.apply(viewer.userId, input);
  }

  @Mutation(() => MembershipApplication, { description: 'COORDINATOR: admit or reject a pending application.' })
  decideApplication(@CurrentViewer() viewer: Viewer, @Args('input') input: DecideApplicationInput): Promise<MembershipApplication> {
    return this.admissions.decide(viewer.userId, input);
  }

  @Mutation(() => MembershipApplication, { description: 'The applicant withdraws a pending application.' })
  withdrawApplication(@CurrentViewer() viewer: Viewer, @Args('applicationId', { type: () => ID }) applicationId: string): Promise<MembershipApplication> {
    return this.admissions.withdraw(viewer.userId, applicationId);
  }

  @Mutation(() => Member, { description: 'The member leaves (or a coordinator records it); units are cancelled by register entries.' })
  leaveCooperative(@CurrentViewer() viewer: Viewer, @Args('memberId', { type: () => ID }) memberId: string): Promise<Member> {
    return this.admissions.leave(viewer.userId, memberId);
  }
}

@Resolver(() => Cooperative)
export class CooperativeApplicationsResolver {
  constructor(
    private readonly admissions: AdmissionsService,
    private readonly membership: MembershipService,
  ) {}

  @ResolveField(() => [MembershipApplication], { description: 'COORDINATOR: applications waiting for a decision.' })
  async pendingApplications(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<MembershipApplication[]> {
    await this.membership.requireMember(requireViewer(viewer).userId, cooperative.id, [Role.COORDINATOR]);
    return this.admissions.pending(cooperative.id);
  }
}
