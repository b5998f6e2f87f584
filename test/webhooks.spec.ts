import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { expectCode, TestServer } from './support/harness';
import { addMember, createCooperative, labour, TestCooperative, TestMember } from './support/factories';
import { CLOSE_PROPOSAL, createProposal } from './support/governance';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP receiver on a loopback port; `answer` decides each reply's status by path. */
class Receiver {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly received: Received[],
  ) {}

  static async start(answer: (path: string, count: number) => number): Promise<Receiver> {
    const counts = new Map<string, number>();
    const received: Received[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const path = request.url ?? '/';
        counts.set(path, (counts.get(path) ?? 0) + 1);
        received.push({ path, headers: request.headers, body });
        response.writeHead(answer(path, counts.get(path)!)).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new Receiver(server, `http://127.0.0.1:${(server.address() as { port: number }).port}`, received);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { id url events secret } }`;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What a receiver does with the Standard Webhooks headers, computed here independently of the server's code. */
function signatureOf(secret: string, received: Received): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${String(received.headers['webhook-id'])}.${String(received.headers['webhook-timestamp'])}.${received.body}`).digest('base64')}`;
}

describe('webhooks', () => {
  let server: TestServer;
  let receiver: Receiver;
  let coop: TestCooperative;
  let worker: TestMember;

  beforeAll(async () => {
    server = await TestServer.start({ WEBHOOK_RETRY_LIMIT: '2', WEBHOOK_RETRY_DELAY_SECONDS: '1' });
    // /flaky fails twice, then succeeds; /down always fails; everything else succeeds.
    receiver = await Receiver.start((path, count) => (path === '/down' || (path === '/flaky' && count <= 2) ? 500 : 204));
    coop = await createCooperative(server);
    worker = await addMember(server, coop);
    await labour(server, coop, worker.id, '1');
  });
  afterAll(async () => {
    await server.close();
    await receiver.stop();
  });

  const endpoint = async (path: string, events: string[], target = coop) =>
    (await server.request<{ createWebhookEndpoint: { id: string; secret: string } }>(CREATE_ENDPOINT, { input: { cooperativeId: target.id, url: `${receiver.url}${path}`, events } }, target.admin.token))
      .createWebhookEndpoint;

  const deliveries = async (id: string) => {
    const { cooperative } = await server.request<{ cooperative: { webhookEndpoints: { id: string; secret: string | null; deliveries: { edges: { node: { status: string; attempts: number; lastStatusCode: number | null; type: string; webhookId: string } }[] } }[] } }>(
      `query ($slug: String!) { cooperative(slug: $slug) { webhookEndpoints { id secret deliveries(first: 50) { edges { node { status attempts lastStatusCode type webhookId } } } } } }`,
      { slug: coop.slug },
      coop.admin.token,
    );
    const found = cooperative.webhookEndpoints.find((e) => e.id === id)!;
    return { secret: found.secret, deliveries: found.deliveries.edges.map((e) => e.node) };
  };

  it('delivers a signed event when a proposal closes, and shows the secret only once', async () => {
    const { id, secret } = await endpoint('/closed', ['PROPOSAL_CLOSED']);
    expect(secret).toMatch(/^whsec_/);
    const proposalId = await createProposal(server, coop);
    await server.request(CLOSE_PROPOSAL, { id: proposalId }, coop.admin.token);
    const [received] = await until('the delivery', () => (receiver.at('/closed').length ? receiver.at('/closed') : undefined));
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['webhook-signature']).toBe(signatureOf(secret, received));
    expect(Math.abs(Number(received.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const payload = JSON.parse(received.body) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'proposal.closed', data: { cooperativeId: coop.id, subjectId: proposalId, outcome: 'REJECTED' } });
    const log = await until('the delivery log', async () => {
      const read = await deliveries(id);
      return read.deliveries[0]?.status === 'DELIVERED' ? read : undefined;
    });
    expect(log.secret).toBeNull();
    expect(log.deliveries).toEqual([{ status: 'DELIVERED', attempts: 1, lastStatusCode: 204, type: 'proposal.closed', webhookId: received.headers['webhook-id'] }]);
  });

  it('delivers proposal.opened when the electorate is frozen, by the first vote or the background closer', async () => {
    await endpoint('/opened', ['PROPOSAL_OPENED']);
    const proposalId = await createProposal(server, coop);
    await server.request(`mutation ($input: CastVoteInput!) { castVote(input: $input) { id } }`, { input: { proposalId, choice: 'YES' } }, worker.user.token);
    const received = await until('the opened event', () => receiver.at('/opened').find((r) => r.body.includes(proposalId)));
    expect(JSON.parse(received.body)).toMatchObject({ type: 'proposal.opened', data: { subjectId: proposalId, eligible: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.at('/opened').filter((r) => r.body.includes(proposalId))).toHaveLength(1);
  });

  it('delivers issued invoices, and only the events an endpoint asked for', async () => {
    await endpoint('/invoices', ['INVOICES_ISSUED']);
    const licensee = await server.request<{ registerLicensee: { id: string } }>(
      `mutation ($input: RegisterLicenseeInput!) { registerLicensee(input: $input) { id } }`,
      { input: { cooperativeId: coop.id, name: 'Acme', email: `acme-${coop.slug}@example.org`, use: 'COMMERCIAL' } },
      coop.admin.token,
    );
    const work = await server.request<{ registerWork: { id: string } }>(`mutation ($input: RegisterWorkInput!) { registerWork(input: $input) { id } }`, { input: { cooperativeId: coop.id, title: 'OpenHouse' } }, coop.admin.token);
    await server.request(
      `mutation ($input: GrantLicenseInput!) { grantCommercialLicense(input: $input) { id } }`,
      { input: { licenseeId: licensee.registerLicensee.id, workId: work.registerWork.id, fee: { period: 'MONTHLY', amount: '250.00' }, startsOn: '2026-01-01' } },
      coop.admin.token,
    );
    await server.request(`mutation ($input: IssueInvoicesInput!) { issueInvoices(input: $input) { id } }`, { input: { cooperativeId: coop.id, through: '2026-03-31' } }, coop.admin.token);
    const [received] = await until('the invoice event', () => (receiver.at('/invoices').length ? receiver.at('/invoices') : undefined));
    const payload = JSON.parse(received.body) as { type: string; data: { invoiceIds: string[]; through: string } };
    expect(payload.type).toBe('invoices.issued');
    expect(payload.data.invoiceIds).toHaveLength(3);
    expect(payload.data.through).toBe('2026-03-31');
    expect(receiver.at('/closed')).toHaveLength(1);
  });

  it('retries a failing receiver with backoff and logs every attempt; gives up after the retry limit', async () => {
    const flaky = await endpoint('/flaky', ['PROPOSAL_CREATED']);
    const down = await endpoint('/down', ['PROPOSAL_CREATED']);
    await createProposal(server, coop);
    const delivered = await until('three attempts at /flaky', async () => {
      const read = await deliveries(flaky.id);
      return read.deliveries[0]?.status === 'DELIVERED' ? read.deliveries[0] : undefined;
    });
    expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 204 });
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(3);
    // One delivery: every attempt carries the same webhook-id.
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    const failed = await until('the retries at /down to run out', async () => {
      const read = await deliveries(down.id);
      return read.deliveries[0]?.status === 'FAILED' ? read.deliveries[0] : undefined;
    });
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3, lastStatusCode: 500 });
    expect(receiver.at('/down')).toHaveLength(3);
  });

  it('delivers each event once with two server instances working the queue', async () => {
    const second = await TestServer.start({ WEBHOOK_RETRY_LIMIT: '2', WEBHOOK_RETRY_DELAY_SECONDS: '1' });
    try {
      await endpoint('/twice', ['PROPOSAL_CREATED']);
      const ids = await Promise.all(Array.from({ length: 10 }, () => createProposal(server, coop)));
      await until('ten deliveries', () => (receiver.at('/twice').length >= 10 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const received = receiver.at('/twice');
      expect(received).toHaveLength(10);
      expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(10);
      expect(new Set(received.map((r) => (JSON.parse(r.body) as { data: { subjectId: string } }).data.subjectId))).toEqual(new Set(ids));
    } finally {
      await second.close();
    }
  });

  it('is for coordinators only, and refuses bad URLs and events without writing anything', async () => {
    const member = await addMember(server, coop);
    const before = await server.counts(['webhook_endpoints']);
    await expectCode(server.request(CREATE_ENDPOINT, { input: { cooperativeId: coop.id, url: `${receiver.url}/x`, events: ['PROPOSAL_CLOSED'] } }, member.user.token), 'FORBIDDEN');
    const bad = await expectCode(server.request(CREATE_ENDPOINT, { input: { cooperativeId: coop.id, url: 'ftp://example.org/x', events: ['PROPOSAL_CLOSED'] } }, coop.admin.token), 'BAD_USER_INPUT');
    expect(bad.extensions?.fields?.[0].field).toBe('url');
    await expectCode(server.request(CREATE_ENDPOINT, { input: { cooperativeId: coop.id, url: `${receiver.url}/x`, events: [] } }, coop.admin.token), 'BAD_USER_INPUT');
    await expectCode(server.request(CREATE_ENDPOINT, { input: { cooperativeId: coop.id, url: `${receiver.url}/x`, events: ['NOT_AN_EVENT'] } }, coop.admin.token), 'BAD_USER_INPUT');
    expect(await server.counts(['webhook_endpoints'])).toEqual(before);
    const other = await createCooperative(server);
    const foreign = await endpoint('/foreign', ['PROPOSAL_CLOSED'], other);
    await expectCode(server.request(`mutation ($id: ID!) { disableWebhookEndpoint(id: $id) { id } }`, { id: foreign.id }, coop.admin.token), 'FORBIDDEN');
    const { disableWebhookEndpoint } = await server.request<{ disableWebhookEndpoint: { disabledAt: string | null; secret: string | null } }>(
      `mutation ($id: ID!) { disableWebhookEndpoint(id: $id) { disabledAt secret } }`,
      { id: foreign.id },
      other.admin.token,
    );
    expect(disableWebhookEndpoint.disabledAt).not.toBeNull();
    expect(disableWebhookEndpoint.secret).toBeNull();
    await expectCode(server.request(`mutation ($id: ID!) { disableWebhookEndpoint(id: $id) { id } }`, { id: foreign.id }, other.admin.token), 'CONFLICT');
  });
});
