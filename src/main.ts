import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';
import { EmbeddedPostgresError } from './database/embedded-postgres';

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`tetrad: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  const log = app.getHttpAdapter().getInstance().log;
  // Graceful shutdown: stop accepting requests, finish in-flight ones, close the pool, then stop
  // the embedded database. A second signal forces the exit.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      log.info({ signal }, 'shutting down');
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  await app.listen({ port: config.port, host: config.host });
  // Links in mail point here unless PUBLIC_URL says otherwise (PORT=0 picks the port only now).
  config.publicUrl ??= (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log.info({ startupSeconds: Number(seconds.toPrecision(3)), url: await app.getUrl() }, 'tetrad is serving /graphql');
}

main().catch((error: unknown) => {
  // A database that cannot start is a fact about this machine: one line says what to do.
  if (error instanceof EmbeddedPostgresError) console.error(`tetrad: ${error.message}`);
  else console.error('tetrad failed to start:', error);
  process.exit(1);
});
