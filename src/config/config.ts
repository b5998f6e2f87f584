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
  logLevel: string;
  /** Run pending migrations at start-up (always for the embedded database). */
  migrateOnStart: boolean;
  /** Redis for subscription events across instances; without it events stay in this process. */
  redisUrl?: string;
  /** How often this instance looks for proposals past closesAt (0 turns the closer off). */
  closerIntervalMs: number;
  /** Build the GraphQL schema without connecting to any database (schema generation). */
  schemaOnly?: boolean;
}

export class ConfigError extends Error {}

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
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** Reads and validates the environment once; every failure is a one-line explanation. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
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
  if (production && !jwtSecret) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
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
    logLevel: env.LOG_LEVEL || 'info',
    migrateOnStart: !databaseUrl || env.MIGRATE_ON_START === 'true',
    redisUrl,
    closerIntervalMs: integer('PROPOSAL_CLOSER_INTERVAL_MS', env.PROPOSAL_CLOSER_INTERVAL_MS, 5000, 0, 3_600_000),
  };
}
