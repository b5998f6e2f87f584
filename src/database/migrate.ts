import { loadConfig } from 'src/config/config';
import { createDataSource, runMigrations } from './data-source';

/** `npm run migrate`: applies pending migrations to the external database in DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.log('DATABASE_URL is not set: the embedded database migrates itself at start-up.');
    return;
  }
  const dataSource = createDataSource(config.databaseUrl, 2);
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
