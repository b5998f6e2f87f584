import { Injectable } from '@nestjs/common';
import { GraphQLEvents } from 'src/graphql/graphql-events';
import { Proposal } from './proposal.entity';

export const tallyTopic = (proposalId: string) => `tally:${proposalId}`;

/**
 * Tells subscribers a proposal's tally changed. The payload is only the proposal id: each subscriber
 * computes the tally it may see.
 */
@Injectable()
export class TallyPublisher {
  constructor(private readonly events: GraphQLEvents) {}

  changed(proposal: Proposal): void {
    this.events.publish(tallyTopic(proposal.id), { proposalId: proposal.id });
  }
}
