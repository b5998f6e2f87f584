import { gql } from 'graphql-request';
import { expectCode, TEST_JWT_SECRET, TestServer } from './support/harness';
import { signUp, unique } from './support/factories';
import { accessTokenSigner } from 'src/identity/access-token';

const SIGN_UP = gql`
  mutation ($input: SignUpInput!) {
    signUp(input: $input) {
      token
      expiresAt
      user {
        id
        email
        displayName
      }
    }
  }
`;
const LOG_IN = gql`
  mutation ($input: LogInInput!) {
    logIn(input: $input) {
      token
      user {
        id
      }
    }
  }
`;
const ME = gql`
  {
    me {
      id
      email
      memberships {
        roles
        cooperative {
          slug
        }
      }
    }
  }
`;

describe('identity over GraphQL', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  it('signs up, logs in and answers me with the memberships', async () => {
    const email = `${unique('ada')}@Example.org`;
    const { signUp: payload } = await server.request<{ signUp: { token: string; expiresAt: string; user: { id: string; email: string; displayName: string } } }>(SIGN_UP, {
      input: { email, password: 'correct horse battery', displayName: 'Ada' },
    });
    expect(payload.user.email).toBe(email.toLowerCase());
    expect(new Date(payload.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const { logIn } = await server.request<{ logIn: { token: string; user: { id: string } } }>(LOG_IN, { input: { email, password: 'correct horse battery' } });
    expect(logIn.user.id).toBe(payload.user.id);

    const { me } = await server.request<{ me: { id: string; memberships: unknown[] } }>(ME, {}, logIn.token);
    expect(me).toEqual({ id: payload.user.id, email: email.toLowerCase(), memberships: [] });
  });

  it('refuses a duplicate email (in any case) with CONFLICT and writes nothing', async () => {
    const user = await signUp(server);
    const before = await server.counts(['users']);
    await expectCode(server.request(SIGN_UP, { input: { email: user.email.toUpperCase(), password: 'another password', displayName: 'Twin' } }), 'CONFLICT');
    expect(await server.counts(['users'])).toEqual(before);
  });

  it('answers a wrong password and an unknown email with the same UNAUTHENTICATED message', async () => {
    const user = await signUp(server);
    const wrong = await expectCode(server.request(LOG_IN, { input: { email: user.email, password: 'not the password' } }), 'UNAUTHENTICATED');
    const unknown = await expectCode(server.request(LOG_IN, { input: { email: 'nobody@example.org', password: 'not the password' } }), 'UNAUTHENTICATED');
    expect(unknown.message).toBe(wrong.message);
  });

  it('lists every invalid sign-up field and writes nothing', async () => {
    const before = await server.counts(['users']);
    const error = await expectCode(server.request(SIGN_UP, { input: { email: 'not-an-email', password: 'short', displayName: '' } }), 'BAD_USER_INPUT');
    expect(error.extensions?.fields?.map((f) => f.field).sort()).toEqual(['displayName', 'email', 'password']);
    expect(await server.counts(['users'])).toEqual(before);
  });

  it('refuses me without a token, with a forged token and with an expired token', async () => {
    await expectCode(server.request(ME), 'UNAUTHENTICATED');
    const user = await signUp(server);
    const [header, payload] = user.token.split('.');
    await expectCode(server.request(ME, {}, `${header}.${payload}.forged`), 'UNAUTHENTICATED');
    const expired = accessTokenSigner(TEST_JWT_SECRET, 60, Date.now() - 2 * 3600 * 1000)({ sub: user.id, ver: 0 });
    const error = await expectCode(server.request(ME, {}, expired), 'UNAUTHENTICATED');
    expect(error.message).toMatch(/expired/);
  });
});
