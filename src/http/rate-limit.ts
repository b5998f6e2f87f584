import fastifyRateLimit from '@fastify/rate-limit';
import { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import { ErrorCode } from 'src/common/errors/domain-error';

export interface RateLimitSettings {
  /** Requests per client address per window; 0 turns the limit off. */
  max: number;
  windowMs: number;
  /** Counts are shared by every instance through Redis when set, kept per process otherwise. */
  redisUrl?: string;
}

/** Paths never limited: a load balancer's health checks must not be refused. */
const EXEMPT = new Set(['/health']);

export const RATE_LIMIT_KEY_PREFIX = 'tetrad:rate-limit:';

/** The 429 body: a GraphQL response on the GraphQL path, Fastify's usual error shape elsewhere. */
export function tooManyRequestsBody(graphql: boolean, retryAfterSeconds: number): Record<string, unknown> {
  const message = `Too many requests from this address; retry in ${retryAfterSeconds} seconds`;
  if (graphql) return { data: null, errors: [{ message, extensions: { code: ErrorCode.TOO_MANY_REQUESTS } }] };
  return { statusCode: 429, code: ErrorCode.TOO_MANY_REQUESTS, error: 'Too Many Requests', message };
}

/**
 * A global per-address limit (@fastify/rate-limit), checked first thing in every request, before the
 * body is read. Its own hook answers the refusal, so a refused request never builds a GraphQL
 * context (which would verify the token).
 */
export async function registerRateLimit(fastify: FastifyInstance, settings: RateLimitSettings, graphqlPath: string): Promise<void> {
  if (settings.max === 0) return;
  // No offline queue: while Redis is unreachable a count fails at once and the request is let through.
  const redis = settings.redisUrl ? new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }) : undefined;
  if (redis) {
    redis.on('error', (error: Error) => fastify.log.warn({ err: error }, 'rate limit store unavailable; requests are not being counted'));
    fastify.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  }
  await fastify.register(fastifyRateLimit, {
    global: false,
    max: settings.max,
    timeWindow: settings.windowMs,
    redis,
    nameSpace: RATE_LIMIT_KEY_PREFIX,
    skipOnError: true,
  });
  const count = fastify.createRateLimit();
  fastify.addHook('onRequest', async (request, reply) => {
    const path = request.routeOptions.url;
    if (path !== undefined && EXEMPT.has(path)) return;
    const result = await count(request);
    if (result.isAllowed || !result.isExceeded) return;
    return reply
      .code(429)
      .header('retry-after', result.ttlInSeconds)
      .send(tooManyRequestsBody(path === graphqlPath, result.ttlInSeconds));
  });
}
