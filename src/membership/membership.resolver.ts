import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { Loaders } from 'src/common/loaders/loaders';
import { ConnectionType } from 'src/common/pagination/connection';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { IdentityService } from 'src/identity/identity.service';
import { User } from 'src/identity/user.entity';
import { AddMemberInput, MembersArgs, SetMemberRolesInput } from './dto/membership.inputs';
import { Member } from './member.entity';
import { MembershipService } from './membership.service';

export const MemberConnection = ConnectionType(Member, 'Member');

@Resolver(() => Member)
export class MemberResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly membership: MembershipService,
  ) {}

  @Mutation(() => Member, { description: 'COORDINATOR: adds an existing user (by email) as a member.' })
  addMember(@CurrentViewer() viewer: Viewer, @Args('input') input: AddMemberInput): Promise<Member> {
    return this.membership.addMember(viewer.userId, input.cooperativeId, input.email, input.roles ?? []);
  }

  @Mutation(() => Member, { description: 'ADMIN: sets a member\'s roles (MEMBER is always kept; the last ADMIN stays ADMIN).' })
  setMemberRoles(@CurrentViewer() viewer: Viewer, @Args('input') input: SetMemberRolesInput): Promise<Member> {
    return this.membership.setRoles(viewer.userId, input.memberId, input.roles);
  }

  @ResolveField(() => User)
  user(@Parent() member: Member, @RequestLoaders() loaders: Loaders): Promise<User> {
    return this.identity.load(loaders, member.userId);
  }
}

@Resolver(() => Cooperative)
export class CooperativeMembersResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => MemberConnection, { description: 'Members in admission order (members only).' })
  async members(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined, @Args() args: MembersArgs) {
    await this.membership.requireMember(requireViewer(viewer).userId, cooperative.id);
    return this.membership.list(cooperative.id, args, args.stakeholderClass);
  }

  @ResolveField(() => Member, { nullable: true, description: "The caller's own membership, if any." })
  async myMembership(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<Member | null> {
    return viewer ? this.membership.activeMembership(viewer.userId, cooperative.id) : null;
  }
}

@Resolver(() => User)
export class UserMembershipsResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => [Member], { description: 'The cooperatives this user belongs to (or has left).' })
  memberships(@Parent() user: User, @RequestLoaders() loaders: Loaders): Promise<Member[]> {
    return this.membership.loadForUser(loaders, user.id);
  }
}
