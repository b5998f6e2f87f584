import { Injectable } from '@nestjs/common';
import { GraphQLEvents } from 'src/graphql/graphql-events';

export const tallyTopic = (proposalId: string) => `tally:${proposalId}`;

/**
 * Tells subscribers a proposal's tally changed. The payload is only the proposal id: each subscriber
 * computes the tally it may see.
 */
@Injectable()
export class TallyPublisher {
  constructor(private readonly events: GraphQLEvents) {}

  changed(proposal: { id: string }): void {
    this.events.publish(tallyTopic(proposal.id), { proposalId: proposal.id });
  }
}
