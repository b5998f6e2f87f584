import { FastifyReply } from 'fastify';

/** A refused export: its HTTP status and a one-line text/plain body. */
export async function sendRefusal(reply: FastifyReply, status: number, message: string): Promise<void> {
  if (status === 429) reply.header('retry-after', '5');
  await reply.status(status).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send(`${message.replace(/[\r\n]+/g, ' ')}\n`);
}

export { httpStatusOf as statusOf } from 'src/common/errors/domain-error';
