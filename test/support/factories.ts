import { randomBytes } from 'node:crypto';
import { gql } from 'graphql-request';
import { TestServer } from './harness';

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

export async function signUp(server: TestServer, name = unique('user')): Promise<TestUser> {
  const email = `${name}@example.org`;
  const { signUp } = await server.request<{ signUp: { token: string; user: { id: string; email: string } } }>(SIGN_UP, {
    input: { email, password: 'correct horse battery', displayName: name },
  });
  return { id: signUp.user.id, email: signUp.user.email, token: signUp.token };
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
