import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError, ErrorCode } from 'src/common/errors/domain-error';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';

export type AuthAction = 'log-in' | 'sign-up' | 'password-reset' | 'email-verification';

function tooMany(what: string, res: RateLimiterRes): DomainError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new DomainError(ErrorCode.TOO_MANY_REQUESTS, `Too many ${what}; try again in ${seconds} seconds`);
}

/**
 * Limits on log-in, sign-up, password reset and verification mail (rate-limiter-flexible, in Redis
 * when REDIS_URL is set so every instance counts together). Each resolver call counts, so aliases
 * inside one document count one each. Per client, every attempt counts; per address, failed log-ins
 * and every mail-sending request count.
 */
@Injectable()
export class AuthLimiter implements OnApplicationShutdown {
  private readonly redis?: Redis;
  private readonly perClient?: RateLimiterAbstract;
  private readonly perAddress?: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { perAddress, perClient, windowSeconds } = config.authLimits;
    if (config.redisUrl && !config.schemaOnly) this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    const limiter = (keyPrefix: string, points: number): RateLimiterAbstract | undefined => {
      if (points === 0) return undefined;
      const options = { keyPrefix: `tetrad-auth-${keyPrefix}`, points, duration: windowSeconds };
      return this.redis ? new RateLimiterRedis({ storeClient: this.redis, ...options }) : new RateLimiterMemory(options);
    };
    this.perClient = limiter('client', perClient);
    this.perAddress = limiter('address', perAddress);
  }

  /** Counts one attempt of this client; refuses once the client is over its limit. */
  async attempt(action: AuthAction, client: string): Promise<void> {
    if (!this.perClient) return;
    await this.perClient.consume(`${action}:${client}`).catch((res: unknown) => {
      throw res instanceof RateLimiterRes ? tooMany('attempts from this client', res) : res;
    });
  }

  /** Refuses when the address has used up its allowance, without counting. */
  async assertAddressAllowed(action: AuthAction, email: string): Promise<void> {
    const res = await this.perAddress?.get(`${action}:${email}`);
    if (this.perAddress && res && res.consumedPoints >= this.perAddress.points) throw tooMany(`attempts for this address`, res);
  }

  /** Counts one event against the address (a failed log-in, a mail sent); refuses past the limit. */
  async countAddress(action: AuthAction, email: string): Promise<void> {
    if (!this.perAddress) return;
    await this.perAddress.consume(`${action}:${email}`).catch((res: unknown) => {
      throw res instanceof RateLimiterRes ? tooMany('attempts for this address', res) : res;
    });
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
