import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

interface Emitter {
  on(topic: string, listener: (message: { payload: unknown }, done: () => void) => void, subscribed?: (error?: unknown) => void): void;
}

interface PubSubHost {
  graphql?: { pubsub: { emitter: Emitter; publish(event: { topic: string; payload: unknown }, done: (error?: unknown) => void): void } };
}

/**
 * Publishes events to GraphQL subscriptions through Mercurius's emitter: in process on one
 * instance, through Redis when REDIS_URL is set (SubscriptionEmitter).
 */
@Injectable()
export class GraphQLEvents {
  private readonly logger = new Logger('GraphQLEvents');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Calls `onEvent` for every event on `topic`, from any instance; for the application's own caches. */
  listen(topic: string, onEvent: (payload: unknown) => void): void {
    const host = this.adapterHost.httpAdapter?.getInstance<PubSubHost>();
    host?.graphql?.pubsub.emitter.on(
      topic,
      (message, done) => {
        onEvent(message.payload);
        done();
      },
      (error) => error && this.logger.warn({ msg: 'event subscription failed', topic, err: error }),
    );
  }

  publish(topic: string, payload: object): void {
    const host = this.adapterHost.httpAdapter?.getInstance<PubSubHost>();
    host?.graphql?.pubsub.publish({ topic, payload }, (error) => {
      if (error) this.logger.warn({ msg: 'event publish failed', topic, err: error });
    });
  }
}
