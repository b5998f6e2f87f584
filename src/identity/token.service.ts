import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { Viewer } from 'src/common/auth/graphql-context';
import { ANY_SESSIONS_ENDED, isSessionsEnded, SessionsEnded } from 'src/common/auth/session-bound-stream';
import { GraphQLEvents } from 'src/graphql/graphql-events';
import { AccessClaims, accessTokenReader, accessTokenSigner } from './access-token';
import { TokenVersionCache } from './token-versions';

/**
 * Bearer tokens carrying the user id and token version. The version is checked on each request
 * against the user's current one, read from the database and cached per instance
 * (TOKEN_VERSION_CACHE_MS); ending sessions updates this instance's cache at once and every other
 * instance's through the sessions-ended event.
 */
@Injectable()
export class TokenService implements OnApplicationBootstrap {
  private readonly sign: (claims: AccessClaims) => string;
  private readonly read: ReturnType<typeof accessTokenReader>;
  private readonly versions: TokenVersionCache;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly events: GraphQLEvents,
  ) {
    this.sign = accessTokenSigner(config.jwtSecret, config.tokenTtlSeconds);
    this.read = accessTokenReader(config.jwtSecret);
    this.versions = new TokenVersionCache(config.tokenVersionCacheMs);
  }

  onApplicationBootstrap(): void {
    this.events.listen(ANY_SESSIONS_ENDED, (payload) => isSessionsEnded(payload) && this.sessionsEnded(payload));
  }

  issue(userId: string, tokenVersion: number): { token: string; expiresAt: Date } {
    const token = this.sign({ sub: userId, ver: tokenVersion });
    const claims = this.read(token);
    return { token, expiresAt: new Date('exp' in claims ? claims.exp * 1000 : Date.now()) };
  }

  sessionsEnded(event: SessionsEnded): void {
    this.versions.raise(event.sessionsEndedFor, event.tokenVersion);
  }

  /** A valid token of an existing user whose sessions have not been ended since it was issued. */
  async verify(token: string): Promise<Viewer | { problem: string }> {
    const claims = this.read(token);
    if ('problem' in claims) return claims;
    const version = await this.currentVersion(claims.sub);
    if (version === null) return { problem: 'This account no longer exists' };
    if (version !== claims.ver) return { problem: 'This session has ended; log in again' };
    return { userId: claims.sub, tokenVersion: claims.ver };
  }

  private async currentVersion(userId: string): Promise<number | null> {
    const cached = this.versions.get(userId);
    if (cached !== undefined) return cached;
    const [user] = await this.dataSource.query<{ version: number }[]>('SELECT token_version AS version FROM users WHERE id = $1', [userId]);
    if (!user) return null;
    this.versions.set(userId, user.version);
    return user.version;
  }
}
