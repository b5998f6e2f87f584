import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gql, GraphQLClient } from 'graphql-request';
import { MAIN, startServerProcess } from './support/server-process';
import { expectCode, TestServer } from './support/harness';

const run = promisify(execFile);

const SIGN_UP = gql`
  mutation ($input: SignUpInput!) {
    signUp(input: $input) {
      token
    }
  }
`;
const LOG_IN = gql`
  mutation ($input: LogInInput!) {
    logIn(input: $input) {
      user {
        email
      }
    }
  }
`;
const ME = gql`
  {
    me {
      email
    }
  }
`;

describe('operations', () => {
  it('runs on the embedded database, stops it cleanly on SIGTERM and keeps the data across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tetrad-embedded-'));
    await chmod(dataDir, 0o755);
    const env = { DATABASE_URL: '', JWT_SECRET: '', TETRAD_DATA_DIR: dataDir };
    try {
      const cold = await startServerProcess(env);
      const credentials = { email: 'restart@example.org', password: 'survives a restart' };
      const { signUp } = await new GraphQLClient(`${cold.url}/graphql`).request<{ signUp: { token: string } }>(SIGN_UP, { input: { ...credentials, displayName: 'Restart' } });
      expect(await cold.stop('SIGTERM')).toBe(0);
      expect(cold.logs.some((line) => line.includes('embedded PostgreSQL stopped'))).toBe(true);

      const warm = await startServerProcess(env);
      try {
        const client = new GraphQLClient(`${warm.url}/graphql`);
        expect(await client.request(LOG_IN, { input: credentials })).toEqual({ logIn: { user: { email: credentials.email } } });
        // The development secret was kept under the data directory, so the old token still works.
        expect(await client.request(ME, {}, { authorization: `Bearer ${signUp.token}` })).toEqual({ me: { email: credentials.email } });
      } finally {
        expect(await warm.stop('SIGINT')).toBe(0);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start in production without JWT_SECRET, with a one-line explanation', async () => {
    const failure = await run(process.execPath, [MAIN], { env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: 'postgres://127.0.0.1:1/none', JWT_SECRET: '' } }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe('tetrad: JWT_SECRET is required when NODE_ENV=production (at least 32 characters)');
  });

  it('commits a schema.graphql that matches the code', async () => {
    const { stdout } = await run(process.execPath, [resolve(__dirname, '..', 'dist', 'scripts', 'schema.js'), '--check']);
    expect(stdout.trim()).toBe('schema.graphql is up to date');
  });

  describe('on the test database', () => {
    let server: TestServer;
    beforeAll(async () => (server = await TestServer.start()));
    afterAll(() => server.close());

    it('answers GET /health after checking the database', async () => {
      const response = await fetch(`${server.baseUrl}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
    });

    it('codes malformed documents and unknown fields as BAD_USER_INPUT', async () => {
      await expectCode(server.request('{ me { nonexistentField } }'), 'BAD_USER_INPUT');
      await expectCode(server.request('{ me { '), 'BAD_USER_INPUT');
    });
  });
});
