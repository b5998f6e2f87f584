import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import './graphql/enums';
import { AppModule } from './app.module';
import { PinoNestLogger, createPino } from './common/logging/pino-logger';
import { RequestLogController } from './common/logging/request-log';
import { AppConfig } from './config/config';
import { requestIdFrom } from './http/request-id';
import { registerHttpSecurity } from './http/security';

/** Builds the HTTP application (used by main.ts and by the integration tests). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createPino(config.logLevel, config.logFormat);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(req.headers),
    bodyLimit: 1_048_576,
    logController: new RequestLogController(),
  });
  // Before Nest registers any route (at init), so helmet, CORS and the rate limit reach them all.
  await registerHttpSecurity(adapter.getInstance(), config);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  return app;
}
