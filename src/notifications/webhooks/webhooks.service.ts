import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, RecordedEvent } from 'src/audit/audit.service';
import { badInput, conflict, notFound } from 'src/common/errors/domain-error';
import { Connection, PageArgs, sqlPage } from 'src/common/pagination/connection';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { JobQueue } from 'src/jobs/job-queue';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { newWebhookSecret } from './signature';
import { eventType, webhookUrlProblem } from './webhook-url';
import { WEBHOOK_QUEUE } from './webhook-delivery';
import { CreateWebhookEndpointInput, WebhookDelivery, WebhookEndpoint } from './webhooks.types';

const ENDPOINT_COLUMNS = `id, cooperative_id AS "cooperativeId", url, events, created_at AS "createdAt", disabled_at AS "disabledAt", NULL AS secret`;
const DELIVERY_COLUMNS = `id, seq, 'msg_' || replace(id::text, '-', '') AS "webhookId", event_type AS type, status, attempts, last_status_code AS "lastStatusCode",
  last_error AS "lastError", last_attempt_at AS "lastAttemptAt", delivered_at AS "deliveredAt", created_at AS "createdAt"`;

/**
 * Webhook endpoints and the outbox of their deliveries. Every audited event of a cooperative becomes
 * one delivery row and one job per subscribed endpoint, written in the event's own transaction, so an
 * event is delivered exactly when its change commits.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    audit: AuditService,
  ) {
    audit.onRecorded((manager, event) => this.enqueue(manager, event));
  }

  async create(userId: string, input: CreateWebhookEndpointInput): Promise<WebhookEndpoint> {
    const problem = webhookUrlProblem(input.url, this.config.webhooks.allowPrivateUrls);
    if (problem) throw badInput([{ field: 'url', message: problem }]);
    await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR]);
    const secret = newWebhookSecret();
    const [endpoint] = await this.dataSource.query<WebhookEndpoint[]>(
      `INSERT INTO webhook_endpoints (cooperative_id, url, events, secret, created_by_user_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT_COLUMNS}`,
      [input.cooperativeId, input.url, input.events, secret, userId],
    );
    return { ...endpoint, secret };
  }

  async disable(userId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.readable(userId, id);
    if (endpoint.disabledAt) throw conflict('This endpoint is already disabled');
    const [disabled] = await this.dataSource.query<[WebhookEndpoint[], number]>(
      `UPDATE webhook_endpoints SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING ${ENDPOINT_COLUMNS}`,
      [id],
    );
    if (!disabled.length) throw conflict('This endpoint is already disabled');
    return disabled[0];
  }

  /** An endpoint, to its cooperative's coordinators only. */
  async readable(userId: string, id: string): Promise<WebhookEndpoint> {
    const [endpoint] = await this.dataSource.query<WebhookEndpoint[]>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
    if (!endpoint) throw notFound('Webhook endpoint');
    await this.membership.requireMember(userId, endpoint.cooperativeId, [Role.COORDINATOR]);
    return endpoint;
  }

  async list(userId: string, cooperativeId: string): Promise<WebhookEndpoint[]> {
    await this.membership.requireMember(userId, cooperativeId, [Role.COORDINATOR]);
    return this.dataSource.query<WebhookEndpoint[]>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE cooperative_id = $1 ORDER BY seq`, [cooperativeId]);
  }

  /** The delivery log of an endpoint the caller may read (the resolver's parent was checked). */
  deliveries(endpointId: string, page: PageArgs): Promise<Connection<WebhookDelivery>> {
    return sqlPage<WebhookDelivery>(
      this.dataSource,
      page,
      {
        count: 'SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1',
        rows: `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      },
      [endpointId],
    );
  }

  private async enqueue(manager: EntityManager, event: RecordedEvent): Promise<void> {
    const payload = {
      type: eventType(event.action),
      timestamp: event.occurredAt.toISOString(),
      data: { cooperativeId: event.cooperativeId, auditSeq: event.seq, subjectId: event.subjectId ?? null, actorUserId: event.actorUserId, ...event.data },
    };
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO webhook_deliveries (endpoint_id, event_type, payload)
       SELECT id, $3, $4 FROM webhook_endpoints WHERE cooperative_id = $1 AND disabled_at IS NULL AND $2 = ANY(events)
       RETURNING id`,
      [event.cooperativeId, event.action, payload.type, JSON.stringify(payload)],
    );
    if (rows.length) await this.jobs.sendMany(manager, WEBHOOK_QUEUE, rows.map((row) => ({ deliveryId: row.id })));
  }
}
