import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { gql } from 'graphql-request';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import WebSocket from 'ws';
import { accessTokenSigner } from 'src/identity/access-token';
import { expectCode, graphqlError, TEST_JWT_SECRET, TestServer } from './support/harness';
import { addMember, createCooperative, signUp, signUpUnverified, unique } from './support/factories';
import { createProposal } from './support/governance';
import { mailedToken } from './support/mailbox';

const ME = gql`
  {
    me {
      id
      email
      emailVerified
    }
  }
`;
const LOG_OUT_EVERYWHERE = gql`
  mutation {
    logOutEverywhere
  }
`;
const CHANGE_PASSWORD = gql`
  mutation ($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
    }
  }
`;
const REQUEST_RESET = gql`
  mutation ($email: String!) {
    requestPasswordReset(email: $email)
  }
`;
const VERIFY = gql`
  mutation ($token: String!) {
    verifyEmail(token: $token) {
      emailVerified
    }
  }
`;
const REQUEST_VERIFICATION = gql`
  mutation {
    requestEmailVerification
  }
`;
const PASSWORD = 'correct horse battery';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sessions and passwords', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.close());

  it('logOutEverywhere ends every earlier token on HTTP and closes open subscriptions with UNAUTHENTICATED', async () => {
    const coop = await createCooperative(server);
    const member = await addMember(server, coop);
    const proposalId = await createProposal(server, coop);
    const client = createClient({ url: server.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${member.user.token}` }, lazy: false });
    const errors: unknown[] = [];
    let completed = false;
    client.subscribe(
      { query: 'subscription ($id: ID!) { tallyUpdated(proposalId: $id) { voters } }', variables: { id: proposalId } },
      { next: (message) => message.errors && errors.push(message.errors), error: (error) => errors.push(error), complete: () => (completed = true) },
    );
    await sleep(300);
    expect(errors).toEqual([]);

    expect(await server.request(LOG_OUT_EVERYWHERE, {}, member.user.token)).toEqual({ logOutEverywhere: true });
    for (let waited = 0; errors.length === 0 && !completed && waited < 5000; waited += 20) await sleep(20);
    expect(JSON.stringify(errors)).toContain('UNAUTHENTICATED');
    await client.dispose();

    const error = await expectCode(server.request(ME, {}, member.user.token), 'UNAUTHENTICATED');
    expect(error.message).toBe('This session has ended; log in again');
    // A new log-in works.
    const { logIn } = await server.request<{ logIn: { token: string } }>(gql`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, {
      input: { email: member.user.email, password: PASSWORD },
    });
    await server.request(ME, {}, logIn.token);
  });

  it('a well-signed token of an unknown user is UNAUTHENTICATED', async () => {
    const token = accessTokenSigner(TEST_JWT_SECRET, 3600)({ sub: randomUUID(), ver: 0 });
    const error = await expectCode(server.request(ME, {}, token), 'UNAUTHENTICATED');
    expect(error.message).toBe('This account no longer exists');
    await expectCode(server.request(gql`{ myLicensees { id } }`, {}, token), 'UNAUTHENTICATED');
  });

  it('changePassword needs the current password and ends earlier tokens', async () => {
    const user = await signUp(server);
    const wrong = await expectCode(server.request(CHANGE_PASSWORD, { currentPassword: 'not my password', newPassword: 'a brand new secret' }, user.token), 'BAD_USER_INPUT');
    expect(wrong.extensions?.fields).toEqual([{ field: 'currentPassword', message: 'is not your current password' }]);
    await expectCode(server.request(CHANGE_PASSWORD, { currentPassword: PASSWORD, newPassword: 'short' }, user.token), 'BAD_USER_INPUT');
    await server.request(ME, {}, user.token);

    const { changePassword } = await server.request<{ changePassword: { token: string } }>(CHANGE_PASSWORD, { currentPassword: PASSWORD, newPassword: 'a brand new secret' }, user.token);
    await expectCode(server.request(ME, {}, user.token), 'UNAUTHENTICATED');
    expect((await server.request<{ me: { id: string } }>(ME, {}, changePassword.token)).me.id).toBe(user.id);
  });

  it('requestPasswordReset answers true for unknown addresses and mails nothing; a reset link works once', async () => {
    const before = await server.counts(['mail_outbox', 'action_tokens']);
    expect(await server.request(REQUEST_RESET, { email: `${unique('nobody')}@example.org` })).toEqual({ requestPasswordReset: true });
    expect(await server.counts(['mail_outbox', 'action_tokens'])).toEqual(before);

    const user = await signUp(server);
    await server.request(REQUEST_RESET, { email: user.email });
    const token = await mailedToken(server, user.email, 'reset-password');
    const reset = gql`mutation ($token: String!, $newPassword: String!) { resetPassword(token: $token, newPassword: $newPassword) { token } }`;
    await server.request(reset, { token, newPassword: 'reset to something new' });
    await expectCode(server.request(reset, { token, newPassword: 'and once more again' }), 'NOT_FOUND');
    await expectCode(server.request(ME, {}, user.token), 'UNAUTHENTICATED');
  });

  it('verifies an address once; asking again when verified is CONFLICT; a re-sent link replaces the old one', async () => {
    const user = await signUpUnverified(server);
    expect((await server.request<{ me: { emailVerified: boolean } }>(ME, {}, user.token)).me.emailVerified).toBe(false);
    const first = await mailedToken(server, user.email, 'verify-email');
    await server.request(REQUEST_VERIFICATION, {}, user.token);
    const second = await mailedToken(server, user.email, 'verify-email');
    expect(second).not.toBe(first);
    await expectCode(server.request(VERIFY, { token: first }), 'NOT_FOUND');
    expect(await server.request(VERIFY, { token: second })).toEqual({ verifyEmail: { emailVerified: true } });
    await expectCode(server.request(VERIFY, { token: second }), 'NOT_FOUND');
    await expectCode(server.request(REQUEST_VERIFICATION, {}, user.token), 'CONFLICT');
    await expectCode(server.request(VERIFY, { token: 'not-a-real-token-at-all-0000' }), 'NOT_FOUND');
  });

  it('refuses the 51st wrong password for one address, even when it is the right one', async () => {
    const user = await signUp(server);
    const logIn = (password: string) => server.request(gql`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: user.email, password } });
    for (let batch = 0; batch < 5; batch++) {
      const codes = await Promise.all(Array.from({ length: 10 }, (_, i) => graphqlError(logIn(`wrong password ${batch}-${i}`)).then((e) => e.extensions?.code)));
      expect(codes).toEqual(Array(10).fill('UNAUTHENTICATED'));
    }
    const limited = await expectCode(logIn(PASSWORD), 'TOO_MANY_REQUESTS');
    expect(limited.message).toMatch(/^Too many attempts for this address; try again in \d+ seconds$/);
    // Another address is not affected.
    const other = await signUp(server);
    await server.request(gql`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: other.email, password: PASSWORD } });
  });
});

