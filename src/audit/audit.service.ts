import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Connection, mapConnection, PageArgs, sqlPage } from 'src/common/pagination/connection';
import { AuditAction } from './audit-actions';
import { ChainedEvent, ChainVerification, eventHash, GENESIS_HASH, verifyChain } from './audit-chain';

export interface AuditRecord {
  cooperativeId: string;
  actorUserId: string | null;
  action: AuditAction;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

interface EventRow {
  seq: string;
  occurredAt: Date;
  actorUserId: string | null;
  action: string;
  subjectId: string | null;
  data: unknown;
  prevHash: string;
  hash: string;
}

// bigint arrives as text from the driver; keeping the column (not seq::text) keeps ORDER BY seq numeric.
const EVENT_COLUMNS = `seq, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", action, subject_id AS "subjectId", data, prev_hash AS "prevHash", hash`;

const toEvent = (row: EventRow): ChainedEvent => ({ ...row, seq: Number(row.seq) });

/**
 * Appends to a cooperative's hash chain inside the caller's transaction, so an event exists exactly
 * when its change does. Call it last in the transaction: the chain head's row lock is held to commit,
 * and taking it after every other row lock keeps the lock order acyclic.
 */
/** An event as it was appended, handed to listeners inside the same transaction. */
export interface RecordedEvent extends AuditRecord {
  seq: number;
  occurredAt: Date;
}

/** Runs inside the recording transaction: what it writes commits or rolls back with the event. */
export type AuditListener = (manager: EntityManager, event: RecordedEvent) => Promise<void>;

@Injectable()
export class AuditService {
  private readonly listeners: AuditListener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Other modules (webhooks) react to every recorded event, in its transaction. */
  onRecorded(listener: AuditListener): void {
    this.listeners.push(listener);
  }

  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.query(`INSERT INTO audit_heads (cooperative_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (cooperative_id) DO NOTHING`, [record.cooperativeId, GENESIS_HASH]);
    const [head] = await manager.query<{ seq: string; hash: string }[]>(`SELECT seq::text, hash FROM audit_heads WHERE cooperative_id = $1 FOR UPDATE`, [record.cooperativeId]);
    const event = {
      seq: Number(head.seq) + 1,
      occurredAt: new Date(),
      actorUserId: record.actorUserId,
      action: record.action,
      subjectId: record.subjectId ?? null,
      data: record.data ?? {},
      prevHash: head.hash,
    };
    const hash = eventHash(event);
    await manager.query(
      `INSERT INTO audit_events (cooperative_id, seq, occurred_at, actor_user_id, action, subject_id, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [record.cooperativeId, event.seq, event.occurredAt, event.actorUserId, event.action, event.subjectId, JSON.stringify(event.data), event.prevHash, hash],
    );
    await manager.query(`UPDATE audit_heads SET seq = $2, hash = $3 WHERE cooperative_id = $1`, [record.cooperativeId, event.seq, hash]);
    for (const listener of this.listeners) await listener(manager, { ...record, seq: event.seq, occurredAt: event.occurredAt });
  }

  async list(cooperativeId: string, page: PageArgs): Promise<Connection<ChainedEvent>> {
    const connection = await sqlPage<EventRow>(
      this.dataSource,
      page,
      { count: `SELECT count(*)::int AS n FROM audit_events WHERE cooperative_id = $1`, rows: `SELECT ${EVENT_COLUMNS} FROM audit_events WHERE cooperative_id = $1 AND seq > $2 ORDER BY seq LIMIT $3` },
      [cooperativeId],
    );
    return mapConnection(connection, toEvent);
  }

  async verify(cooperativeId: string): Promise<ChainVerification> {
    const rows = await this.dataSource.query<EventRow[]>(`SELECT ${EVENT_COLUMNS} FROM audit_events WHERE cooperative_id = $1 ORDER BY seq`, [cooperativeId]);
    return verifyChain(rows.map(toEvent));
  }
}
