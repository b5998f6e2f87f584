import { TestServer } from './harness';

export type LinkPage = 'verify-email' | 'accept-invitation' | 'accept-licensee-invitation' | 'reset-password';

/**
 * The token of the newest link to `page` mailed to `email`, read from the mail outbox, which is
 * written in the same transaction as the mutation that sends it (delivery itself is asynchronous).
 */
export async function mailedToken(server: TestServer, email: string, page: LinkPage): Promise<string> {
  const rows = await server.query<{ body: string }>(`SELECT body_text AS body FROM mail_outbox WHERE recipient = $1 ORDER BY seq DESC`, [email.toLowerCase()]);
  for (const { body } of rows) {
    const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(body);
    if (match) return match[1];
  }
  throw new Error(`no ${page} link was mailed to ${email}`);
}
