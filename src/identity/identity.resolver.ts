import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { AuthPayload, LogInInput, SignUpInput } from './dto/identity.inputs';
import { IdentityService } from './identity.service';
import { User } from './user.entity';

@Resolver(() => User)
export class IdentityResolver {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @Mutation(() => AuthPayload)
  signUp(@Args('input') input: SignUpInput): Promise<AuthPayload> {
    return this.identity.signUp(input);
  }

  @Public()
  @Mutation(() => AuthPayload)
  logIn(@Args('input') input: LogInInput): Promise<AuthPayload> {
    return this.identity.logIn(input);
  }

  @Query(() => User, { description: 'The logged-in user, with memberships.' })
  me(@CurrentViewer() viewer: Viewer): Promise<User> {
    return this.identity.byId(viewer.userId);
  }
}
