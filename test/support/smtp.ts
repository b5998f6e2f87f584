import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** The raw message: headers and body. */
  raw: string;
}

/** A real SMTP server on a loopback port that keeps every message it accepts. */
export class TestSmtp {
  private constructor(
    private readonly server: SMTPServer,
    readonly received: ReceivedMail[],
  ) {}

  static async start(): Promise<TestSmtp> {
    const received: ReceivedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new TestSmtp(server, received);
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** Messages whose subject contains `text`. */
  withSubject(text: string): ReceivedMail[] {
    return this.received.filter((mail) => /^Subject: (.*)$/m.exec(mail.raw)?.[1].includes(text));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
