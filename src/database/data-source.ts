import { DataSource } from 'typeorm';
import { registeredEntities } from './entity-registry';
import { MIGRATIONS } from './migrations';

/** The migration runner needs no entities (migrations are SQL); the application passes those its modules registered. */
export function createDataSource(url: string, poolSize = 10, entities = registeredEntities()): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Schema changes only ever happen through migrations.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, application_name: 'tetrad' },
  });
}

const MIGRATION_LOCK = 7_310_001;
// Needs a pool of at least 2: the lock holds one connection while the migrations run on another.

/** Runs pending migrations; an advisory lock keeps two instances starting together from racing. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await dataSource.runMigrations({ transaction: 'all' });
    return done.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
