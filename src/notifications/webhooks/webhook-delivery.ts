import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { JobQueue } from 'src/jobs/job-queue';
import { signWebhook } from './signature';

export const WEBHOOK_QUEUE = 'webhook-delivery';

/** A receiver that takes longer than this has failed the attempt. */
const ATTEMPT_TIMEOUT_MS = 10_000;

interface Claimed {
  id: string;
  attempts: number;
  payload: unknown;
  url: string;
  secret: string;
  disabled: boolean;
}

/**
 * Sends one delivery per job (pg-boss hands each job to one worker of one instance at a time). Each
 * attempt is claimed and counted on the delivery row first, so a delivery that already succeeded or
 * failed for good is never sent again; a failed attempt throws, and pg-boss retries it with
 * exponential backoff until the retries are spent, when the row becomes FAILED.
 */
@Injectable()
export class WebhookDelivery {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    jobs: JobQueue,
  ) {
    jobs.define<{ deliveryId: string }>({
      name: WEBHOOK_QUEUE,
      handle: (data) => this.deliver(data.deliveryId),
      retryLimit: config.webhooks.retryLimit,
      retryDelaySeconds: config.webhooks.retryDelaySeconds,
      concurrency: 8,
    });
  }

  async deliver(deliveryId: string): Promise<void> {
    const [claimed] = await this.dataSource.query<[Claimed[], number]>(
      `UPDATE webhook_deliveries d SET attempts = d.attempts + 1, last_attempt_at = now()
         FROM webhook_endpoints e
        WHERE d.id = $1 AND e.id = d.endpoint_id AND d.status IN ('PENDING', 'RETRYING')
        RETURNING d.id, d.attempts, d.payload, e.url, e.secret, e.disabled_at IS NOT NULL AS disabled`,
      [deliveryId],
    );
    const delivery = claimed[0];
    if (!delivery) return;
    if (delivery.disabled) return this.finish(delivery.id, 'FAILED', null, 'the endpoint was disabled');
    const body = JSON.stringify(delivery.payload);
    const webhookId = `msg_${delivery.id.replace(/-/g, '')}`;
    const timestamp = Math.floor(Date.now() / 1000);
    let statusCode: number | null = null;
    let error: string;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': webhookId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(delivery.secret, webhookId, timestamp, body) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (response.ok) return this.finish(delivery.id, 'DELIVERED', statusCode, null);
      error = `the receiver answered ${response.status}`;
    } catch (failure) {
      error = failure instanceof Error ? `${failure.name}: ${failure.message}`.slice(0, 500) : 'the request failed';
    }
    // attempts counts this one: the first attempt and retryLimit retries.
    if (delivery.attempts > this.config.webhooks.retryLimit) return this.finish(delivery.id, 'FAILED', statusCode, error);
    await this.finish(delivery.id, 'RETRYING', statusCode, error);
    throw new Error(`webhook delivery ${delivery.id} attempt ${delivery.attempts} failed: ${error}`);
  }

  private async finish(id: string, status: 'DELIVERED' | 'RETRYING' | 'FAILED', statusCode: number | null, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = $2, last_status_code = $3, last_error = $4, delivered_at = CASE WHEN $2 = 'DELIVERED' THEN now() END WHERE id = $1`,
      [id, status, statusCode, error],
    );
  }
}
