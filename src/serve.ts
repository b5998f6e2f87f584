import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './bootstrap';
import { AppConfig } from './config/config';

/**
 * Builds the application, shuts it down gracefully on SIGINT/SIGTERM (stop accepting requests, finish
 * in-flight ones, close the pool, then stop the embedded database; a second signal forces the exit),
 * and listens. Used by `npm start` and `npm run demo`.
 */
export async function serve(config: AppConfig): Promise<{ app: NestFastifyApplication; url: string }> {
  const started = process.hrtime.bigint();
  const app = await createApp(config);
  const log = app.getHttpAdapter().getInstance().log;
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
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // Links in mail point here unless PUBLIC_URL says otherwise (PORT=0 picks the port only now).
  config.publicUrl ??= url;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log.info({ startupSeconds: Number(seconds.toPrecision(3)), url }, 'tetrad is serving /graphql');
  return { app, url };
}

/** One line for a failure to start that is a fact about this machine or its settings; a stack otherwise. */
export function reportStartFailure(error: unknown, known: (error: unknown) => boolean): never {
  if (known(error)) console.error(`tetrad: ${(error as Error).message}`);
  else console.error('tetrad failed to start:', error);
  process.exit(1);
}
