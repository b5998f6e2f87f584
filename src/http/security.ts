import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import { FastifyInstance, RouteOptions } from 'fastify';
import { AppConfig } from 'src/config/config';
import { registerRateLimit } from './rate-limit';

type Directives = Record<string, string[]>;

/**
 * The API answers JSON and a few server-rendered pages with no script: nothing may load but the
 * pages' own styles and images, and no page may be framed.
 */
export const API_CSP: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * GraphiQL (development only) loads React and GraphiQL from unpkg, styles inline, runs
 * `new Function` in its bundle, and talks to /graphql over HTTP and WebSocket.
 */
export const GRAPHIQL_CSP: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'script-src': ["'self'", "'unsafe-eval'", 'https://unpkg.com'],
  'style-src': ["'self'", "'unsafe-inline'", 'https://unpkg.com'],
  'img-src': ["'self'", 'data:', 'https://unpkg.com'],
  'font-src': ["'self'", 'data:', 'https://unpkg.com'],
  'connect-src': ["'self'", 'ws:', 'wss:', 'https://unpkg.com'],
  'worker-src': ["'self'"],
};

/** Gives mercurius's GraphiQL routes their own policy; they are registered by mercurius, so only onRoute can reach them. */
function graphiqlPolicy(route: RouteOptions): void {
  if (route.url !== '/graphiql' && !route.url.startsWith('/graphiql/')) return;
  route.config = { ...route.config, helmet: { contentSecurityPolicy: { useDefaults: false, directives: GRAPHIQL_CSP } } } as typeof route.config;
}

/**
 * Security headers (helmet), CORS for the configured origins only, the request id on every
 * response, and the global rate limit. Registered before any route, so every route gets them.
 */
export async function registerHttpSecurity(fastify: FastifyInstance, config: AppConfig): Promise<void> {
  await fastify.register(fastifyHelmet, { contentSecurityPolicy: { useDefaults: false, directives: API_CSP } });
  if (!config.production) fastify.addHook('onRoute', graphiqlPolicy);
  // An empty list allows no other origin: preflights get no Access-Control-Allow-Origin.
  await fastify.register(fastifyCors, {
    origin: config.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  await registerRateLimit(fastify, { ...config.rateLimit, redisUrl: config.schemaOnly ? undefined : config.redisUrl }, '/graphql');
}