describe('the development mailbox', () => {
  it('keeps mail under the data folder and lists it at /dev/mailbox; production has no mailbox', async () => {
    const server = await TestServer.start();
    try {
      const user = await signUpUnverified(server);
      let listed: string[] = [];
      for (let waited = 0; waited < 10_000; waited += 100) {
        const page = await (await fetch(`${server.baseUrl}/dev/mailbox`)).text();
        listed = [...page.matchAll(/href="(\/dev\/mailbox\/[^"]+)"/g)].map((m) => m[1]);
        const [row] = await server.query<{ id: string; sent: boolean }>(`SELECT id, sent_at IS NOT NULL AS sent FROM mail_outbox WHERE recipient = $1`, [user.email]);
        if (row.sent && listed.some((href) => href.includes(row.id))) break;
        await sleep(100);
      }
      const [row] = await server.query<{ id: string }>(`SELECT id FROM mail_outbox WHERE recipient = $1`, [user.email]);
      const href = listed.find((h) => h.includes(row.id));
      expect(href).toBeDefined();
      const mail = await (await fetch(`${server.baseUrl}${href}`)).text();
      expect(mail).toContain(`To: ${user.email}`);
      expect(mail).toContain('/verify-email?token=');
      expect((await fetch(`${server.baseUrl}/dev/mailbox/..%2F..%2Fetc%2Fpasswd.eml`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('per-client limits', () => {
  it('20 sign-up aliases in one document count one each: the 13th is refused and nothing after it runs', async () => {
    const server = await TestServer.start({ AUTH_LIMIT_PER_CLIENT: '12' });
    try {
      const prefix = unique('alias');
      const aliases = Array.from({ length: 20 }, (_, i) => `s${i}: signUp(input: { email: "${prefix}-${i}@example.org", password: "${PASSWORD}", displayName: "A ${i}" }) { user { id } }`);
      const result = await server
        .client()
        .rawRequest<Record<string, unknown>>(`mutation { ${aliases.join('\n')} }`)
        .catch((e: { response: { data: Record<string, unknown> | null; errors: { extensions: { code: string } }[] } }) => e.response);
      const created = await server.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE email LIKE $1`, [`${prefix}-%`]);
      expect(created[0].n).toBe(12);
      // Mutation fields run one after another, and a failed one ends the document.
      expect((result.errors ?? []).map((e) => e.extensions.code)).toEqual(['TOO_MANY_REQUESTS']);
    } finally {
      await server.close();
    }
  });
});

describe('mail through a real SMTP server', () => {
  interface Received {
    to: string[];
    body: string;
  }
  let smtp: SMTPServer;
  const received: Received[] = [];
  let failNextFor: string | undefined;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          if (failNextFor && to.includes(failNextFor)) {
            failNextFor = undefined;
            return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          }
          received.push({ to, body: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(resolve)));

  const delivered = async (to: string, count = 1, timeoutMs = 45_000) => {
    for (let waited = 0; received.filter((r) => r.to.includes(to)).length < count && waited < timeoutMs; waited += 50) await sleep(50);
    return received.filter((r) => r.to.includes(to));
  };

  it('delivers the verification link once, retries after a refusal, and the link verifies the account', async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    const server = await TestServer.start({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Tetrad <no-reply@example.org>', MAIL_RETRY_DELAY_SECONDS: '1' });
    try {
      // Earlier suites' servers may have stopped with mail still queued: not this test's to deliver.
      await server.query('UPDATE mail_outbox SET sent_at = now() WHERE sent_at IS NULL');
      const name = unique('smtp');
      failNextFor = `${name}@example.org`;
      const user = await signUpUnverified(server, name);
      const [mail] = await delivered(user.email);
      if (!mail) throw new Error(`no mail arrived: ${JSON.stringify(await server.query(`SELECT attempts, last_error, sent_at FROM mail_outbox WHERE recipient = $1`, [user.email]))}`);
      expect(mail.body).toContain('Subject: Confirm your email address');
      const text = mail.body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      const token = /verify-email\?token=([A-Za-z0-9_-]+)/.exec(text)![1];
      expect(await server.request(VERIFY, { token })).toEqual({ verifyEmail: { emailVerified: true } });

      // Exactly once: the refused attempt was retried, then the row was marked sent and nothing more arrived.
      await sleep(1500);
      expect(await delivered(user.email)).toHaveLength(1);
      const [row] = await server.query<{ sent: boolean; attempts: number }>(`SELECT sent_at IS NOT NULL AS sent, attempts FROM mail_outbox WHERE recipient = $1`, [user.email]);
      expect(row).toEqual({ sent: true, attempts: 2 });
    } finally {
      await server.close();
    }
  }, 90_000);

  it('in production there is no development mailbox', async () => {
    const port = (smtp.server.address() as AddressInfo).port;
    const server = await TestServer.start({ NODE_ENV: 'production', SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      expect((await fetch(`${server.baseUrl}/dev/mailbox`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
