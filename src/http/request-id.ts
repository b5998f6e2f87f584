import { randomUUID } from 'node:crypto';

/** What a client's `x-request-id` may look like to be used: short, and nothing that could forge a log line or markup. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The client's request id when it is well formed, a random UUID otherwise. */
export function requestIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const header = headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}
