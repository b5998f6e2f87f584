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
  await app.listen({ port: config.port, host: config.host });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  app.getHttpAdapter().getInstance().log.info({ startupSeconds: Number(seconds.toPrecision(3)), url: await app.getUrl() }, 'tetrad is serving /graphql');
}

main().catch((error: unknown) => {
  console.error('tetrad failed to start:', error);
  process.exit(1);
});
