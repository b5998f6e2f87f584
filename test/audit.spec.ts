import { gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, capital, createCooperative, labour, signUp } from './support/factories';
import { CLOSE_PROPOSAL, createProposal, vote } from './support/governance';

const AUDIT_LOG = gql`
  query ($id: ID!, $after: String) {
    auditLog(cooperativeId: $id, first: 100, after: $after) {
      totalCount
      edges {
        node {
          seq
          action
          actorUserId
          subjectId
          data
          prevHash
          hash
        }
      }
    }
  }
`;
const VERIFY = gql`
  query ($id: ID!) {
    verifyAuditChain(cooperativeId: $id) {
      valid
      checked
      firstBrokenAt
    }
  }
`;

type Log = { auditLog: { totalCount: number; edges: { node: { seq: number; action: string; actorUserId: string | null; subjectId: string | null; data: Record<string, unknown>; prevHash: string; hash: string } }[] } };

describe('the tamper-evident audit log', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  it('chains every recorded change of a cooperative, in order, with who did it', async () => {
    const coop = await createCooperative(server);
    const worker = await addMember(server, coop);
    await labour(server, coop, worker.id, '2');
    await capital(server, coop, worker.id, '10.00');
    const proposal = await createProposal(server, coop);
    await vote(server, worker, proposal, 'YES');
    await server.request(CLOSE_PROPOSAL, { id: proposal }, coop.admin.token);

    const { auditLog } = await server.request<Log>(AUDIT_LOG, { id: coop.id }, worker.user.token);
    expect(auditLog.edges.map((e) => e.node.action)).toEqual(['COOPERATIVE_CREATED', 'MEMBERS_INVITED', 'INVITATION_ACCEPTED', 'UNITS_RECORDED', 'UNITS_RECORDED', 'PROPOSAL_CREATED', 'PROPOSAL_OPENED', 'PROPOSAL_CLOSED']);
    expect(auditLog.edges.map((e) => e.node.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(auditLog.edges[0].node.prevHash).toBe('0'.repeat(64));
    auditLog.edges.slice(1).forEach((e, i) => expect(e.node.prevHash).toBe(auditLog.edges[i].node.hash));
    expect(auditLog.edges[0].node.actorUserId).toBe(coop.admin.id);
    // The invitation is the coordinator's act; accepting it is the new member's.
    expect(auditLog.edges[1].node).toMatchObject({ actorUserId: coop.admin.id, data: { memberIds: [worker.id], roles: [['MEMBER']] } });
    expect(auditLog.edges[2].node).toMatchObject({ actorUserId: worker.user.id, subjectId: worker.id });
    expect(auditLog.edges[3].node.data).toMatchObject({ kind: 'LABOUR', class: 'WORKER', units: '2', hours: '2' });
    expect(auditLog.edges[6].node.data).toMatchObject({ title: 'Buy an oven', eligible: 1 });
    expect(auditLog.edges[7].node.data).toMatchObject({ outcome: 'PASSED', weightedSupport: '1', closedBy: 'COORDINATOR' });
    expect(await server.request(VERIFY, { id: coop.id }, coop.admin.token)).toEqual({ verifyAuditChain: { valid: true, checked: 8, firstBrokenAt: null } });
  });

  it('records licensing money: licences granted and payments (replays add nothing)', async () => {
    const coop = await createCooperative(server);
    const { registerWork } = await server.request<{ registerWork: { id: string } }>(gql`mutation ($input: RegisterWorkInput!) { registerWork(input: $input) { id } }`, { input: { cooperativeId: coop.id, title: 'OpenHouse' } }, coop.admin.token);
    const { registerLicensee } = await server.request<{ registerLicensee: { id: string } }>(
      gql`mutation ($input: RegisterLicenseeInput!) { registerLicensee(input: $input) { id } }`,
      { input: { cooperativeId: coop.id, name: 'Acme Ltd', email: `acme-${coop.slug}@example.org`, use: 'COMMERCIAL' } },
      coop.admin.token,
    );
    await server.request(
      gql`mutation ($input: GrantLicenseInput!) { grantCommercialLicense(input: $input) { id } }`,
      { input: { licenseeId: registerLicensee.id, workId: registerWork.id, startsOn: '2026-01-01', fee: { period: 'MONTHLY', amount: '250.00' } } },
      coop.admin.token,
    );
    const pay = () => server.request(gql`mutation ($input: RecordPaymentInput!) { recordPayment(input: $input) { id } }`, { input: { licenseeId: registerLicensee.id, amount: '500.00', idempotencyKey: 'k1' } }, coop.admin.token);
    await pay();
    await pay();
    const { auditLog } = await server.request<Log>(AUDIT_LOG, { id: coop.id }, coop.admin.token);
    expect(auditLog.edges.map((e) => e.node.action)).toEqual(['COOPERATIVE_CREATED', 'LICENSE_GRANTED', 'PAYMENT_RECORDED']);
    expect(auditLog.edges[2].node.data).toMatchObject({ licenseeId: registerLicensee.id, amount: '500.00', idempotencyKey: 'k1' });
  });

  it('keeps one unbroken chain under concurrent writes', async () => {
    const coop = await createCooperative(server);
    const members = await Promise.all([1, 2, 3, 4].map(() => addMember(server, coop)));
    await Promise.all(members.flatMap((m) => [labour(server, coop, m.id, '1'), labour(server, coop, m.id, '2'), capital(server, coop, m.id, '5.00')]));
    const { auditLog } = await server.request<Log>(AUDIT_LOG, { id: coop.id }, coop.admin.token);
    // Creation, an invitation and its acceptance per member, three register entries per member.
    expect(auditLog.totalCount).toBe(1 + 4 * 2 + 12);
    expect(await server.request(VERIFY, { id: coop.id }, coop.admin.token)).toEqual({ verifyAuditChain: { valid: true, checked: 21, firstBrokenAt: null } });
  });

  it('refuses changes in the database and detects an event forged behind the trigger', async () => {
    const coop = await createCooperative(server);
    const worker = await addMember(server, coop);
    await labour(server, coop, worker.id, '3');
    await expect(server.query(`UPDATE audit_events SET action = 'NOTHING' WHERE cooperative_id = $1`, [coop.id])).rejects.toThrow(/immutable/);
    await expect(server.query(`DELETE FROM audit_events WHERE cooperative_id = $1`, [coop.id])).rejects.toThrow(/immutable/);

    // Someone with the power to switch the trigger off still cannot rewrite history unseen.
    const client = await server.db.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_immutable');
      await client.query(`UPDATE audit_events SET data = '{"kind":"LABOUR","units":"300"}' WHERE cooperative_id = $1 AND seq = 3`, [coop.id]);
      await client.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_immutable');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await server.request(VERIFY, { id: coop.id }, coop.admin.token)).toEqual({ verifyAuditChain: { valid: false, checked: 2, firstBrokenAt: 3 } });
  });

  it('is for members only', async () => {
    const coop = await createCooperative(server);
    const stranger = await signUp(server);
    await expectCode(server.request(AUDIT_LOG, { id: coop.id }, stranger.token), 'FORBIDDEN');
    await expectCode(server.request(VERIFY, { id: coop.id }), 'UNAUTHENTICATED');
  });
});
