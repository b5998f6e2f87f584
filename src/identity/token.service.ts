import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { Viewer } from 'src/common/auth/graphql-context';
import { signToken, verifyToken } from './jwt';

/** Signed bearer tokens with an expiry, keyed by the configured secret. */
@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  issue(userId: string): { token: string; expiresAt: Date } {
    return signToken(userId, this.config.jwtSecret, this.config.tokenTtlSeconds);
  }

  verify(token: string): Viewer | { problem: string } {
    const result = verifyToken(token, this.config.jwtSecret);
    return 'problem' in result ? result : { userId: result.subject };
  }
}
