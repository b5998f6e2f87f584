import { TestServer } from './support/harness';

/** Request logs: one debug line per request, nothing per request at the default info level. */
describe('request logging', () => {
  async function logsAfterOneRequest(env: Record<string, string>): Promise<Record<string, unknown>[]> {
    const server = await TestServer.start(env);
    try {
      await server.request('{ __typename }');
      // The line is written when the response is finished; give the child's stdout a moment to arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Node's own warnings arrive on stderr as plain text; the server's log lines are JSON objects.
      return server.logs.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    } finally {
      await server.close();
    }
  }

  it('writes one debug line per request with method, status and duration', async () => {
    const lines = await logsAfterOneRequest({ LOG_LEVEL: 'debug' });
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ level: 20, method: 'POST', url: '/graphql', statusCode: 200 });
    expect(typeof completed[0].ms).toBe('number');
    expect(lines.some((line) => line.msg === 'incoming request')).toBe(false);
  });

  it('writes no per-request line at the default info level; JSON when stdout is not a terminal', async () => {
    const lines = await logsAfterOneRequest({});
    expect(lines.some((line) => line.msg === 'request completed' || line.msg === 'incoming request')).toBe(false);
    expect(lines.some((line) => line.msg === 'tetrad is serving /graphql')).toBe(true);
  });
});
