import { FastifyReply } from 'fastify';
import { page } from './html';

/** A page to send. `body` is HTML whose dynamic text is already escaped. */
export interface PageView {
  status: number;
  title: string;
  body: string;
}

/**
 * Sends a page. The links that lead here carry a single-use token in the URL: no cache may keep the
 * page, and no link on it may pass the URL on as a referrer.
 */
export async function sendPage(reply: FastifyReply, view: PageView): Promise<void> {
  await reply
    .status(view.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(page(view.title, view.body));
}
