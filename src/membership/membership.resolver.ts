import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestLoaders } from 'src/common/auth/auth.decorators';
import { Loaders } from 'src/common/loaders/loaders';
import { IdentityService } from 'src/identity/identity.service';
import { User } from 'src/identity/user.entity';
import { Member } from './member.entity';
import { MembershipService } from './membership.service';

@Resolver(() => Member)
export class MemberResolver {
  constructor(private readonly identity: IdentityService) {}

  @ResolveField(() => User)
  user(@Parent() member: Member, @RequestLoaders() loaders: Loaders): Promise<User> {
    return this.identity.load(loaders, member.userId);
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
