import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { Viewer } from 'src/common/auth/graphql-context';

interface TokenClaims {
  sub: string;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Signed bearer tokens (JWT, HS256) with an expiry. */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  issue(userId: string, now = Date.now()): { token: string; expiresAt: Date } {
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = { sub: userId, iat, exp: iat + this.config.tokenTtlSeconds };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${HEADER}.${payload}.${this.sign(`${HEADER}.${payload}`)}`, expiresAt: new Date(claims.exp * 1000) };
  }

  /** Returns the viewer, or a reason the token is not acceptable. */
  verify(token: string, now = Date.now()): Viewer | { problem: string } {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return { problem: 'Malformed token' };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { problem: 'Invalid token' };
    let claims: Partial<TokenClaims>;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Partial<TokenClaims>;
    } catch {
      return { problem: 'Malformed token' };
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return { problem: 'Malformed token' };
    if (claims.exp * 1000 <= now) return { problem: 'Token expired; log in again' };
    return { userId: claims.sub };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(input).digest('base64url');
  }
}
