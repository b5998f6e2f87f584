import { Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { FastifyReply } from 'fastify';
import { finished, pipeline, Readable, Transform } from 'node:stream';
import { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DomainError, ErrorCode } from 'src/common/errors/domain-error';
import { CsvColumn, ExportPlan, SnapshotRead } from './csv-export';

/**
 * Each running export holds a pooled connection (and an open snapshot) until its last row is read,
 * however slowly the client downloads: a few at a time leave the pool to everything else.
 */
const MAX_RUNNING_EXPORTS = 3;
/** Rows fetched from the cursor per round trip; also how many may wait in the stream's buffer. */
const BATCH_ROWS = 1000;

interface CheckedOut {
  client: PoolClient;
  /** Back to the pool; with an error the connection is closed instead. */
  release(error?: Error): void;
}

/** Streams an export's rows from a cursor, in one REPEATABLE READ READ ONLY transaction, as RFC 4180 CSV. */
@Injectable()
export class CsvStreamer {
  private readonly logger = new Logger('Exports');
  private running = 0;

  constructor(private readonly dataSource: DataSource) {}

  async send<Row>(reply: FastifyReply, filename: string, plan: ExportPlan<Row>): Promise<void> {
    if (this.running >= MAX_RUNNING_EXPORTS) throw new DomainError(ErrorCode.TOO_MANY_REQUESTS, 'Too many exports are running; try again in a moment');
    this.running++;
    let connection: CheckedOut | undefined;
    let rows: Readable;
    let columns: CsvColumn<Row>[];
    try {
      connection = await this.checkOut();
      const { client } = connection;
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const read: SnapshotRead = async <T>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as T[];
      columns = await plan.columns(read);
      rows = client.query(new QueryStream(plan.sql, plan.params, { batchSize: BATCH_ROWS, highWaterMark: BATCH_ROWS }));
    } catch (error) {
      this.running--;
      connection?.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    // The connection goes back as soon as the cursor is done (or the download is abandoned), not when the last byte leaves.
    finished(rows, (error) => void this.end(connection, error ?? undefined));
    const csv = pipeline(rows, toRecords(columns), stringify({ header: true, columns: columns.map((c) => c.header), record_delimiter: 'windows' }), (error) => {
      if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.error({ msg: 'export stream failed', err: error, requestId: reply.request.id });
    });
    // Not awaited: a reply resolves only once the whole file has gone out.
    void reply
      .status(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(csv);
  }

  private async end(connection: CheckedOut, error: Error | undefined): Promise<void> {
    try {
      // A read-only transaction has nothing to commit; an abandoned cursor's connection is closed rather than reused.
      if (error) connection.release(error);
      else {
        await connection.client.query('COMMIT');
        connection.release();
      }
    } catch (failure) {
      connection.release(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      this.running--;
    }
  }

  /** A dedicated connection from TypeORM's pool (the cursor needs it to itself until the end). */
  private async checkOut(): Promise<CheckedOut> {
    const driver = this.dataSource.driver;
    if (!(driver instanceof PostgresDriver)) throw new Error('Exports need the PostgreSQL driver');
    const [client, release] = (await driver.obtainMasterConnection()) as [PoolClient, (error?: Error) => void];
    // A checked-out client that loses its socket emits 'error'; unheard, that would crash the process.
    const onError = (error: Error) => this.logger.warn({ msg: 'export connection failed', err: error });
    client.on('error', onError);
    return {
      client,
      release: (error?: Error) => {
        client.removeListener('error', onError);
        release(error);
      },
    };
  }
}

function toRecords<Row>(columns: CsvColumn<Row>[]): Transform {
  return new Transform({
    objectMode: true,
    transform(row: Row, _encoding, done) {
      try {
        done(null, columns.map((column) => column.cell(row)));
      } catch (error) {
        done(error as Error);
      }
    },
  });
}
