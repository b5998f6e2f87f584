import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { PageArgs } from 'src/common/pagination/connection';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { WebhooksService } from './webhooks.service';
import { CreateWebhookEndpointInput, WebhookDeliveryConnection, WebhookEndpoint } from './webhooks.types';

@Resolver(() => WebhookEndpoint)
export class WebhooksResolver {
  constructor(private readonly webhooks: WebhooksService) {}

  @Mutation(() => WebhookEndpoint, { description: 'COORDINATOR: registers an endpoint for signed deliveries of the chosen events. The answer carries the signing secret, shown only this once.' })
  createWebhookEndpoint(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateWebhookEndpointInput): Promise<WebhookEndpoint> {
    return this.webhooks.create(viewer.userId, input);
  }

  @Mutation(() => WebhookEndpoint, { description: 'COORDINATOR: stops deliveries to an endpoint; its delivery log stays.' })
  disableWebhookEndpoint(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<WebhookEndpoint> {
    return this.webhooks.disable(viewer.userId, id);
  }

  @ResolveField(() => WebhookDeliveryConnection, { description: 'Deliveries, oldest first, with their attempts.' })
  deliveries(@Parent() endpoint: WebhookEndpoint, @Args() page: PageArgs) {
    return this.webhooks.deliveries(endpoint.id, page);
  }
}

@Resolver(() => Cooperative)
export class CooperativeWebhooksResolver {
  constructor(private readonly webhooks: WebhooksService) {}

  @ResolveField(() => [WebhookEndpoint], { description: 'Coordinators only; enabled and disabled, oldest first.' })
  webhookEndpoints(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<WebhookEndpoint[]> {
    return this.webhooks.list(requireViewer(viewer).userId, cooperative.id);
  }
}
