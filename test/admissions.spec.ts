import { gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, adminMemberId, capital, createCooperative, labour, signUp } from './support/factories';

const APPLY = gql`
  mutation ($input: ApplyInput!) {
    applyForMembership(input: $input) {
      id
      status
      stakeholderClass
    }
  }
`;
const DECIDE = gql`
  mutation ($input: DecideApplicationInput!) {
    decideApplication(input: $input) {
      id
      status
      decisionReason
    }
  }
`;
const WITHDRAW = gql`
  mutation ($id: ID!) {
    withdrawApplication(applicationId: $id) {
      status
    }
  }
`;
const LEAVE = gql`
  mutation ($id: ID!) {
    leaveCooperative(memberId: $id) {
      id
      status
      classes
    }
  }
`;
const SET_ROLES = gql`
  mutation ($input: SetMemberRolesInput!) {
    setMemberRoles(input: $input) {
      roles
    }
  }
`;
const ME = gql`
  {
    me {
      memberships {
        id
        status
        roles
        cooperative {
          id
        }
      }
    }
  }
`;
const ADD_MEMBER = gql`
  mutation ($input: AddMemberInput!) {
    addMember(input: $input) {
      id
      roles
    }
  }
`;
const PENDING = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      pendingApplications {
        id
      }
    }
  }
