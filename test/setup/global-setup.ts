import 'reflect-metadata';
// Global setup runs outside Jest's module map: resolve `src/...` imports through tsconfig paths.
import 'tsconfig-paths/register';
import { provisionTestDatabase, TestDatabase } from './test-database';

declare global {
  // Shared between global setup and teardown, which run in the same process.
  var tetradTestDatabase: TestDatabase | undefined;
}

export default async function globalSetup(): Promise<void> {
  const database = await provisionTestDatabase();
  globalThis.tetradTestDatabase = database;
  process.env.TETRAD_TEST_DATABASE_URL = database.url;
}
