import { gql } from 'graphql-request';
import { expectCode, TestServer } from './support/harness';
import { addMember, createCooperative, invite, signUp, signUpUnverified, TestCooperative, unique } from './support/factories';
import { mailedToken } from './support/mailbox';

const ADD_MEMBER = gql`
  mutation ($input: AddMemberInput!) {
    addMember(input: $input) {
      id
      status
      roles
      user {
        id
      }
      invitedEmail
    }
  }
`;
const INVITE_MEMBERS = gql`
  mutation ($input: InviteMembersInput!) {
    inviteMembers(input: $input) {
      id
      status
      invitedClass
    }
  }
`;
const ACCEPT = gql`
  mutation ($token: String!) {
    acceptInvitation(token: $token) {
      id
      status
      user {
        id
      }
    }
  }
`;
const MY_MEMBERSHIPS = gql`
  {
    me {
      memberships {
        id
        status
      }
    }
  }
`;
const MEMBERS = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      members(first: 100) {
        totalCount
        edges {
          node {
            id
            status
            invitedEmail
            user {
              id
              memberships {
                id
              }
            }
          }
        }
      }
    }
  }
`;
const CAP_TABLE = gql`
  query ($slug: String!) {
    cooperative(slug: $slug) {
      capTable {
        unallocatedShare
      }
    }
  }
`;
const LEAVE = gql`
  mutation ($id: ID!) {
    leaveCooperative(memberId: $id) {
      id
      status
    }
  }
`;
const REQUEST_RESET = gql`
  mutation ($email: String!) {
    requestPasswordReset(email: $email)
  }
`;
const RESET = gql`
  mutation ($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword) {
      token
      user {
        emailVerified
      }
    }
  }
`;
const ME = gql`
  {
    me {
      id
      emailVerified
    }
  }