`;

const TABLES = ['members', 'membership_applications', 'unit_entries'];

describe('admissions: applications, the venture-commune rule, leaving', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  it('admits an applicant as a member after a coordinator decides', async () => {
    const coop = await createCooperative(server);
    const applicant = await signUp(server);
    const { applyForMembership } = await server.request<{ applyForMembership: { id: string; status: string } }>(APPLY, { input: { cooperativeId: coop.id, stakeholderClass: 'USER', statement: 'I buy bread here' } }, applicant.token);
    expect(applyForMembership.status).toBe('PENDING');
    expect(await server.request(PENDING, { slug: coop.slug }, coop.admin.token)).toEqual({ cooperative: { pendingApplications: [{ id: applyForMembership.id }] } });
    await expectCode(server.request(APPLY, { input: { cooperativeId: coop.id, stakeholderClass: 'USER' } }, applicant.token), 'CONFLICT');

    const { decideApplication } = await server.request<{ decideApplication: { status: string } }>(DECIDE, { input: { applicationId: applyForMembership.id, decision: 'ADMIT' } }, coop.admin.token);
    expect(decideApplication.status).toBe('ADMITTED');
    const { me } = await server.request<{ me: { memberships: { status: string; roles: string[]; cooperative: { id: string } }[] } }>(ME, {}, applicant.token);
    expect(me.memberships).toEqual([{ id: expect.any(String), status: 'ACTIVE', roles: ['MEMBER'], cooperative: { id: coop.id } }]);
    await expectCode(server.request(DECIDE, { input: { applicationId: applyForMembership.id, decision: 'REJECT' } }, coop.admin.token), 'CONFLICT');
  });

  it('lets only a coordinator of that cooperative decide, and the applicant withdraw', async () => {
    const coop = await createCooperative(server);
    const applicant = await signUp(server);
    const plain = await addMember(server, coop);
    const { applyForMembership } = await server.request<{ applyForMembership: { id: string } }>(APPLY, { input: { cooperativeId: coop.id, stakeholderClass: 'FUNDER' } }, applicant.token);
    const before = await server.counts(TABLES);
    await expectCode(server.request(DECIDE, { input: { applicationId: applyForMembership.id, decision: 'ADMIT' } }, plain.user.token), 'FORBIDDEN');
    await expectCode(server.request(DECIDE, { input: { applicationId: applyForMembership.id, decision: 'ADMIT' } }, (await createCooperative(server)).admin.token), 'FORBIDDEN');
    await expectCode(server.request(WITHDRAW, { id: applyForMembership.id }, plain.user.token), 'FORBIDDEN');
    expect(await server.counts(TABLES)).toEqual({ ...before, members: before.members + 1 });
    expect(await server.request(WITHDRAW, { id: applyForMembership.id }, applicant.token)).toEqual({ withdrawApplication: { status: 'WITHDRAWN' } });
  });

  it('refuses to reject a WORKER application from someone whose labour is recorded (venture-commune rule)', async () => {
    const coop = await createCooperative(server);
    const worker = await addMember(server, coop);
    await labour(server, coop, worker.id, '12');
    await server.request(LEAVE, { id: worker.id }, worker.user.token);

    const { applyForMembership } = await server.request<{ applyForMembership: { id: string } }>(APPLY, { input: { cooperativeId: coop.id, stakeholderClass: 'WORKER' } }, worker.user.token);
    const before = await server.counts(TABLES);
    const error = await expectCode(server.request(DECIDE, { input: { applicationId: applyForMembership.id, decision: 'REJECT', reason: 'no' } }, coop.admin.token), 'CONFLICT');
    expect(error.message).toMatch(/recorded labour .* right to WORKER membership/);
    expect(await server.counts(TABLES)).toEqual(before);

    const { decideApplication } = await server.request<{ decideApplication: { status: string } }>(DECIDE, { input: { applicationId: applyForMembership.id, decision: 'ADMIT' } }, coop.admin.token);
    expect(decideApplication.status).toBe('ADMITTED');
  });

  it('can reject a WORKER application from someone without recorded labour', async () => {
    const coop = await createCooperative(server);
    const applicant = await signUp(server);
    const { applyForMembership } = await server.request<{ applyForMembership: { id: string } }>(APPLY, { input: { cooperativeId: coop.id, stakeholderClass: 'WORKER' } }, applicant.token);
    const { decideApplication } = await server.request<{ decideApplication: { status: string; decisionReason: string } }>(
      DECIDE,
      { input: { applicationId: applyForMembership.id, decision: 'REJECT', reason: 'No work yet' } },
      coop.admin.token,
    );
    expect(decideApplication).toMatchObject({ status: 'REJECTED', decisionReason: 'No work yet' });
  });

  it('cancels units by register entries when a member leaves, keeping the history', async () => {
    const coop = await createCooperative(server);
    const member = await addMember(server, coop);
    await labour(server, coop, member.id, '3');
    await capital(server, coop, member.id, '25.00');
    const { leaveCooperative } = await server.request<{ leaveCooperative: { status: string; classes: string[] } }>(LEAVE, { id: member.id }, member.user.token);
    expect(leaveCooperative).toMatchObject({ status: 'LEFT', classes: [] });
    const entries = await server.query<{ kind: string; class: string; units: string }>(
      `SELECT kind, stakeholder_class AS class, units::text FROM unit_entries WHERE member_id = $1 ORDER BY seq`,
      [member.id],
    );
    expect(entries).toEqual([
      { kind: 'LABOUR', class: 'WORKER', units: '3' },
      { kind: 'CAPITAL', class: 'FUNDER', units: '25' },
      { kind: 'CANCELLATION', class: 'FUNDER', units: '-25' },
      { kind: 'CANCELLATION', class: 'WORKER', units: '-3' },
    ]);
    await expectCode(server.request(LEAVE, { id: member.id }, coop.admin.token), 'CONFLICT');
    await expectCode(labour(server, coop, member.id, '1'), 'CONFLICT');
  });

  it('keeps at least one ADMIN: the last one can neither leave nor drop the role', async () => {
    const coop = await createCooperative(server);
    const adminId = await adminMemberId(server, coop);
    await expectCode(server.request(LEAVE, { id: adminId }, coop.admin.token), 'CONFLICT');
    await expectCode(server.request(SET_ROLES, { input: { memberId: adminId, roles: ['COORDINATOR'] } }, coop.admin.token), 'CONFLICT');
    const second = await addMember(server, coop, undefined, ['ADMIN']);
    expect(await server.request(SET_ROLES, { input: { memberId: adminId, roles: ['COORDINATOR'] } }, coop.admin.token)).toEqual({ setMemberRoles: { roles: ['MEMBER', 'COORDINATOR'] } });
    await expectCode(server.request(SET_ROLES, { input: { memberId: second.id, roles: [] } }, coop.admin.token), 'FORBIDDEN');
  });

  it('invites members by address: an existing member is CONFLICT, roles need an ADMIN', async () => {
    const coop = await createCooperative(server);
    const coordinator = await addMember(server, coop, undefined, ['COORDINATOR']);
    const newcomer = await signUp(server);
    const before = await server.counts(TABLES);
    const conflictError = await expectCode(server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: coordinator.user.email } }, coop.admin.token), 'CONFLICT');
    expect(conflictError.extensions?.fields).toEqual([{ field: 'email', message: 'is already a member' }]);
    await expectCode(server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: newcomer.email, roles: ['ADMIN'] } }, coordinator.user.token), 'FORBIDDEN');
    expect(await server.counts(TABLES)).toEqual(before);
    const { addMember: added } = await server.request<{ addMember: { roles: string[] } }>(ADD_MEMBER, { input: { cooperativeId: coop.id, email: newcomer.email } }, coordinator.user.token);
    expect(added.roles).toEqual(['MEMBER']);
  });
});
