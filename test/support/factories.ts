import { randomBytes } from 'node:crypto';
import { gql } from 'graphql-request';
import { TestServer } from './harness';
import { mailedToken } from './mailbox';

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

const SIGN_UP = gql`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      user {
        id
        email
      }
    }
  }
`;

const VERIFY_EMAIL = gql`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token) {
      id
    }
  }
`;

/** A new account whose address is not verified yet: it can be linked to nothing. */
export async function signUpUnverified(server: TestServer, name = unique('user')): Promise<TestUser> {
  const email = `${name}@example.org`;
  const { signUp } = await server.request<{ signUp: { token: string; user: { id: string; email: string } } }>(SIGN_UP, {
    input: { email, password: 'correct horse battery', displayName: name },
  });
  return { id: signUp.user.id, email: signUp.user.email, token: signUp.token };
}

/** A new account, verified through the link mailed to it. */
export async function signUp(server: TestServer, name = unique('user')): Promise<TestUser> {
  const user = await signUpUnverified(server, name);
  await server.request(VERIFY_EMAIL, { token: await mailedToken(server, user.email, 'verify-email') });
  return user;
}

export interface TestCooperative {
  id: string;
  slug: string;
  admin: TestUser;
}

const CREATE_COOPERATIVE = gql`
  mutation CreateCooperative($input: CreateCooperativeInput!) {
    createCooperative(input: $input) {
      id
      slug
    }
  }
`;

export async function createCooperative(server: TestServer, admin?: TestUser, input: Record<string, unknown> = {}): Promise<TestCooperative> {
  const owner = admin ?? (await signUp(server));
  const slug = unique('coop');
  const { createCooperative } = await server.request<{ createCooperative: { id: string; slug: string } }>(
    CREATE_COOPERATIVE,
    { input: { name: `Cooperative ${slug}`, slug, currency: 'EUR', ...input } },
    owner.token,
  );
  return { ...createCooperative, admin: owner };
}

export interface TestMember {
  id: string;
  user: TestUser;
}

const ADD_MEMBER = gql`
  mutation AddMember($input: AddMemberInput!) {
    addMember(input: $input) {
      id
    }
  }
`;

const ACCEPT_INVITATION = gql`
  mutation AcceptInvitation($token: String!) {
    acceptInvitation(token: $token) {
      id
      status
    }
  }
`;

/** The cooperative's admin invites the user's address, and the user accepts the mailed invitation. */
export async function invite(server: TestServer, coop: TestCooperative, user: TestUser, roles: string[] = []): Promise<TestMember> {
  await server.request(ADD_MEMBER, { input: { cooperativeId: coop.id, email: user.email, roles } }, coop.admin.token);
  const token = await mailedToken(server, user.email, 'accept-invitation');
  const { acceptInvitation } = await server.request<{ acceptInvitation: { id: string } }>(ACCEPT_INVITATION, { token }, user.token);
  return { id: acceptInvitation.id, user };
}

/** Signs up and verifies a new user, who joins the cooperative by invitation. */
export async function addMember(server: TestServer, coop: TestCooperative, name = unique('member'), roles: string[] = []): Promise<TestMember> {
  return invite(server, coop, await signUp(server, name), roles);
}

/** The admin's own member id in the cooperative. */
export async function adminMemberId(server: TestServer, coop: TestCooperative): Promise<string> {
  const { cooperative } = await server.request<{ cooperative: { myMembership: { id: string } } }>(
    gql`
      query ($slug: String!) {
        cooperative(slug: $slug) {
          myMembership {
            id
          }
        }
      }
    `,
    { slug: coop.slug },
    coop.admin.token,
  );
  return cooperative.myMembership.id;
}

export const RECORD_LABOUR = gql`
  mutation RecordLabour($input: RecordLabourInput!) {
    recordLabour(input: $input) {
      id
      units
      hours
      class
      kind
    }
  }
`;
export const RECORD_CAPITAL = gql`
  mutation RecordCapital($input: RecordMoneyInput!) {
    recordCapital(input: $input) {
      id
      units
      class
      journalEntryId
    }
  }
`;
export const RECORD_PATRONAGE = gql`
  mutation RecordPatronage($input: RecordMoneyInput!) {
    recordPatronage(input: $input) {
      id
      units
    }
  }
`;
export const ISSUE_FOUNDER_UNITS = gql`
  mutation IssueFounderUnits($input: MemberRefInput!) {
    issueFounderUnits(input: $input) {
      id
      units
      class
    }
  }
`;

export const labour = (server: TestServer, coop: TestCooperative, memberId: string, hours: string) =>
  server.request(RECORD_LABOUR, { input: { memberId, hours, description: 'work', occurredOn: '2026-01-15' } }, coop.admin.token);
export const capital = (server: TestServer, coop: TestCooperative, memberId: string, amount: string) => server.request(RECORD_CAPITAL, { input: { memberId, amount } }, coop.admin.token);
export const patronage = (server: TestServer, coop: TestCooperative, memberId: string, amount: string) => server.request(RECORD_PATRONAGE, { input: { memberId, amount } }, coop.admin.token);
export const founderUnit = (server: TestServer, coop: TestCooperative, memberId: string) => server.request(ISSUE_FOUNDER_UNITS, { input: { memberId } }, coop.admin.token);

const INVITE_LICENSEE_ACCOUNT = gql`
  mutation InviteLicenseeAccount($licenseeId: ID!) {
    inviteLicenseeAccount(licenseeId: $licenseeId) {
      id
    }
  }
`;
const ACCEPT_LICENSEE_INVITATION = gql`
  mutation AcceptLicenseeInvitation($token: String!) {
    acceptLicenseeInvitation(token: $token) {
      id
    }
  }
`;

/** A coordinator invites the licensee's address, and the user (a verified account of it) accepts. */
export async function linkLicenseeAccount(server: TestServer, coop: TestCooperative, licenseeId: string, user: TestUser): Promise<void> {
  await server.request(INVITE_LICENSEE_ACCOUNT, { licenseeId }, coop.admin.token);
  const token = await mailedToken(server, user.email, 'accept-licensee-invitation');
  await server.request(ACCEPT_LICENSEE_INVITATION, { token }, user.token);
}
