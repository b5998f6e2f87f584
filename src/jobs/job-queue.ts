import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { DatabaseConnection } from 'src/database/database.module';

export interface QueueDefinition<T extends object> {
  name: string;
  handle(data: T): Promise<void>;
  /** Retries after a failure, with exponential backoff from retryDelaySeconds. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** Jobs this instance runs at once for the queue (fetched together, each retried on its own). */
  concurrency: number;
}

/** Lets pg-boss insert its job rows through a TypeORM transaction, so a job exists exactly when the transaction commits. */
function transactionDb(manager: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const result = await manager.queryRunner!.query(text, values, true);
      return { rows: (result as { records?: unknown[] }).records ?? [] };
    },
  };
}

/**
 * The one background job queue: pg-boss on the application's own PostgreSQL (schema `pgboss`).
 * Workers on every instance fetch with SKIP LOCKED, so each job runs on one instance at a time.
 * Mail delivery uses it; reminders and webhooks are meant to as well.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private boss?: PgBoss;
  private readonly queues: QueueDefinition<object>[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connection: DatabaseConnection,
    // Injected so the pool (and with it the embedded database) is open before the queue starts.
    private readonly dataSource: DataSource,
  ) {}

  /** Registers a queue and its worker; call from a provider's constructor. */
  define<T extends object>(queue: QueueDefinition<T>): void {
    this.queues.push(queue);
  }

  async onModuleInit(): Promise<void> {
    if (this.config.schemaOnly || !this.dataSource.isInitialized) return;
    const boss = new PgBoss({ connectionString: this.connection.url, max: 2, schema: 'pgboss', application_name: 'tetrad-jobs' });
    boss.on('error', (error: unknown) => this.logger.error({ msg: 'job queue error', err: error }));
    // Instances starting together on a fresh database deadlock inside pg-boss while creating its
    // schema and queues, so set-up is serialised across instances by an advisory lock.
    await this.whileHoldingSetupLock(async () => {
      await boss.start();
      for (const queue of this.queues) {
        await boss.createQueue(queue.name, { name: queue.name, retryLimit: queue.retryLimit, retryDelay: queue.retryDelaySeconds, retryBackoff: true });
      }
    });
    for (const queue of this.queues) {
      // pg-boss waits its polling interval after every fetch, so jobs are fetched in batches; a job
      // that fails is failed on its own (and retried), the rest complete.
      await boss.work<object>(queue.name, { batchSize: queue.concurrency, pollingIntervalSeconds: 0.5 }, (jobs) =>
        Promise.all(jobs.map((job) => queue.handle(job.data).catch((error: unknown) => boss.fail(queue.name, job.id, { message: error instanceof Error ? error.message : String(error) })))),
      );
    }
    this.boss = boss;
  }

  private async whileHoldingSetupLock(work: () => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('tetrad:job-queue-setup'))`);
      try {
        await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('tetrad:job-queue-setup'))`);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Each job carries its queue's retry policy as this instance is configured: a queue's own settings
   * are fixed by whichever instance created it first.
   */
  private retryPolicy(name: string): { retryLimit?: number; retryDelay?: number; retryBackoff?: boolean } {
    const queue = this.queues.find((q) => q.name === name);
    return queue ? { retryLimit: queue.retryLimit, retryDelay: queue.retryDelaySeconds, retryBackoff: true } : {};
  }

  /** Enqueues a job inside the caller's transaction. */
  async send(manager: EntityManager, queue: string, data: object): Promise<void> {
    if (!this.boss) throw new Error('the job queue is not running');
    await this.boss.send(queue, data, { ...this.retryPolicy(queue), db: transactionDb(manager) });
  }

  /** Enqueues many jobs in one statement inside the caller's transaction. */
  async sendMany(manager: EntityManager, queue: string, data: object[]): Promise<void> {
    if (!this.boss) throw new Error('the job queue is not running');
    const policy = this.retryPolicy(queue);
    if (data.length) await this.boss.insert(data.map((item) => ({ name: queue, data: item, ...policy })), { db: transactionDb(manager) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