`;

describe('joining by invitation, never by a matching email', () => {
  let server: TestServer;
  let coop: TestCooperative;
  beforeAll(async () => {
    server = await TestServer.start();
    coop = await createCooperative(server);
  });
  afterAll(() => server.close());

  it('an invited member has no rights until a verified account of the address accepts', async () => {
    const person = await signUp(server);
    const { addMember: invited } = await server.request<{ addMember: { id: string; status: string; user: null; invitedEmail: string } }>(
      ADD_MEMBER,
      { input: { cooperativeId: coop.id, email: person.email.toUpperCase() } },
      coop.admin.token,
    );
    expect(invited).toMatchObject({ status: 'INVITED', user: null, invitedEmail: person.email });
    // Invited, not yet a member: the cooperative stays closed to them.
    await expectCode(server.request(CAP_TABLE, { slug: coop.slug }, person.token), 'FORBIDDEN');
    expect((await server.request<{ me: { memberships: unknown[] } }>(MY_MEMBERSHIPS, {}, person.token)).me.memberships).toEqual([]);

    const token = await mailedToken(server, person.email, 'accept-invitation');
    const { acceptInvitation } = await server.request<{ acceptInvitation: { id: string; status: string; user: { id: string } } }>(ACCEPT, { token }, person.token);
    expect(acceptInvitation).toEqual({ id: invited.id, status: 'ACTIVE', user: { id: person.id } });
    await server.request(CAP_TABLE, { slug: coop.slug }, person.token);
    // Each link works once.
    await expectCode(server.request(ACCEPT, { token }, person.token), 'NOT_FOUND');
  });

  it('takeover 1: signing up with an address before it is invited gains nothing', async () => {
    const victimEmail = `${unique('victim')}@example.org`;
    // The attacker registers the victim's address first, but cannot verify it: the link goes to the victim.
    const attacker = await signUpUnverified(server, victimEmail.replace('@example.org', ''));
    await server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: victimEmail } }, coop.admin.token);
    expect((await server.request<{ me: { memberships: unknown[] } }>(MY_MEMBERSHIPS, {}, attacker.token)).me.memberships).toEqual([]);
    await expectCode(server.request(CAP_TABLE, { slug: coop.slug }, attacker.token), 'FORBIDDEN');
    // Even holding the invitation link, an unverified account cannot accept it.
    const invitation = await mailedToken(server, victimEmail, 'accept-invitation');
    const refused = await expectCode(server.request(ACCEPT, { token: invitation }, attacker.token), 'FORBIDDEN');
    expect(refused.message).toMatch(/Verify your email address/);

    // The owner of the mailbox takes the address back with a password reset: that verifies it and ends the attacker's sessions.
    expect(await server.request(REQUEST_RESET, { email: victimEmail })).toEqual({ requestPasswordReset: true });
    const { resetPassword } = await server.request<{ resetPassword: { token: string; user: { emailVerified: boolean } } }>(RESET, {
      token: await mailedToken(server, victimEmail, 'reset-password'),
      newPassword: 'the owner now holds it',
    });
    expect(resetPassword.user.emailVerified).toBe(true);
    await expectCode(server.request(ME, {}, attacker.token), 'UNAUTHENTICATED');
    const { acceptInvitation } = await server.request<{ acceptInvitation: { status: string } }>(ACCEPT, { token: invitation }, resetPassword.token);
    expect(acceptInvitation.status).toBe('ACTIVE');
  });

  it('a verified account of another address cannot use the link, and the link stays usable', async () => {
    const invitee = await signUp(server);
    const other = await signUp(server);
    await server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: invitee.email } }, coop.admin.token);
    const token = await mailedToken(server, invitee.email, 'accept-invitation');
    const before = await server.counts(['members', 'audit_events']);
    const error = await expectCode(server.request(ACCEPT, { token }, other.token), 'FORBIDDEN');
    expect(error.message).toMatch(/sent to another address/);
    expect(await server.counts(['members', 'audit_events'])).toEqual(before);
    expect((await server.request<{ acceptInvitation: { status: string } }>(ACCEPT, { token }, invitee.token)).acceptInvitation.status).toBe('ACTIVE');
  });

  it('two concurrent acceptances of one link: exactly one succeeds', async () => {
    const invitee = await signUp(server);
    await server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: invitee.email } }, coop.admin.token);
    const token = await mailedToken(server, invitee.email, 'accept-invitation');
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => server.request(ACCEPT, { token }, invitee.token)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [{ n }] = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM members WHERE user_id = $1`, [invitee.id]);
    expect(n).toBe(1);
  });

  it('invites 1,000 addresses in one call, all or none', async () => {
    const big = await createCooperative(server);
    const prefix = unique('bulk');
    const invitations = Array.from({ length: 1000 }, (_, i) => ({ email: `${prefix}-${i}@example.org`, stakeholderClass: i % 2 ? 'WORKER' : 'USER' }));
    const tables = ['members', 'mail_outbox', 'action_tokens', 'audit_events'];

    const before = await server.counts(tables);
    const duplicate = await expectCode(
      server.request(INVITE_MEMBERS, { input: { cooperativeId: big.id, invitations: [...invitations.slice(0, 5), { email: invitations[2].email.toUpperCase() }] } }, big.admin.token),
      'BAD_USER_INPUT',
    );
    expect(duplicate.extensions?.fields).toEqual([{ field: 'invitations[5].email', message: 'appears more than once' }]);
    await expectCode(server.request(INVITE_MEMBERS, { input: { cooperativeId: big.id, invitations: [...invitations, { email: 'one-too-many@example.org' }] } }, big.admin.token), 'BAD_USER_INPUT');
    expect(await server.counts(tables)).toEqual(before);

    const { inviteMembers } = await server.request<{ inviteMembers: { id: string; status: string; invitedClass: string }[] }>(INVITE_MEMBERS, { input: { cooperativeId: big.id, invitations } }, big.admin.token);
    expect(inviteMembers).toHaveLength(1000);
    expect(new Set(inviteMembers.map((m) => m.status))).toEqual(new Set(['INVITED']));
    expect(inviteMembers.slice(0, 2).map((m) => m.invitedClass)).toEqual(['USER', 'WORKER']);
    const after = await server.counts(tables);
    expect(after.members - before.members).toBe(1000);
    expect(after.mail_outbox - before.mail_outbox).toBe(1000);
    expect(after.action_tokens - before.action_tokens).toBe(1000);

    // Inviting any of them again is a CONFLICT naming the address, and writes nothing.
    const again = await expectCode(server.request(INVITE_MEMBERS, { input: { cooperativeId: big.id, invitations: [{ email: 'new-one@example.org' }, invitations[7]] } }, big.admin.token), 'CONFLICT');
    expect(again.extensions?.fields).toEqual([{ field: 'invitations[1].email', message: 'already has an invitation pending' }]);
    expect(await server.counts(tables)).toEqual(after);
  });

  it('only coordinators invite, and only an ADMIN may give roles', async () => {
    const member = await addMember(server, coop);
    await expectCode(server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: `${unique('x')}@example.org` } }, member.user.token), 'FORBIDDEN');
    const coordinator = await addMember(server, coop, undefined, ['COORDINATOR']);
    await expectCode(server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: `${unique('x')}@example.org`, roles: ['COORDINATOR'] } }, coordinator.user.token), 'FORBIDDEN');
    const outsider = await createCooperative(server);
    await expectCode(server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: `${unique('x')}@example.org` } }, outsider.admin.token), 'FORBIDDEN');
  });

  it('an unverified account can create nothing and apply for nothing', async () => {
    const fresh = await signUpUnverified(server);
    const error = await expectCode(
      server.request(gql`mutation ($input: CreateCooperativeInput!) { createCooperative(input: $input) { id } }`, { input: { name: 'Nope', slug: unique('nope'), currency: 'EUR' } }, fresh.token),
      'FORBIDDEN',
    );
    expect(error.message).toMatch(/Verify your email address/);
    await expectCode(
      server.request(gql`mutation ($input: ApplyInput!) { applyForMembership(input: $input) { id } }`, { input: { cooperativeId: coop.id, stakeholderClass: 'USER' } }, fresh.token),
      'FORBIDDEN',
    );
  });

  it("shows other members' memberships elsewhere to nobody, and invited addresses only to coordinators", async () => {
    const elsewhere = await createCooperative(server);
    const member = await addMember(server, coop);
    await invite(server, elsewhere, member.user);
    await server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: `${unique('pending')}@example.org` } }, coop.admin.token);

    const asMember = await server.request<{ cooperative: { members: { edges: { node: { invitedEmail: string | null; status: string } }[] } } }>(
      gql`query ($slug: String!) { cooperative(slug: $slug) { members(first: 100) { edges { node { status invitedEmail } } } } }`,
      { slug: coop.slug },
      member.user.token,
    );
    const pending = asMember.cooperative.members.edges.filter((e) => e.node.status === 'INVITED');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((e) => e.node.invitedEmail === null)).toBe(true);
    const asAdmin = await server.request<{ cooperative: { members: { edges: { node: { invitedEmail: string | null; status: string } }[] } } }>(
      gql`query ($slug: String!) { cooperative(slug: $slug) { members(first: 100) { edges { node { status invitedEmail } } } } }`,
      { slug: coop.slug },
      coop.admin.token,
    );
    expect(asAdmin.cooperative.members.edges.filter((e) => e.node.status === 'INVITED').every((e) => e.node.invitedEmail?.endsWith('@example.org'))).toBe(true);

    // Reading another member's memberships is refused; one's own are shown.
    const error = await expectCode(server.request(MEMBERS, { slug: coop.slug }, coop.admin.token), 'FORBIDDEN');
    expect(error.message).toMatch(/their own business/);
    const own = await server.request<{ me: { memberships: { id: string }[] } }>(MY_MEMBERSHIPS, {}, member.user.token);
    expect(own.me.memberships).toHaveLength(2);
  });

  it('only an ADMIN removes an ADMIN', async () => {
    const local = await createCooperative(server);
    const secondAdmin = await addMember(server, local, undefined, ['ADMIN']);
    const coordinator = await addMember(server, local, undefined, ['COORDINATOR']);
    const error = await expectCode(server.request(LEAVE, { id: secondAdmin.id }, coordinator.user.token), 'FORBIDDEN');
    expect(error.message).toBe('Only an ADMIN can remove an ADMIN');
    expect((await server.request<{ leaveCooperative: { status: string } }>(LEAVE, { id: secondAdmin.id }, local.admin.token)).leaveCooperative.status).toBe('LEFT');
  });
});
