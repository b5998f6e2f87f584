import fastifyCors from '@fastify/cors';
import { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
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

/**
 * The headers helmet sets for a policy, computed once. Helmet's options here are all static, and
 * running its middleware on every request (as @fastify/helmet does) cost a fifth of the throughput
 * of a small authenticated query; setting the same precomputed headers costs next to nothing.
 */
export function helmetHeaders(directives: Directives): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({ contentSecurityPolicy: { useDefaults: false, directives } })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

const isGraphiql = (url: string) => url === '/graphiql' || url.startsWith('/graphiql/') || url.startsWith('/graphiql?');

/**
 * Security headers (helmet), CORS for the configured origins only, the request id on every
 * response, and the global rate limit. Registered before any route, so every route gets them.
 */
export async function registerHttpSecurity(fastify: FastifyInstance, config: AppConfig): Promise<void> {
  const apiHeaders = helmetHeaders(API_CSP);
  // GraphiQL is served in development only, with the policy it needs.
  const graphiqlHeaders = config.production ? apiHeaders : helmetHeaders(GRAPHIQL_CSP);
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(isGraphiql(request.url) ? graphiqlHeaders : apiHeaders);
    done();
  });
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
