import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

interface PubSubHost {
  graphql?: { pubsub: { publish(event: { topic: string; payload: unknown }, done: (error?: unknown) => void): void } };
}

/**
 * Publishes events to GraphQL subscriptions through Mercurius's emitter: in process on one
 * instance, through Redis when REDIS_URL is set (SubscriptionEmitter).
 */
@Injectable()
export class GraphQLEvents {
  private readonly logger = new Logger('GraphQLEvents');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  publish(topic: string, payload: object): void {
    const host = this.adapterHost.httpAdapter?.getInstance<PubSubHost>();
    host?.graphql?.pubsub.publish({ topic, payload }, (error) => {
      if (error) this.logger.warn({ msg: 'event publish failed', topic, err: error });
    });
  }
}
