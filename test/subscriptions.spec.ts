import { createClient, Client } from 'graphql-ws';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { TestServer } from './support/harness';
import { addMember, createCooperative, labour, TestCooperative, TestMember } from './support/factories';
import { CLOSE_PROPOSAL, createProposal, vote } from './support/governance';

const TALLY_UPDATED = `subscription ($proposalId: ID!) { tallyUpdated(proposalId: $proposalId) { voters final outcome } }`;

interface TallyEvent {
  voters: number;
  final: boolean;
  outcome: string | null;
}

/** Subscribes over graphql-ws and collects events (or the error that ended the subscription). */
function subscribe(client: Client, proposalId: string): { events: TallyEvent[]; errors: unknown[]; next(count: number): Promise<TallyEvent[]> } {
  const events: TallyEvent[] = [];
  const errors: unknown[] = [];
  client.subscribe<{ tallyUpdated: TallyEvent }>(
    { query: TALLY_UPDATED, variables: { proposalId } },
    { next: (message) => (message.data ? events.push(message.data.tallyUpdated) : errors.push(message.errors)), error: (e) => errors.push(e), complete: () => undefined },
  );
  return {
    events,
    errors,
    next: async (count) => {
      for (let waited = 0; events.length < count && errors.length === 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      return events;
    },
  };
}

describe('tallyUpdated over graphql-ws', () => {
  let server: TestServer;
  let coop: TestCooperative;
  let voters: TestMember[];
  const clients: Client[] = [];
  const wsClient = (token: string) => {
    const client = createClient({ url: server.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: false });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await TestServer.start();
    coop = await createCooperative(server);
    voters = await Promise.all([addMember(server, coop), addMember(server, coop)]);
    await Promise.all(voters.map((v) => labour(server, coop, v.id, '1')));
  });
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await server.close();
  });

  it('pushes the tally to a member each time a ballot is cast', async () => {
    const id = await createProposal(server, coop);
    const subscription = subscribe(wsClient(voters[0].user.token), id);
    await new Promise((r) => setTimeout(r, 300));
    await vote(server, voters[0], id, 'YES');
    await vote(server, voters[1], id, 'NO');
    // One event per ballot; each carries the tally as it stands when delivered, so the first may already count both.
    const events = await subscription.next(2);
    expect(subscription.errors).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0].voters).toBeGreaterThanOrEqual(1);
    expect(events[1]).toEqual({ voters: 2, final: false, outcome: 'REJECTED' });
  });

  it('respects AFTER_CLOSE: no event while hidden, the final tally at close', async () => {
    const id = await createProposal(server, coop, { resultsVisibility: 'AFTER_CLOSE' });
    const subscription = subscribe(wsClient(voters[0].user.token), id);
    await new Promise((r) => setTimeout(r, 300));
    await vote(server, voters[0], id, 'YES');
    await new Promise((r) => setTimeout(r, 300));
    expect(subscription.events).toEqual([]);
    await server.request(CLOSE_PROPOSAL, { id }, coop.admin.token);
    expect(await subscription.next(1)).toEqual([{ voters: 1, final: true, outcome: 'PASSED' }]);
  });

  it('refuses a subscriber from another cooperative', async () => {
    const id = await createProposal(server, coop);
    const other = await createCooperative(server);
    const subscription = subscribe(wsClient(other.admin.token), id);
    for (let waited = 0; subscription.errors.length === 0 && waited < 3000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(JSON.stringify(subscription.errors)).toContain('FORBIDDEN');
  });
});

/** Is something answering on 127.0.0.1:6379? The cross-instance test needs a Redis server. */
function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(6379, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('tallyUpdated across two instances through Redis', () => {
  it('delivers a ballot cast on one instance to a subscriber on the other', async () => {
    if (!(await redisAnswers())) {
      console.warn('skipped: no Redis on 127.0.0.1:6379');
      return;
    }
    const env = { REDIS_URL: 'redis://127.0.0.1:6379' };
    const [a, b] = await Promise.all([TestServer.start(env), TestServer.start(env)]);
    try {
      const coop = await createCooperative(a);
      const voter = await addMember(a, coop);
      await labour(a, coop, voter.id, '1');
      const id = await createProposal(a, coop);
      const subscriber = createClient({ url: a.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${voter.user.token}` }, lazy: false });
      const subscription = subscribe(subscriber, id);
      await new Promise((r) => setTimeout(r, 300));
      await vote(b, voter, id, 'YES');
      expect(await subscription.next(1)).toEqual([{ voters: 1, final: false, outcome: 'PASSED' }]);
      await subscriber.dispose();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
