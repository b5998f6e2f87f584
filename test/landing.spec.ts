import { TestServer } from './support/harness';

/** The page at `/`: where GraphiQL (outside production), the docs and the health check are. */
describe('landing page', () => {
  let development: TestServer;
  let production: TestServer;

  beforeAll(async () => {
    // Nothing is sent at start, so an SMTP server nobody listens on is enough for production.
    [development, production] = await Promise.all([TestServer.start(), TestServer.start({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:9' })]);
  }, 60_000);
  afterAll(() => Promise.all([development, production].filter(Boolean).map((server) => server.close())));

  async function landing(server: TestServer): Promise<{ status: number; type: string | null; html: string }> {
    const response = await fetch(`${server.baseUrl}/`);
    return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
  }

  it('links GraphiQL, shows an operation to try there, names the docs and links /health', async () => {
    const { status, type, html } = await landing(development);
    expect({ status, type }).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
    expect(html).toContain('<a href="/graphiql">GraphiQL</a>');
    expect(html).toContain('cooperative(slug: &quot;open-bakery&quot;)');
    expect(html).toContain('<code>docs/api-guide.md</code>');
    expect(html).toContain('<a href="/health">/health</a>');
    expect(html).not.toContain('<script');
    // The links lead somewhere.
    expect((await fetch(`${development.baseUrl}/graphiql`)).status).toBe(200);
    expect((await fetch(`${development.baseUrl}/health`)).status).toBe(200);
  });

  it('does not link GraphiQL in production, where it is off', async () => {
    const { status, html } = await landing(production);
    expect(status).toBe(200);
    expect(html).not.toContain('/graphiql');
    expect(html).toContain('GraphiQL is off');
    expect(html).toContain('<a href="/health">/health</a>');
    expect((await fetch(`${production.baseUrl}/graphiql`)).status).toBe(404);
  });
});
