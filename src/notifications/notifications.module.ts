import { Module } from '@nestjs/common';
import { AuditModule } from 'src/audit/audit.module';
import { MembershipModule } from 'src/membership/membership.module';
import { Reminders } from './reminders/reminders';
import { WebhookDelivery } from './webhooks/webhook-delivery';
import { CooperativeWebhooksResolver, WebhooksResolver } from './webhooks/webhooks.resolver';
import { WebhooksService } from './webhooks/webhooks.service';

/** What reaches people and systems outside: signed webhook deliveries of audited events, and vote reminders by mail. */
@Module({
  imports: [AuditModule, MembershipModule],
  providers: [WebhooksService, WebhookDelivery, WebhooksResolver, CooperativeWebhooksResolver, Reminders],
})
export class NotificationsModule {}
