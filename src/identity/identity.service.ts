import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DataSource, EntityManager, In } from 'typeorm';
import { conflict, DomainError, ErrorCode, notFound } from 'src/common/errors/domain-error';
import { byKeys, Loaders } from 'src/common/loaders/loaders';
import { isUniqueViolation } from 'src/database/pg-errors';
import { SignUpInput, LogInInput, AuthPayload } from './dto/identity.inputs';
import { TokenService } from './token.service';
import { User } from './user.entity';

const BAD_CREDENTIALS = 'Email or password is incorrect';

@Injectable()
export class IdentityService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly decoyHash = hash('decoy password for timing', { memoryCost: 19456, timeCost: 2 });

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
  ) {}

  private get users() {
    return this.dataSource.getRepository(User);
  }

  async signUp(input: SignUpInput): Promise<AuthPayload> {
    const email = input.email.trim().toLowerCase();
    const passwordHash = await hash(input.password, { memoryCost: 19456, timeCost: 2 });
    let user: User;
    try {
      user = await this.users.save(this.users.create({ email, passwordHash, displayName: input.displayName.trim() }));
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_unique')) throw conflict('An account with this email already exists');
      throw error;
    }
    return { ...this.tokens.issue(user.id), user };
  }

  async logIn(input: LogInInput): Promise<AuthPayload> {
    const user = await this.users.findOneBy({ email: input.email.trim().toLowerCase() });
    const valid = await verify(user?.passwordHash ?? (await this.decoyHash), input.password);
    if (!user || !valid) throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_CREDENTIALS);
    return { ...this.tokens.issue(user.id), user };
  }

  async byId(id: string, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const user = await manager.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('User');
    return user;
  }

  async byEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
  }

  load(loaders: Loaders, id: string): Promise<User> {
    return loaders
      .get<string, User>('user', async (ids) => byKeys(ids, await this.users.findBy({ id: In([...ids]) }), (u) => u.id).map((u) => u ?? notFound('User')))
      .load(id);
  }
}
