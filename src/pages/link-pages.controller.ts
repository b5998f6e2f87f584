import { Body, Controller, Get, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from 'src/common/errors/domain-error';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { IdentityService } from 'src/identity/identity.service';
import { SessionsService } from 'src/identity/sessions.service';
import { User } from 'src/identity/user.entity';
import { LicenseeAccountsService } from 'src/licensing/licensee-accounts.service';
import { InvitationsService } from 'src/membership/invitations.service';
import { formFor, unexpectedError } from './common.views';
import { fieldOf, FormFields } from './form-fields';
import { invitationForm, InvitationForm, invitationRefused, InvitationKind, LICENSEE_INVITATION, licenseeLinked, MEMBER_INVITATION, memberWelcome } from './invitation.views';
import { assertNewPassword, logInInput, readInvitationForm, readNewPasswordForm } from './link-forms';
import { PageView, sendPage } from './page-reply';
import { refusalOf } from './refusals';
import { passwordChanged, passwordNotChanged, resetPasswordForm } from './reset-password.views';
import { emailNotVerified, emailVerified, verifyEmailForm } from './verify-email.views';

/**
 * The pages behind the links Tetrad mails, for people without a GraphQL client: plain HTML forms that
 * work without JavaScript. A GET only shows a form; the token is used by the POST it submits.
 */
@Controller()
export class LinkPagesController {
  private readonly logger = new Logger('Pages');

  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly licenseeAccounts: LicenseeAccountsService,
    private readonly cooperatives: CooperativesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('verify-email')
  showVerifyEmail(@Query() query: FormFields, @Res() reply: FastifyReply): Promise<void> {
    return sendPage(reply, formFor(fieldOf(query, 'token'), verifyEmailForm));
  }

  @Post('verify-email')
  verifyEmail(@Body() body: FormFields, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.answer(request, reply, async () => emailVerified(await this.identity.verifyEmail(fieldOf(body, 'token'))), emailNotVerified);
  }

  @Get('reset-password')
  showResetPassword(@Query() query: FormFields, @Res() reply: FastifyReply): Promise<void> {
    return sendPage(reply, formFor(fieldOf(query, 'token'), (token) => resetPasswordForm(token)));
  }

  @Post('reset-password')
  resetPassword(@Body() body: FormFields, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = readNewPasswordForm(body);
    return this.answer(
      request,
      reply,
      async () => {
        await assertNewPassword(form);
        await this.sessions.resetPassword(form.token, form.newPassword);
        return passwordChanged();
      },
      (refusal) => passwordNotChanged(form.token, refusal),
    );
  }

  @Get('accept-invitation')
  showAcceptInvitation(@Query() query: FormFields, @Res() reply: FastifyReply): Promise<void> {
    return this.showInvitation(MEMBER_INVITATION, query, reply);
  }

  @Post('accept-invitation')
  acceptInvitation(@Body() body: FormFields, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.acceptAs(MEMBER_INVITATION, body, request, reply, async (user, token) => {
      const member = await this.invitations.accept(user.id, token);
      return memberWelcome((await this.cooperatives.byId(member.cooperativeId)).name);
    });
  }

  @Get('accept-licensee-invitation')
  showAcceptLicenseeInvitation(@Query() query: FormFields, @Res() reply: FastifyReply): Promise<void> {
    return this.showInvitation(LICENSEE_INVITATION, query, reply);
  }

  @Post('accept-licensee-invitation')
  acceptLicenseeInvitation(@Body() body: FormFields, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.acceptAs(LICENSEE_INVITATION, body, request, reply, async (user, token) => {
      const licensee = await this.licenseeAccounts.accept(user.id, token);
      return licenseeLinked(licensee.name, (await this.cooperatives.byId(licensee.cooperativeId)).name);
    });
  }

  private get devTools(): boolean {
    return !this.config.production;
  }

  private showInvitation(kind: InvitationKind, query: FormFields, reply: FastifyReply): Promise<void> {
    return sendPage(reply, formFor(fieldOf(query, 'token'), (token) => invitationForm(kind, this.devTools, { token, email: '' })));
  }

  /** Logs in with the form's credentials (under the log-in limits, keyed by the client's address), then accepts. */
  private acceptAs(kind: InvitationKind, body: FormFields, request: FastifyRequest, reply: FastifyReply, accept: (user: User, token: string) => Promise<PageView>): Promise<void> {
    const form: InvitationForm = readInvitationForm(body);
    return this.answer(
      request,
      reply,
      async () => {
        const { user } = await this.identity.logIn(await logInInput(form), request.ip);
        return accept(user, form.token);
      },
      (refusal) => invitationRefused(kind, this.devTools, form, refusal),
    );
  }

  /** Sends the page `work` yields, the refusal page for a DomainError, or a logged, generic 500. */
  private async answer(request: FastifyRequest, reply: FastifyReply, work: () => Promise<PageView>, refused: (refusal: DomainError) => PageView): Promise<void> {
    let view: PageView;
    try {
      view = await work();
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) this.logger.error({ msg: 'page failed', err: error, requestId: request.id, route: request.routeOptions.url });
      view = refusal ? refused(refusal) : unexpectedError(request.id);
    }
    await sendPage(reply, view);
  }
}
