import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const SECRET = 'a-production-secret-of-at-least-32-chars';

describe('configuration', () => {
  it('refuses to start in production without JWT_SECRET or DATABASE_URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET })).toThrow(new ConfigError('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development only)'));
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/tetrad' })).toThrow(/JWT_SECRET is required/);
  });

  it('accepts production with both set, and does not migrate an external database unless asked', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/tetrad', JWT_SECRET: SECRET })).toThrow(/SMTP_URL is required/);
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/tetrad', JWT_SECRET: SECRET, SMTP_URL: 'smtp://mail.example.org:587', PORT: '8080' });
    expect(config).toMatchObject({ production: true, port: 8080, databaseUrl: 'postgres://db/tetrad', migrateOnStart: false });
  });

  it('generates a development secret once and keeps it under the data directory', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tetrad-config-'));
    const first = loadConfig({ TETRAD_DATA_DIR: dataDir });
    const second = loadConfig({ TETRAD_DATA_DIR: dataDir });
    expect(first.jwtSecret).toHaveLength(64);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
    expect(first.migrateOnStart).toBe(true);
  });

  it('explains in one line when the development secret cannot be kept', () => {
    expect(() => loadConfig({ TETRAD_DATA_DIR: '/dev/null/tetrad' })).toThrow(/^cannot keep the development token secret in \/dev\/null\/tetrad\/jwt-secret: .* \(set TETRAD_DATA_DIR to a writable directory, or JWT_SECRET\)$/);
  });

  it('logs pretty only for a person at a terminal in development, JSON otherwise unless LOG_FORMAT says so', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tetrad-config-'));
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/tetrad', JWT_SECRET: SECRET, SMTP_URL: 'smtp://mail.example.org:587' };
    expect(loadConfig({ TETRAD_DATA_DIR: dataDir }, true).logFormat).toBe('pretty');
    expect(loadConfig({ TETRAD_DATA_DIR: dataDir }, false).logFormat).toBe('json');
    expect(loadConfig(production, true).logFormat).toBe('json');
    expect(loadConfig({ TETRAD_DATA_DIR: dataDir, LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ ...production, LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres/],
    [{ JWT_SECRET: 'short' }, /at least 32 characters/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL must be an smtp/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL must be an http/],
    [{ AUTH_LIMIT_PER_ADDRESS: '-1' }, /AUTH_LIMIT_PER_ADDRESS must be an integer/],
    [{ LOG_FORMAT: 'yaml' }, /LOG_FORMAT must be json or pretty/],
  ])('explains a bad value in one line: %j', (env, message) => {
    expect(() => loadConfig({ TETRAD_DATA_DIR: mkdtempSync(join(tmpdir(), 'tetrad-config-')), ...env })).toThrow(message);
  });
});
