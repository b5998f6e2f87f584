import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import './graphql/enums';
import { AppModule } from './app.module';
import { PinoNestLogger, createPino } from './common/logging/pino-logger';
import { AppConfig } from './config/config';

/** Builds the HTTP application (used by main.ts and by the integration tests). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createPino(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 64) : randomUUID()),
    bodyLimit: 1_048_576,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  return app;
}
