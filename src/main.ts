import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';

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
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log.info({ startupSeconds: Number(seconds.toPrecision(3)), url: await app.getUrl() }, 'tetrad is serving /graphql');
}

main().catch((error: unknown) => {
  console.error('tetrad failed to start:', error);
  process.exit(1);
});
