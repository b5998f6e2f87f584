import { Injectable } from '@nestjs/common';
import { forbidden } from 'src/common/errors/domain-error';
import { MembershipService } from 'src/membership/membership.service';
import { BallotsService } from './ballots.service';
import { ClosingService } from './closing.service';
import { ElectorateService } from './electorate.service';
import { ProposalOutcome, ProposalStatus, ResultsVisibility } from './governance.enums';
import { Proposal } from './proposal.entity';
import { proposalStatus, resultsVisible } from './proposal-status';
import { ProposalsService } from './proposals.service';
import { TallyService } from './tally.service';
import { toTally, Tally } from './tally.types';

/** The tally a given member may see: the stored one once closed, a live one before, or FORBIDDEN. */
@Injectable()
export class VisibleTallyService {
  constructor(
    private readonly membership: MembershipService,
    private readonly ballots: BallotsService,
    private readonly proposals: ProposalsService,
    private readonly electorate: ElectorateService,
    private readonly closing: ClosingService,
    private readonly tallies: TallyService,
  ) {}

  async forViewer(proposal: Proposal, userId: string): Promise<Tally> {
    const member = await this.membership.requireMember(userId, proposal.cooperativeId);
    const status = proposalStatus(proposal);
    if (!resultsVisible(proposal.resultsVisibility, status, status !== ProposalStatus.CLOSED && (await this.ballots.hasVoted(proposal, member.id)))) {
      throw forbidden(`Results are hidden ${proposal.resultsVisibility === ResultsVisibility.AFTER_VOTE ? 'until you vote or the proposal closes' : 'until the proposal closes'}`);
    }
    return this.current(proposal);
  }

  /** The tally without a visibility check (for callers that checked already). */
  async current(proposal: Proposal): Promise<Tally> {
    if (proposalStatus(proposal) === ProposalStatus.CLOSED) {
      if (!proposal.closedAt) await this.closing.finalizeIfDue(proposal.id, 'READ');
      const stored = await this.proposals.outcome(proposal.id);
      if (stored) return toTally(stored.tally, stored.outcome, true);
    }
    await this.electorate.ensureSnapshot(proposal.id);
    const fresh = await this.proposals.byId(proposal.id);
    const { result, stored } = await this.tallies.tally(fresh);
    return toTally(stored, result.outcome as ProposalOutcome, false);
  }
}
