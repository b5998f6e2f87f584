import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { forbidden } from 'src/common/errors/domain-error';
import { Loaders } from 'src/common/loaders/loaders';
import { ConnectionType } from 'src/common/pagination/connection';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { TokenArgs } from 'src/identity/dto/identity.inputs';
import { IdentityService } from 'src/identity/identity.service';
import { User } from 'src/identity/user.entity';
import { AddMemberInput, InviteMembersInput, MembersArgs, SetMemberRolesInput } from './dto/membership.inputs';
import { InvitationsService } from './invitations.service';
import { Member } from './member.entity';
import { hasRole, MembershipService } from './membership.service';
import { Role } from './member.entity';

export const MemberConnection = ConnectionType(Member, 'Member');

@Resolver(() => Member)
export class MemberResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly membership: MembershipService,
    private readonly invitations: InvitationsService,
  ) {}

  @Mutation(() => Member, { description: 'COORDINATOR: invites an address. The member is INVITED, with no rights, until a verified account of that address accepts.' })
  async addMember(@CurrentViewer() viewer: Viewer, @Args('input') input: AddMemberInput): Promise<Member> {
    const [member] = await this.invitations.invite(viewer.userId, input.cooperativeId, [{ email: input.email, roles: input.roles }], () => 'email');
    return member;
  }

  @Mutation(() => [Member], { description: 'COORDINATOR: invites up to 1,000 addresses at once; all are invited or none.' })
  inviteMembers(@CurrentViewer() viewer: Viewer, @Args('input') input: InviteMembersInput): Promise<Member[]> {
    return this.invitations.invite(viewer.userId, input.cooperativeId, input.invitations, (i) => `invitations[${i}].email`);
  }

  @Mutation(() => Member, { description: 'Accepts an invitation with a verified account of the invited address; the member becomes ACTIVE.' })
  acceptInvitation(@CurrentViewer() viewer: Viewer, @Args() { token }: TokenArgs): Promise<Member> {
    return this.invitations.accept(viewer.userId, token);
  }

  @Mutation(() => Member, { description: "ADMIN: sets a member's roles (MEMBER is always kept; the last ADMIN stays ADMIN)." })
  setMemberRoles(@CurrentViewer() viewer: Viewer, @Args('input') input: SetMemberRolesInput): Promise<Member> {
    return this.membership.setRoles(viewer.userId, input.memberId, input.roles);
  }

  @Query(() => Member, { nullable: true, description: 'Members of its cooperative only, as `Cooperative.members`.' })
  member(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Member> {
    return this.membership.readableMember(viewer.userId, id);
  }

  @ResolveField(() => User, { nullable: true, description: 'The account; null while the member is INVITED.' })
  user(@Parent() member: Member, @RequestLoaders() loaders: Loaders): Promise<User> | null {
    return member.userId ? this.identity.load(loaders, member.userId) : null;
  }

  @ResolveField(() => String, { nullable: true, description: "The invited address, while INVITED; shown to the cooperative's coordinators only." })
  async invitedEmail(@Parent() member: Member, @CurrentViewer() viewer: Viewer | undefined, @RequestLoaders() loaders: Loaders): Promise<string | null> {
    if (!member.invitedEmail || !viewer) return null;
    const own = await this.membership.loadViewerMembership(loaders, viewer.userId, member.cooperativeId);
    return own && hasRole(own, Role.COORDINATOR) ? member.invitedEmail : null;
  }
}

@Resolver(() => Cooperative)
export class CooperativeMembersResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => MemberConnection, { description: 'Members in admission order, invited ones included (members only).' })
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

  @ResolveField(() => [Member], { description: "The cooperatives this user belongs to (or has left). Only the user's own: FORBIDDEN for anyone else." })
  memberships(@Parent() user: User, @CurrentViewer() viewer: Viewer | undefined, @RequestLoaders() loaders: Loaders): Promise<Member[]> {
    if (requireViewer(viewer).userId !== user.id) throw forbidden("Another person's memberships elsewhere are their own business");
    return this.membership.loadForUser(loaders, user.id);
  }
}
