import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { isDatabaseError, PG_DEADLOCK_DETECTED, PG_SERIALIZATION_FAILURE } from './pg-errors';

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const RETRYABLE = new Set([PG_SERIALIZATION_FAILURE, PG_DEADLOCK_DETECTED]);

/** Runs a unit of work again when PostgreSQL reports a serialization failure or deadlock. */
async function withRetries<T>(attempts: number, unit: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await unit();
    } catch (error) {
      const retryable = isDatabaseError(error) && RETRYABLE.has(error.code);
      if (!retryable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}

/**
 * A unit of work: commits on success, rolls back and rethrows on failure, always releases the
 * connection, and retries the whole unit when PostgreSQL reports a serialization failure or deadlock.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: { isolation?: IsolationLevel; attempts?: number } = {},
): Promise<T> {
  return withRetries(options.attempts ?? 5, async () => {
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
      throw error;
    } finally {
      await runner.release();
    }
  });
}

/** Plain SQL in a transaction: rows in, rows out. */
export type Sql = <T>(text: string, params: unknown[]) => Promise<T[]>;

/**
 * The same unit of work on a bare pool connection, for hot paths that only run SQL (the vote): no
 * query runner, entity manager or subscriber broadcast around each statement. Default isolation.
 */
export function inSqlTransaction<T>(dataSource: DataSource, work: (sql: Sql) => Promise<T>, attempts = 5): Promise<T> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return withRetries(attempts, async () => {
    const client: PoolClient = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(async <T>(text: string, params: unknown[]) => (await client.query(text, params)).rows as T[]);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
      throw error;
    } finally {
      // A connection that could not roll back is closed rather than returned to the pool.
      client.release(broken);
    }
  });
}
