import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AppConfig {
  production: boolean;
  host: string;
  port: number;
  /** External PostgreSQL; when absent an embedded server is started under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  jwtSecret: string;
  tokenTtlSeconds: number;
  /** How long an instance trusts its cached copy of a user's token version (0: read it on every request). */
  tokenVersionCacheMs: number;
  logLevel: string;
  /** JSON lines for machines, or pino-pretty for a person at a terminal (the default only in development on a TTY). */
  logFormat: LogFormat;
  /** Run pending migrations at start-up (always for the embedded database). */
  migrateOnStart: boolean;
  /** Redis for subscription events across instances; without it events stay in this process. */
  redisUrl?: string;
  /** How often this instance looks for proposals past closesAt (0 turns the closer off). */
  closerIntervalMs: number;
  /** Where outgoing mail goes: an SMTP server, or (development only) files under dataDir/mail. */
  smtpUrl?: string;
  mailFrom: string;
  /** First retry delay after a failed delivery; later retries back off exponentially. */
  mailRetryDelaySeconds: number;
  /** The address people reach this server at, for links in mail; the listening address when unset. */
  publicUrl?: string;
  /** Log-in, sign-up and reset attempts: failures per address and attempts per client, per window. */
  authLimits: { perAddress: number; perClient: number; windowSeconds: number };
  /** Per-document GraphQL limits, checked before execution (0 turns one off); see src/graphql/query-limits.ts. */
  queryLimits: { maxCost: number; maxAliases: number; maxTokens: number };
  /** Origins a browser may call the API from (CORS); none by default. */
  corsOrigins: string[];
  /** HTTP requests per client address per window, counted in Redis when redisUrl is set (max 0 turns it off). */
  rateLimit: { max: number; windowMs: number };
  /** Webhook deliveries: retries after a failed attempt (exponential backoff from the delay), and whether loopback or private addresses may receive them. */
  webhooks: { retryLimit: number; retryDelaySeconds: number; allowPrivateUrls: boolean };
  /** Vote reminders: how often this instance looks (0 turns them off), and how long before closesAt a non-voter is reminded. */
  reminders: { intervalMs: number; leadHours: number };
  /** Build the GraphQL schema without connecting to any database (schema generation). */
  schemaOnly?: boolean;
}

export type LogFormat = 'json' | 'pretty';

export class ConfigError extends Error {}

function logFormat(raw: string | undefined, production: boolean, interactive: boolean): LogFormat {
  if (raw === undefined || raw === '') return !production && interactive ? 'pretty' : 'json';
  if (raw !== 'json' && raw !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty, got "${raw}"`);
  return raw;
}

/** A comma-separated list of origins (scheme://host[:port], no path), as CORS compares them. */
function origins(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  const bad = list.find((origin) => !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(origin));
  if (bad !== undefined) throw new ConfigError(`CORS_ORIGINS must be comma-separated origins like https://app.example.org, got "${bad}"`);
  return list;
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** The development secret is generated once and kept under .data/ so tokens survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret + '\n', { mode: 0o600 });
    return secret;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot keep the development token secret in ${file}: ${reason} (set TETRAD_DATA_DIR to a writable directory, or JWT_SECRET)`);
  }
}

/** Reads and validates the environment once; every failure is a one-line explanation. */
/** `interactive`: whether stdout is a terminal, which decides the default log format. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, interactive = process.stdout.isTTY === true): AppConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.TETRAD_DATA_DIR || '.data');
  const databaseUrl = env.DATABASE_URL || undefined;
  const jwtSecret = env.JWT_SECRET || undefined;
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  if (production && !databaseUrl) {
    throw new ConfigError('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development only)');
  }
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL');
  if (env.PUBLIC_URL && !/^https?:\/\/[^\s]+$/.test(env.PUBLIC_URL)) throw new ConfigError('PUBLIC_URL must be an http:// or https:// URL');
  if (production && !jwtSecret) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
  }
  if (production && !smtpUrl) {
    throw new ConfigError('SMTP_URL is required when NODE_ENV=production (invitations and verification links are sent by mail)');
  }
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters long');
  }
  return {
    production,
    host: env.HOST || '127.0.0.1',
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    databaseUrl,
    dataDir,
    jwtSecret: jwtSecret ?? developmentSecret(dataDir),
    tokenTtlSeconds: integer('TOKEN_TTL_SECONDS', env.TOKEN_TTL_SECONDS, 12 * 3600, 60, 30 * 24 * 3600),
    tokenVersionCacheMs: integer('TOKEN_VERSION_CACHE_MS', env.TOKEN_VERSION_CACHE_MS, 10_000, 0, 3_600_000),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormat(env.LOG_FORMAT, production, interactive),
    migrateOnStart: !databaseUrl || env.MIGRATE_ON_START === 'true',
    redisUrl,
    closerIntervalMs: integer('PROPOSAL_CLOSER_INTERVAL_MS', env.PROPOSAL_CLOSER_INTERVAL_MS, 5000, 0, 3_600_000),
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Tetrad <no-reply@tetrad.invalid>',
    mailRetryDelaySeconds: integer('MAIL_RETRY_DELAY_SECONDS', env.MAIL_RETRY_DELAY_SECONDS, 30, 1, 86_400),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    authLimits: {
      perAddress: integer('AUTH_LIMIT_PER_ADDRESS', env.AUTH_LIMIT_PER_ADDRESS, 50, 0, 1_000_000),
      perClient: integer('AUTH_LIMIT_PER_CLIENT', env.AUTH_LIMIT_PER_CLIENT, 300, 0, 1_000_000),
      windowSeconds: integer('AUTH_LIMIT_WINDOW_SECONDS', env.AUTH_LIMIT_WINDOW_SECONDS, 900, 1, 86_400),
    },
    queryLimits: {
      maxCost: integer('GRAPHQL_MAX_COST', env.GRAPHQL_MAX_COST, 10_000, 0, 1_000_000_000),
      maxAliases: integer('GRAPHQL_MAX_ALIASES', env.GRAPHQL_MAX_ALIASES, 100, 0, 1_000_000),
      maxTokens: integer('GRAPHQL_MAX_TOKENS', env.GRAPHQL_MAX_TOKENS, 2_000, 0, 10_000_000),
    },
    corsOrigins: origins(env.CORS_ORIGINS),
    webhooks: {
      retryLimit: integer('WEBHOOK_RETRY_LIMIT', env.WEBHOOK_RETRY_LIMIT, 8, 0, 100),
      retryDelaySeconds: integer('WEBHOOK_RETRY_DELAY_SECONDS', env.WEBHOOK_RETRY_DELAY_SECONDS, 30, 1, 86_400),
      allowPrivateUrls: env.WEBHOOK_ALLOW_PRIVATE_URLS === undefined || env.WEBHOOK_ALLOW_PRIVATE_URLS === '' ? !production : env.WEBHOOK_ALLOW_PRIVATE_URLS === 'true',
    },
    reminders: {
      intervalMs: integer('REMINDER_INTERVAL_MS', env.REMINDER_INTERVAL_MS, 60_000, 0, 86_400_000),
      leadHours: integer('REMINDER_LEAD_HOURS', env.REMINDER_LEAD_HOURS, 24, 1, 24 * 30),
    },
    rateLimit: {
      max: integer('RATE_LIMIT_MAX', env.RATE_LIMIT_MAX, 1_000, 0, 1_000_000_000),
      windowMs: integer('RATE_LIMIT_WINDOW_MS', env.RATE_LIMIT_WINDOW_MS, 60_000, 1_000, 86_400_000),
    },
  };
}
