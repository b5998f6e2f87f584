import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from 'src/bootstrap';
import { loadConfig } from 'src/config/config';

/**
 * Builds the code-first schema without a database and prints it sorted.
 * `node dist/scripts/schema.js` writes schema.graphql; with `--check` it exits 1 when the file is stale.
 */
async function main(): Promise<void> {
  const config = { ...loadConfig({ JWT_SECRET: 'schema-generation-only-secret-0000000000', DATABASE_URL: 'postgres://unused/none' }), schemaOnly: true, logLevel: 'warn' };
  const app = await createApp(config);
  await app.init();
  const printed = printSchema(lexicographicSortSchema(app.get(GraphQLSchemaHost).schema)) + '\n';
  await app.close();
  const file = resolve(__dirname, '..', '..', 'schema.graphql');
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== printed) {
      console.error('schema.graphql is stale: run `npm run schema` and commit the result');
      process.exit(1);
    }
    console.log('schema.graphql is up to date');
    return;
  }
  writeFileSync(file, printed);
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
