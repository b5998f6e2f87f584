import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ClientAddress, CurrentViewer, Public } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { AuthPayload, ChangePasswordArgs, EmailArgs, LogInInput, ResetPasswordArgs, SignUpInput, TokenArgs } from './dto/identity.inputs';
import { IdentityService } from './identity.service';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';

@Resolver(() => User)
export class IdentityResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Creates an account and mails a link to verify its address. Until then the account can be linked to nothing.' })
  signUp(@Args('input') input: SignUpInput, @ClientAddress() client: string): Promise<AuthPayload> {
    return this.identity.signUp(input, client);
  }

  @Public()
  @Mutation(() => AuthPayload)
  logIn(@Args('input') input: LogInInput, @ClientAddress() client: string): Promise<AuthPayload> {
    return this.identity.logIn(input, client);
  }

  @Query(() => User, { description: 'The logged-in user, with memberships.' })
  me(@CurrentViewer() viewer: Viewer): Promise<User> {
    return this.identity.byId(viewer.userId);
  }

  @Mutation(() => Boolean, { description: 'Mails a new verification link to the caller (CONFLICT when already verified).' })
  requestEmailVerification(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.identity.requestEmailVerification(viewer.userId);
  }

  @Public()
  @Mutation(() => User, { description: 'Verifies the address the token was sent to. Each token works once.' })
  verifyEmail(@Args() { token }: TokenArgs): Promise<User> {
    return this.identity.verifyEmail(token);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Mails a reset link if an account has this address. Always true, so it reveals no accounts.' })
  requestPasswordReset(@Args() { email }: EmailArgs, @ClientAddress() client: string): Promise<boolean> {
    return this.sessions.requestPasswordReset(email, client);
  }

  @Public()
  @Mutation(() => AuthPayload, { description: 'Sets a new password from a reset link; every earlier token stops working.' })
  resetPassword(@Args() args: ResetPasswordArgs): Promise<AuthPayload> {
    return this.sessions.resetPassword(args.token, args.newPassword);
  }

  @Mutation(() => AuthPayload, { description: 'Changes the password; every earlier token, including this one, stops working.' })
  changePassword(@CurrentViewer() viewer: Viewer, @Args() args: ChangePasswordArgs): Promise<AuthPayload> {
    return this.sessions.changePassword(viewer.userId, args.currentPassword, args.newPassword);
  }

  @Mutation(() => Boolean, { description: 'Ends every session of the caller: all tokens, and open subscriptions.' })
  logOutEverywhere(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.sessions.logOutEverywhere(viewer.userId);
  }

  @ResolveField(() => Boolean, { description: 'Whether the owner of the account has proved it reads this address.' })
  emailVerified(@Parent() user: User): boolean {
    return user.emailVerifiedAt !== null;
  }
}
