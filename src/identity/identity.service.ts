import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { conflict, DomainError, ErrorCode, forbidden, notFound } from 'src/common/errors/domain-error';
import { byKeys, Loaders } from 'src/common/loaders/loaders';
import { inTransaction } from 'src/database/transaction';
import { isUniqueViolation } from 'src/database/pg-errors';
import { MailOutbox } from 'src/mail/mail-outbox.service';
import { verificationMail } from 'src/mail/mail-templates';
import { ActionToken, consumeToken, issueTokens, retireTokens, TOKEN_LIFETIME_SECONDS, TokenPurpose } from './action-tokens';
import { AuthLimiter } from './auth-limiter';
import { SignUpInput, LogInInput, AuthPayload } from './dto/identity.inputs';
import { hashPassword, passwordMatches } from './passwords';
import { TokenService } from './token.service';
import { User } from './user.entity';

const BAD_CREDENTIALS = 'Email or password is incorrect';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Accounts: sign-up, log-in and email verification. */
@Injectable()
export class IdentityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly limiter: AuthLimiter,
    private readonly mail: MailOutbox,
  ) {}

  private get users() {
    return this.dataSource.getRepository(User);
  }

  session(user: User): AuthPayload {
    return { ...this.tokens.issue(user.id, user.tokenVersion), user };
  }

  /** A new, unverified account; a verification link goes out by mail in the same transaction. */
  async signUp(input: SignUpInput, client: string): Promise<AuthPayload> {
    const email = normaliseEmail(input.email);
    await this.limiter.attempt('sign-up', client);
    await this.limiter.countAddress('sign-up', email);
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await inTransaction(this.dataSource, async (manager) => {
        const users = manager.getRepository(User);
        const created = await users.save(users.create({ email, passwordHash, displayName: input.displayName.trim(), emailVerifiedAt: null, tokenVersion: 0 }));
        await this.sendVerification(manager, created);
        return created;
      });
      return this.session(user);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_unique')) throw conflict('An account with this email already exists');
      throw error;
    }
  }

  async logIn(input: LogInInput, client: string): Promise<AuthPayload> {
    const email = normaliseEmail(input.email);
    await this.limiter.attempt('log-in', client);
    await this.limiter.assertAddressAllowed('log-in', email);
    const user = await this.users.findOneBy({ email });
    if (!(await passwordMatches(user?.passwordHash, input.password)) || !user) {
      await this.limiter.countAddress('log-in', email);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_CREDENTIALS);
    }
    return this.session(user);
  }

  async requestEmailVerification(userId: string): Promise<boolean> {
    const user = await this.byId(userId);
    if (user.emailVerifiedAt) throw conflict('This email address is already verified');
    await this.limiter.countAddress('email-verification', user.email);
    await inTransaction(this.dataSource, async (manager) => {
      await retireTokens(manager, TokenPurpose.VERIFY_EMAIL, { userId });
      await this.sendVerification(manager, user);
    });
    return true;
  }

  private async sendVerification(manager: EntityManager, user: User): Promise<void> {
    const [token] = await issueTokens(manager, TokenPurpose.VERIFY_EMAIL, [{ email: user.email, userId: user.id }]);
    await this.mail.enqueue(manager, user.email, verificationMail(this.mail.baseUrl, token, TOKEN_LIFETIME_SECONDS[TokenPurpose.VERIFY_EMAIL] / 3600));
  }

  /** Marks the account's address verified: the token proves its holder reads that mailbox. */
  async verifyEmail(token: string): Promise<User> {
    return inTransaction(this.dataSource, async (manager) => {
      const used = await consumeToken(manager, TokenPurpose.VERIFY_EMAIL, token);
      await this.markVerified(manager, used);
      return this.byId(used.userId!, manager);
    });
  }

  /** A used token mailed to the account's (unchanged) address proves the address. */
  async markVerified(manager: EntityManager, used: ActionToken): Promise<void> {
    await manager.query('UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1 AND email = $2', [used.userId, used.email]);
  }

  /**
   * Uses up an invitation link for the caller, in the caller's transaction: the account must be
   * verified and of the invited address. A refusal rolls back and leaves the link usable.
   */
  async redeemInvitation(manager: EntityManager, purpose: TokenPurpose, token: string, userId: string): Promise<ActionToken> {
    const invitation = await consumeToken(manager, purpose, token);
    const user = await this.requireVerified(userId, manager);
    if (user.email !== invitation.email) throw forbidden('This invitation was sent to another address; log in with the account of that address');
    return invitation;
  }

  /** Only a verified account may be linked to anything: a membership, a licensee, a cooperative. */
  async requireVerified(userId: string, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const user = await this.byId(userId, manager);
    if (!user.emailVerifiedAt) throw forbidden('Verify your email address first: open the link we sent you, or ask for a new one with requestEmailVerification');
    return user;
  }

  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const user = await manager.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('User');
    return user;
  }

  async byEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ email: normaliseEmail(email) });
  }

  load(loaders: Loaders, id: string): Promise<User> {
    return loaders
      .get<string, User>('user', async (ids) => byKeys(ids, await this.users.findBy({ id: In([...ids]) }), (u) => u.id).map((u) => u ?? notFound('User')))
      .load(id);
  }
}
