import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import MQEmitterRedis from 'mqemitter-redis';
import { AppConfig } from 'src/config/config';
import { APP_CONFIG } from 'src/config/config.module';
import { GraphQLEvents } from './graphql-events';

type Emitter = ReturnType<typeof MQEmitterRedis>;

/**
 * The emitter behind subscriptions. With REDIS_URL, events go through Redis pub/sub so a ballot cast
 * on one instance reaches subscribers connected to another; without it Mercurius keeps them in process.
 */
@Injectable()
export class SubscriptionEmitter implements OnApplicationShutdown {
  private readonly logger = new Logger('Subscriptions');
  readonly emitter?: Emitter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.redisUrl || config.schemaOnly) return;
    this.emitter = MQEmitterRedis({ connectionString: config.redisUrl });
    this.logger.log('subscription events go through Redis');
  }

  onApplicationShutdown(): Promise<void> {
    return new Promise((done) => (this.emitter ? this.emitter.close(() => done()) : done()));
  }
}

/** Global: any module may publish to subscriptions through GraphQLEvents. */
@Global()
@Module({ providers: [SubscriptionEmitter, GraphQLEvents], exports: [SubscriptionEmitter, GraphQLEvents] })
export class SubscriptionEmitterModule {}
