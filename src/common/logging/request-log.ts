import { FastifyReply, FastifyRequest, LogController } from 'fastify';

/**
 * One `debug` line per request instead of Fastify's two `info` lines: at the default level a busy
 * vote writes nothing, and `LOG_LEVEL=debug` shows method, URL, status and duration. Failed replies
 * are still logged as errors, as Fastify does by default.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply);
    request.log.debug({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
  }
}
