import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The deployment files cannot be run here (no Docker engine), so their shape is checked: the
 * compose file parses and wires what docs/operations.md describes, and the image runs as an
 * unprivileged user in production mode.
 */
const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: string[] | string;
  depends_on?: Record<string, { condition?: string }> | string[];
  volumes?: string[];
  ports?: string[];
}

interface Compose {
  services: Record<string, Service>;
}

function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

const commandOf = (service: Service) => (Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? ''));
const isTetrad = (service: Service) => service.build !== undefined || /^tetrad[:/]/.test(service.image ?? '');
const runsMigrations = (service: Service) => commandOf(service).includes('dist/src/database/migrate.js');
const dependsOn = (service: Service) => (Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {}));

describe('deploy/compose.yml', () => {
  const compose = parse(read('deploy/compose.yml')) as Compose;
  const services = compose.services;
  const tetrads = Object.entries(services).filter(([, service]) => isTetrad(service) && !runsMigrations(service));
  const migrators = Object.entries(services).filter(([, service]) => isTetrad(service) && runsMigrations(service));

  it('has PostgreSQL 16, Redis 7, two Tetrad instances and a proxy', () => {
    expect(services.postgres?.image).toMatch(/^postgres:16(\b|[.-])/);
    expect(services.redis?.image).toMatch(/^redis:7(\b|[.-])/);
    expect(services.proxy).toBeDefined();
    expect(tetrads.map(([name]) => name)).toHaveLength(2);
  });

  it('builds the Tetrad image from the repository Dockerfile', () => {
    for (const [, service] of [...tetrads, ...migrators]) {
      expect(service.build).toMatchObject({ context: '..', dockerfile: 'Dockerfile' });
    }
    expect(existsSync(join(ROOT, 'Dockerfile'))).toBe(true);
  });

  it('gives every Tetrad container the database, Redis, the token secret and SMTP', () => {
    for (const [name, service] of [...tetrads, ...migrators]) {
      const env = environment(service);
      for (const variable of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'SMTP_URL']) {
        expect({ name, variable, set: Boolean(env[variable]) }).toEqual({ name, variable, set: true });
      }
      expect(env.NODE_ENV).toBe('production');
      expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/[^@]+@postgres:5432\//);
      expect(env.REDIS_URL).toMatch(/^rediss?:\/\/redis:6379/);
      expect(env.PUBLIC_URL).toBeTruthy();
    }
  });

  it('takes the secrets from the environment, never from the file itself', () => {
    for (const [, service] of [...tetrads, ...migrators]) {
      const env = environment(service);
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
      expect(env.SMTP_URL).toMatch(/^\$\{SMTP_URL:\?/);
      expect(env.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    }
    expect(environment(services.postgres).POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('migrates once before the instances start: a one-shot service, or MIGRATE_ON_START on one instance', () => {
    const migrateOnStart = tetrads.filter(([, service]) => environment(service).MIGRATE_ON_START === 'true');
    if (migrators.length === 0) {
      expect(migrateOnStart).toHaveLength(1);
      return;
    }
    expect(migrators).toHaveLength(1);
    const [migrator, migrate] = migrators[0];
    expect(dependsOn(migrate)).toContain('postgres');
    for (const [, service] of tetrads) {
      expect(service.depends_on).toMatchObject({ [migrator]: { condition: 'service_completed_successfully' } });
    }
    expect(existsSync(join(ROOT, 'src/database/migrate.ts'))).toBe(true);
  });

  it('puts the proxy in front of both instances, with WebSocket upgrades for subscriptions', () => {
    const proxy = services.proxy;
    expect(proxy.ports?.length).toBeGreaterThan(0);
    const mounted = (proxy.volumes ?? []).map((volume) => volume.split(':')[0]).filter((source) => source.startsWith('./'));
    expect(mounted).toHaveLength(1);
    const configPath = join('deploy', mounted[0]);
    expect(existsSync(join(ROOT, configPath))).toBe(true);
    const config = read(configPath);
    for (const [name] of tetrads) expect(config).toContain(`${name}:3000`);
    expect(config).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade/);
    expect(config).toMatch(/proxy_set_header\s+Connection\s+\$connection_upgrade/);
    expect(config).toMatch(/location\s+=?\s*\/graphql/);
    for (const [name] of tetrads) expect(dependsOn(proxy)).toContain(name);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages = instructions.filter((line) => /^FROM\s/i.test(line));
  const runtime = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1]));

  it('is multi-stage on node:20-bookworm-slim, building with npm ci and npm run build', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^FROM\s+node:20-bookworm-slim\b/i);
    expect(instructions).toContain('RUN npm run build');
    expect(instructions.some((line) => /^RUN npm ci\b(?!.*--omit=dev)/.test(line))).toBe(true);
    expect(instructions.some((line) => /^RUN npm ci\b.*--omit=dev/.test(line))).toBe(true);
  });

  it('runs the compiled server as a non-root user in production mode', () => {
    const users = runtime.filter((line) => /^USER\s/i.test(line)).map((line) => line.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    const env = runtime.filter((line) => /^ENV\s/i.test(line)).join(' ');
    expect(env).toMatch(/NODE_ENV=production\b/);
    expect(env).toMatch(/HOST=0\.0\.0\.0\b/);
    expect(runtime).toContain('EXPOSE 3000');
    expect(runtime.find((line) => /^HEALTHCHECK\s/i.test(line))).toMatch(/fetch\(.*\/health/);
    expect(runtime.find((line) => /^CMD\s/i.test(line))).toContain('dist/src/main.js');
    expect(existsSync(join(ROOT, 'src/main.ts'))).toBe(true);
  });

  it('has a .dockerignore that keeps local state out of the build context', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', '.data', '.git', 'coverage']) expect(ignored).toContain(entry);
  });
});
