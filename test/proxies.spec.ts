import { gql } from 'graphql-request';
import { ClientError } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, createCooperative, labour, TestCooperative, TestMember } from './support/factories';
import { CLOSE_PROPOSAL, createProposal, vote } from './support/governance';

const APPOINT = gql`
  mutation ($input: AppointProxyInput!) {
    appointProxy(input: $input) {
      id
      proposalId
      revokedAt
      giver {
        id
      }
      holder {
        id
      }
    }
  }
`;
const REVOKE = `mutation ($id: ID!) { revokeProxy(id: $id) { id revokedAt } }`;
const TALLY = `query ($id: ID!) { proposal(id: $id) { myProxy { id } tally { voters classes { class yes no abstain } } } }`;

interface Tally {
  proposal: { myProxy: { id: string } | null; tally: { voters: number; classes: { class: string; yes: number; no: number; abstain: number }[] } };
}

describe('proxies', () => {
  let server: TestServer;
  let coop: TestCooperative;
  let workers: TestMember[];

  beforeAll(async () => {
    server = await TestServer.start();
    coop = await createCooperative(server);
    workers = await Promise.all([0, 1, 2, 3, 4].map(() => addMember(server, coop)));
    await Promise.all(workers.map((w) => labour(server, coop, w.id, '1')));
  });
  afterAll(() => server.close());

  const appoint = (giver: TestMember, holder: TestMember, proposalId?: string) =>
    server.request<{ appointProxy: { id: string } }>(APPOINT, { input: { holderMemberId: holder.id, proposalId } }, giver.user.token).then((r) => r.appointProxy.id);
  const tally = async (proposalId: string, as: TestMember) => (await server.request<Tally>(TALLY, { id: proposalId }, as.user.token)).proposal;
  const workerCounts = (t: Tally['proposal']) => {
    const w = t.tally.classes.find((c) => c.class === 'WORKER')!;
    return { voters: t.tally.voters, yes: w.yes, no: w.no, abstain: w.abstain };
  };
  const revokeAll = async () => {
    const live = await server.query<{ id: string; giver: string }>(
      `SELECT x.id, u.id AS giver FROM proxies x JOIN members m ON m.id = x.giver_member_id JOIN users u ON u.id = m.user_id WHERE x.cooperative_id = $1 AND x.revoked_at IS NULL`,
      [coop.id],
    );
    // Proxies of closed proposals stay as they were counted.
    for (const { id, giver } of live) await server.request(REVOKE, { id }, workers.find((w) => w.user.id === giver)!.user.token).catch(() => undefined);
  };
  afterEach(revokeAll);

  it("counts the holder's ballot again in the giver's classes, each member once, and a direct ballot always wins", async () => {
    const id = await createProposal(server, coop);
    const proxyId = await appoint(workers[0], workers[1], id);
    await vote(server, workers[1], id, 'YES');
    expect(workerCounts(await tally(id, workers[0]))).toEqual({ voters: 2, yes: 2, no: 0, abstain: 0 });
    expect((await tally(id, workers[0])).myProxy).toEqual({ id: proxyId });
    // The giver votes directly: that ballot counts instead, whichever came first.
    await vote(server, workers[0], id, 'NO');
    expect(workerCounts(await tally(id, workers[0]))).toEqual({ voters: 2, yes: 1, no: 1, abstain: 0 });
    await vote(server, workers[1], id, 'ABSTAIN');
    expect(workerCounts(await tally(id, workers[0]))).toEqual({ voters: 2, yes: 0, no: 1, abstain: 1 });
    const { closeProposal } = await server.request<{ closeProposal: { outcome: string } }>(CLOSE_PROPOSAL, { id }, coop.admin.token);
    expect(closeProposal.outcome).toBe('REJECTED');
  });

  it('uses a standing proxy for every proposal, unless the proposal has its own', async () => {
    const first = await createProposal(server, coop);
    const second = await createProposal(server, coop);
    await appoint(workers[0], workers[1]);
    await appoint(workers[0], workers[2], second);
    await vote(server, workers[1], first, 'YES');
    await vote(server, workers[1], second, 'YES');
    await vote(server, workers[2], second, 'NO');
    expect(workerCounts(await tally(first, workers[0]))).toEqual({ voters: 2, yes: 2, no: 0, abstain: 0 });
    expect(workerCounts(await tally(second, workers[0]))).toEqual({ voters: 3, yes: 1, no: 2, abstain: 0 });
  });

  it('holds the bylaws limit (1 by default) when two members appoint the same holder at once', async () => {
    const id = await createProposal(server, coop);
    const results = await Promise.allSettled([appoint(workers[0], workers[3], id), appoint(workers[1], workers[3], id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect((refused.reason as ClientError).response.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: 'This member already carries 1 proxy; the bylaws allow 1' });
  });

  it('passes no votes on, takes none in anonymous proposals, and cannot be revoked after close', async () => {
    const id = await createProposal(server, coop);
    await appoint(workers[0], workers[1], id);
    // workers[1] gave their own vote away for this proposal: they cannot carry workers[2]'s.
    await appoint(workers[1], workers[3], id);
    const chain = await expectCode(server.request(APPOINT, { input: { holderMemberId: workers[1].id, proposalId: id } }, workers[2].user.token), 'BAD_USER_INPUT');
    expect(chain.extensions?.fields?.[0].field).toBe('holderMemberId');
    // workers[3] votes: workers[1] is counted through it, workers[0] is not (votes are not passed on).
    await vote(server, workers[3], id, 'YES');
    expect(workerCounts(await tally(id, workers[0]))).toEqual({ voters: 2, yes: 2, no: 0, abstain: 0 });

    const anonymous = await createProposal(server, coop, { anonymous: true });
    await expectCode(server.request(APPOINT, { input: { holderMemberId: workers[4].id, proposalId: anonymous } }, workers[2].user.token), 'BAD_USER_INPUT');

    const closing = await createProposal(server, coop);
    const proxyId = await appoint(workers[2], workers[4], closing);
    await server.request(CLOSE_PROPOSAL, { id: closing }, coop.admin.token);
    await expectCode(server.request(REVOKE, { id: proxyId }, workers[2].user.token), 'CONFLICT');
    await expectCode(server.request(APPOINT, { input: { holderMemberId: workers[4].id, proposalId: closing } }, workers[3].user.token), 'CONFLICT');
  });

  it('is refused when the bylaws set proxiesPerHolder to 0, and only the giver revokes', async () => {
    const strict = await createCooperative(server, undefined, { bylaws: { proxiesPerHolder: 0 } });
    const [a, b] = await Promise.all([addMember(server, strict), addMember(server, strict)]);
    await expectCode(server.request(APPOINT, { input: { holderMemberId: b.id } }, a.user.token), 'CONFLICT');
    const proxyId = await appoint(workers[0], workers[1]);
    await expectCode(server.request(REVOKE, { id: proxyId }, workers[1].user.token), 'FORBIDDEN');
  });

  it('audits appointing and revoking', async () => {
    const proxyId = await appoint(workers[2], workers[3]);
    await server.request(REVOKE, { id: proxyId }, workers[2].user.token);
    const actions = await server.query<{ action: string }>(`SELECT action FROM audit_events WHERE cooperative_id = $1 AND subject_id = $2 ORDER BY seq`, [coop.id, proxyId]);
    expect(actions.map((a) => a.action)).toEqual(['PROXY_APPOINTED', 'PROXY_REVOKED']);
  });
});

describe('outcome statements', () => {
  let server: TestServer;
  let coop: TestCooperative;
  beforeAll(async () => {
    server = await TestServer.start();
    coop = await createCooperative(server);
  });
  afterAll(() => server.close());

  const RECORD = `mutation ($input: OutcomeStatementInput!) { recordOutcomeStatement(input: $input) { statement reviewOn recordedAt } }`;

  it('are recorded by a coordinator after close, with a review date; the latest shows and every version is kept', async () => {
    const id = await createProposal(server, coop);
    await expectCode(server.request(RECORD, { input: { proposalId: id, statement: 'Too early' } }, coop.admin.token), 'CONFLICT');
    await server.request(CLOSE_PROPOSAL, { id }, coop.admin.token);
    const member = await addMember(server, coop);
    await expectCode(server.request(RECORD, { input: { proposalId: id, statement: 'Not mine to say' } }, member.user.token), 'FORBIDDEN');
    await server.request(RECORD, { input: { proposalId: id, statement: 'We buy the oven.', reviewOn: '2027-06-01' } }, coop.admin.token);
    await server.request(RECORD, { input: { proposalId: id, statement: 'We buy the bigger oven.', reviewOn: '2027-09-01' } }, coop.admin.token);
    const { proposal } = await server.request<{ proposal: { outcomeStatement: { statement: string; reviewOn: string } } }>(
      `query ($id: ID!) { proposal(id: $id) { outcomeStatement { statement reviewOn } } }`,
      { id },
      member.user.token,
    );
    expect(proposal.outcomeStatement).toEqual({ statement: 'We buy the bigger oven.', reviewOn: '2027-09-01' });
    expect(await server.query(`SELECT statement FROM outcome_statements WHERE proposal_id = $1 ORDER BY seq`, [id])).toEqual([{ statement: 'We buy the oven.' }, { statement: 'We buy the bigger oven.' }]);
    await expectCode(server.request(RECORD, { input: { proposalId: id, statement: '   ' } }, coop.admin.token), 'BAD_USER_INPUT');
  });
});
