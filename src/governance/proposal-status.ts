import { ProposalStatus, ResultsVisibility } from './governance.enums';

/** Status is derived from time, so a proposal past closesAt reads as closed before any closer runs. */
export function proposalStatus(proposal: { opensAt: Date; closesAt: Date; closedAt: Date | null }, now = new Date()): ProposalStatus {
  if (proposal.closedAt || proposal.closesAt <= now) return ProposalStatus.CLOSED;
  if (proposal.opensAt > now) return ProposalStatus.DRAFT;
  return ProposalStatus.OPEN;
}

/** Whether a viewer may see the tally and the ballots. */
export function resultsVisible(visibility: ResultsVisibility, status: ProposalStatus, viewerHasVoted: boolean): boolean {
  switch (visibility) {
    case ResultsVisibility.ALWAYS:
      return true;
    case ResultsVisibility.AFTER_VOTE:
      return status === ProposalStatus.CLOSED || viewerHasVoted;
    case ResultsVisibility.AFTER_CLOSE:
      return status === ProposalStatus.CLOSED;
  }
}
