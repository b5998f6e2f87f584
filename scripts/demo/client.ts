import { DataSource } from 'typeorm';

/** A GraphQL client for the demo seed: it talks to the server it started, over HTTP, like any client. */
export class DemoClient {
  constructor(
    readonly baseUrl: string,
    private readonly db: DataSource,
  ) {}

  async request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) throw new Error(`demo seed: ${body.errors?.map((e) => e.message).join('; ') ?? response.statusText}\n${query}`);
    return body.data;
  }

  /** The token of the newest link to `page` mailed to `email`: development mail is kept in the outbox table. */
  async mailedToken(email: string, page: string): Promise<string> {
    const rows = await this.db.query<{ body: string }[]>(`SELECT body_text AS body FROM mail_outbox WHERE recipient = $1 ORDER BY seq DESC`, [email.toLowerCase()]);
    for (const { body } of rows) {
      const match = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(body);
      if (match) return match[1];
    }
    throw new Error(`demo seed: no ${page} link was mailed to ${email}`);
  }
}
