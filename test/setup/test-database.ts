import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { createDataSource, runMigrations } from 'src/database/data-source';
import { EmbeddedDatabase, startEmbeddedPostgres } from 'src/database/embedded-postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database for one test run: on the server in DATABASE_URL when it is set
 * (a throwaway database is created and dropped there), otherwise on an embedded PostgreSQL.
 */
export async function provisionTestDatabase(options: { onLog?: (line: string) => void } = {}): Promise<TestDatabase> {
  const name = `tetrad_test_${randomBytes(5).toString('hex')}`;
  let embedded: EmbeddedDatabase | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    tempDir = await mkdtemp(join(tmpdir(), 'tetrad-test-'));
    // The cluster may run as the `postgres` system user, which must be able to enter the directory.
    await chmod(tempDir, 0o755);
    // TETRAD_PG_LOG=1 shows the embedded server's log (with slow statements) on stderr.
    const onLog = process.env.TETRAD_PG_LOG ? (line: string) => process.stderr.write(`[pg] ${line}\n`) : options.onLog;
    embedded = await startEmbeddedPostgres({ clusterDir: join(tempDir, 'pg'), database: 'postgres', onLog, logStatements: process.env.TETRAD_PG_LOG === 'all' });
    adminUrl = embedded.url;
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = withDatabase(adminUrl, name);
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  return {
    url,
    drop: async () => {
      if (embedded) {
        await embedded.stop();
        // As root with TMPDIR out of the postgres user's reach, the cluster went under /var/lib/tetrad.
        if (tempDir && !embedded.clusterDir.startsWith(tempDir)) await rm(dirname(embedded.clusterDir), { recursive: true, force: true });
        if (tempDir) await rm(tempDir, { recursive: true, force: true });
        return;
      }
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
