import { FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from 'src/common/errors/domain-error';

const STATUS_OF: Record<DomainError['code'], number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.TOO_MANY_REQUESTS]: 429,
};

/** A refused export: its HTTP status and a one-line text/plain body. */
export async function sendRefusal(reply: FastifyReply, status: number, message: string): Promise<void> {
  if (status === 429) reply.header('retry-after', '5');
  await reply.status(status).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(`${message.replace(/[\r\n]+/g, ' ')}\n`);
}

export const statusOf = (refusal: DomainError): number => STATUS_OF[refusal.code];
