import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { Viewer } from 'src/common/auth/graphql-context';
import { AccessClaims, accessTokenReader, accessTokenSigner } from './access-token';

/** Bearer tokens carrying the user id and token version, checked against the database on each use. */
@Injectable()
export class TokenService {
  private readonly sign: (claims: AccessClaims) => string;
  private readonly read: ReturnType<typeof accessTokenReader>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.sign = accessTokenSigner(config.jwtSecret, config.tokenTtlSeconds);
    this.read = accessTokenReader(config.jwtSecret);
  }

  issue(userId: string, tokenVersion: number): { token: string; expiresAt: Date } {
    const token = this.sign({ sub: userId, ver: tokenVersion });
    const claims = this.read(token);
    return { token, expiresAt: new Date('exp' in claims ? claims.exp * 1000 : Date.now()) };
  }

  /** A valid token of an existing user whose sessions have not been ended since it was issued. */
  async verify(token: string): Promise<Viewer | { problem: string }> {
    const claims = this.read(token);
    if ('problem' in claims) return claims;
    const [user] = await this.dataSource.query<{ version: number }[]>('SELECT token_version AS version FROM users WHERE id = $1', [claims.sub]);
    if (!user) return { problem: 'This account no longer exists' };
    if (user.version !== claims.ver) return { problem: 'This session has ended; log in again' };
    return { userId: claims.sub, tokenVersion: claims.ver };
  }
}
