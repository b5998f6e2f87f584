import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUUID } from 'class-validator';
import { AUDIT_ACTIONS, AuditAction } from 'src/audit/audit-actions';
import { ConnectionType } from 'src/common/pagination/connection';
import { Text } from 'src/common/validation/text';

/** The events a webhook can subscribe to: every action of the audit log, under the same names. */
export const WebhookEvent = Object.fromEntries(AUDIT_ACTIONS.map((action) => [action, action])) as { [A in AuditAction]: A };
registerEnumType(WebhookEvent, { name: 'WebhookEvent', description: 'An audited action; delivered with `type` in dotted lower case (PROPOSAL_CLOSED is "proposal.closed").' });

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  RETRYING = 'RETRYING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus', description: 'RETRYING after a failed attempt; FAILED once the retries are spent.' });

@ObjectType({ description: 'An HTTPS (or HTTP) endpoint that receives signed Standard Webhooks deliveries of the chosen events.' })
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  cooperativeId: string;

  @Field()
  url: string;

  @Field(() => [WebhookEvent])
  events: AuditAction[];

  @Field({ description: 'Deliveries stop once it is disabled.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The signing secret (whsec_…): shown once, in the answer to createWebhookEndpoint, and never again.' })
  secret: string | null;
}

@ObjectType({ description: 'One event sent to one endpoint, with its attempts.' })
export class WebhookDelivery {
  @Field(() => ID)
  id: string;

  seq: string;

  @Field({ description: 'The `webhook-id` header of every attempt, for receivers to drop duplicates.' })
  webhookId: string;

  @Field({ description: 'As in the payload, e.g. "proposal.closed".' })
  type: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field()
  createdAt: Date;
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery');

@InputType()
export class CreateWebhookEndpointInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field({ description: 'http:// or https://; in production not a loopback or private address unless WEBHOOK_ALLOW_PRIVATE_URLS=true.' })
  @Text({ max: 2000 })
  url: string;

  @Field(() => [WebhookEvent])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(AUDIT_ACTIONS.length)
  @ArrayUnique()
  @IsIn(AUDIT_ACTIONS, { each: true })
  events: AuditAction[];
}

