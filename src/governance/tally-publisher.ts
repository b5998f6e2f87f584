import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Proposal } from './proposal.entity';

export const tallyTopic = (proposalId: string) => `tally:${proposalId}`;

interface PubSubHost {
  graphql?: { pubsub: { publish(event: { topic: string; payload: unknown }, done: (error?: unknown) => void): void } };
}

/**
 * Tells subscribers a proposal's tally changed. The payload is only the proposal id: each subscriber
 * computes the tally it may see. Mercurius's in-process emitter serves one instance; with several,
 * configure it with a Redis emitter (docs/architecture.md).
 */
@Injectable()
export class TallyPublisher {
  private readonly logger = new Logger('TallyPublisher');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  changed(proposal: Proposal): void {
    const host = this.adapterHost.httpAdapter?.getInstance<PubSubHost>();
    host?.graphql?.pubsub.publish({ topic: tallyTopic(proposal.id), payload: { proposalId: proposal.id } }, (error) => {
      if (error) this.logger.warn({ msg: 'tally publish failed', err: error });
    });
  }
}

