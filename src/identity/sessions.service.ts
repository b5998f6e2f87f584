import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { badInput } from 'src/common/errors/domain-error';
import { ANY_SESSIONS_ENDED, SessionsEnded, sessionsEndedTopic } from 'src/common/auth/session-bound-stream';
import { inTransaction } from 'src/database/transaction';
import { GraphQLEvents } from 'src/graphql/graphql-events';
import { MailOutbox } from 'src/mail/mail-outbox.service';
import { passwordResetMail } from 'src/mail/mail-templates';
import { consumeToken, issueTokens, retireTokens, TOKEN_LIFETIME_SECONDS, TokenPurpose } from './action-tokens';
import { AuthLimiter } from './auth-limiter';
import { AuthPayload } from './dto/identity.inputs';
import { IdentityService, normaliseEmail } from './identity.service';
import { hashPassword, passwordMatches } from './passwords';
import { TokenService } from './token.service';
import { User } from './user.entity';

/**
 * Passwords and sessions. Every change of password, and logging out everywhere, raises the user's
 * token version: every earlier token stops working on its next request, and open subscriptions end.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
    private readonly limiter: AuthLimiter,
    private readonly mail: MailOutbox,
    private readonly events: GraphQLEvents,
    private readonly tokens: TokenService,
  ) {}

  /** Always true, whether or not an account has this address, so the answer reveals nothing. */
  async requestPasswordReset(rawEmail: string, client: string): Promise<boolean> {
    const email = normaliseEmail(rawEmail);
    await this.limiter.attempt('password-reset', client);
    await this.limiter.countAddress('password-reset', email);
    await inTransaction(this.dataSource, async (manager) => {
      const user = await this.identity.byEmail(email, manager);
      if (!user) return;
      await retireTokens(manager, TokenPurpose.PASSWORD_RESET, { userId: user.id });
      const [token] = await issueTokens(manager, TokenPurpose.PASSWORD_RESET, [{ email, userId: user.id }]);
      await this.mail.enqueue(manager, email, passwordResetMail(this.mail.baseUrl, token, TOKEN_LIFETIME_SECONDS[TokenPurpose.PASSWORD_RESET] / 60));
    });
    return true;
  }

  /** Sets a new password from a reset link. Reading the link also proves the address, so it is marked verified. */
  async resetPassword(token: string, newPassword: string): Promise<AuthPayload> {
    const passwordHash = await hashPassword(newPassword);
    const userId = await inTransaction(this.dataSource, async (manager) => {
      const used = await consumeToken(manager, TokenPurpose.PASSWORD_RESET, token);
      await this.identity.markVerified(manager, used);
      await this.replacePassword(manager, used.userId!, passwordHash);
      return used.userId!;
    });
    return this.identity.session(await this.endSessions(userId));
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<AuthPayload> {
    const user = await this.identity.byId(userId);
    if (!(await passwordMatches(user.passwordHash, currentPassword))) throw badInput([{ field: 'currentPassword', message: 'is not your current password' }]);
    const passwordHash = await hashPassword(newPassword);
    await inTransaction(this.dataSource, (manager) => this.replacePassword(manager, userId, passwordHash));
    return this.identity.session(await this.endSessions(userId));
  }

  async logOutEverywhere(userId: string): Promise<boolean> {
    await this.dataSource.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [userId]);
    await this.endSessions(userId);
    return true;
  }

  private async replacePassword(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await manager.query('UPDATE users SET password_hash = $2, token_version = token_version + 1 WHERE id = $1', [userId, passwordHash]);
    await retireTokens(manager, TokenPurpose.PASSWORD_RESET, { userId });
  }

  /** Tells open subscriptions that the sessions before the user's current token version are over. */
  private async endSessions(userId: string): Promise<User> {
    const user = await this.identity.byId(userId);
    const event: SessionsEnded = { sessionsEndedFor: userId, tokenVersion: user.tokenVersion };
    this.tokens.sessionsEnded(event);
    this.events.publish(sessionsEndedTopic(userId), event);
    this.events.publish(ANY_SESSIONS_ENDED, event);
    return user;
  }
}
