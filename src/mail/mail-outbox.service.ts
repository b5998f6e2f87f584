import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { inTransaction } from 'src/database/transaction';
import { JobQueue } from 'src/jobs/job-queue';
import { createMailTransport, MailTransport } from './mail-transport';
import { MailContent } from './mail-templates';

const QUEUE = 'mail';

interface OutboxRow {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  sentAt: Date | null;
}

/**
 * The transactional outbox: mail is a row written in the transaction that causes it, with a job
 * enqueued in the same transaction, so a rolled-back mutation sends nothing and a committed one is
 * delivered even if this process dies right after. The worker locks the row and marks it sent, so a
 * retried or duplicated job never sends the same message twice after a successful delivery.
 */
@Injectable()
export class MailOutbox implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: MailTransport;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {
    this.transport = createMailTransport(config);
    jobs.define<{ outboxId: string }>({ name: QUEUE, retryLimit: 8, retryDelaySeconds: config.mailRetryDelaySeconds, concurrency: 20, handle: ({ outboxId }) => this.deliver(outboxId) });
  }

  /** The base of links in mail: PUBLIC_URL, or the address this instance listens on. */
  get baseUrl(): string {
    return this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`;
  }

  async enqueue(manager: EntityManager, to: string, mail: MailContent): Promise<void> {
    await this.enqueueMany(manager, [{ to, mail }]);
  }

  async enqueueMany(manager: EntityManager, messages: { to: string; mail: MailContent }[]): Promise<void> {
    if (!messages.length) return;
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO mail_outbox (recipient, subject, body_text)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) RETURNING id`,
      [messages.map((m) => m.to), messages.map((m) => m.mail.subject), messages.map((m) => m.mail.text)],
    );
    await this.jobs.sendMany(
      manager,
      QUEUE,
      rows.map((row) => ({ outboxId: row.id })),
    );
  }

  private async deliver(outboxId: string): Promise<void> {
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const [row] = await manager.query<OutboxRow[]>(
          `SELECT id, recipient, subject, body_text AS text, sent_at AS "sentAt" FROM mail_outbox WHERE id = $1 FOR UPDATE`,
          [outboxId],
        );
        if (!row || row.sentAt) return;
        await this.transport.deliver({ id: row.id, to: row.recipient, subject: row.subject, text: row.text });
        await manager.query('UPDATE mail_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1', [row.id]);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.dataSource.query('UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [outboxId, message.slice(0, 1000)]);
      this.logger.warn({ msg: 'mail delivery failed; the queue will retry', outboxId, err: message });
      throw error;
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
