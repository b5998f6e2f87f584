import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from 'src/config/config';

/** JSON lines (what log collectors and the test harness read), or colourised lines for a person at a terminal. */
export function createPino(level: string, format: LogFormat = 'json'): Logger {
  const options = { level, base: { service: 'tetrad' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'json') return pino(options);
  return pino(options, pretty({ colorize: true, sync: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss.l' }));
}

/** Routes Nest's own logging into the same structured JSON stream as Fastify's request logs. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string, trace?: string) {
    if (typeof message === 'object' && message !== null) {
      const { msg, ...fields } = message as Record<string, unknown> & { msg?: string };
      this.logger[level]({ context, trace, ...fields }, msg ?? '');
    } else {
      this.logger[level]({ context, trace }, String(message));
    }
  }
}
