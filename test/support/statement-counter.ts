import { createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that counts the statements the server sends, read from the wire
 * protocol: each simple Query ('Q') and each Parse ('P') of the extended protocol is one statement.
 * The job queue's own polling (the `pgboss` schema) is left out, so a count measures what requests do.
 * Start the server with `DATABASE_URL: counter.url`.
 */
export class StatementCounter {
  private count = 0;
  /** The counted statements' text, newest last (for a failing count's message). */
  readonly statements: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(databaseUrl: string): Promise<StatementCounter> {
    const target = new URL(databaseUrl);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const proxied = new URL(databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(port);
    const counter = new StatementCounter(server, proxied.toString());
    server.on('connection', (client) => counter.relay(client, target));
    return counter;
  }

  /**
   * Statements counted while `work` ran, after background work (mail delivery after a sign-up, say)
   * has gone quiet: no statement for 300 ms.
   */
  async during(work: () => Promise<unknown>): Promise<number> {
    for (let last = -1, waited = 0; last !== this.count && waited < 10_000; waited += 300) {
      last = this.count;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const before = this.count;
    await work();
    return this.count - before;
  }

  /** The fewest statements `work` ran over a few runs: background work (mail delivery, job polling) can only add to a count. */
  async fewest(work: () => Promise<unknown>, runs = 3): Promise<number> {
    let fewest = Infinity;
    for (let i = 0; i < runs; i++) fewest = Math.min(fewest, await this.during(work));
    return fewest;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket, target: URL): void {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => (client.destroy(), upstream.destroy()));
      socket.on('close', () => this.sockets.delete(socket));
    }
    upstream.pipe(client);
    let pending = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      // The first message (startup, or an SSL request) has no type byte: a length, then the body.
      if (!started) {
        if (pending.length < 4) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        pending = pending.subarray(length);
        started = true;
      }
      while (pending.length >= 5) {
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const type = String.fromCharCode(pending[0]);
        if (type === 'Q' || type === 'P') {
          const body = pending.subarray(5, 1 + length).toString('utf8');
          if (!/\bpgboss\./.test(body)) {
            this.count++;
            this.statements.push(body.replace(/\0/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160));
            if (this.statements.length > 200) this.statements.shift();
          }
        }
        pending = pending.subarray(1 + length);
      }
    });
  }
}
