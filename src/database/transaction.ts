import { DataSource, EntityManager } from 'typeorm';
import { isDatabaseError, PG_DEADLOCK_DETECTED, PG_SERIALIZATION_FAILURE } from './pg-errors';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const RETRYABLE = new Set([PG_SERIALIZATION_FAILURE, PG_DEADLOCK_DETECTED]);

/**
 * A unit of work: commits on success, rolls back and rethrows on failure, always releases the
 * connection, and retries the whole unit when PostgreSQL reports a serialization failure or deadlock.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: { isolation?: IsolationLevel; attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Without a level, the server's default (READ COMMITTED) applies and no SET TRANSACTION is sent.
      await runner.startTransaction(options.isolation);
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      const retryable = isDatabaseError(error) && RETRYABLE.has(error.code);
      if (!retryable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    } finally {
      await runner.release();
    }
  }
}
