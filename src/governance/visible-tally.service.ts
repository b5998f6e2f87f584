import { Injectable } from '@nestjs/common';
import { forbidden } from 'src/common/errors/domain-error';
import { Loaders } from 'src/common/loaders/loaders';
import { MembershipService } from 'src/membership/membership.service';
import { BallotsService } from './ballots.service';
import { ClosingService } from './closing.service';
import { ElectorateService } from './electorate.service';
import { ProposalStatus, ResultsVisibility } from './governance.enums';
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

  /** Through the request's loaders, so a list of proposals with their tallies runs a fixed number of queries. */
  async forViewer(proposal: Proposal, userId: string, loaders: Loaders = new Loaders()): Promise<Tally> {
    const member = await this.membership.requireViewerMember(loaders, userId, proposal.cooperativeId);
    const status = proposalStatus(proposal);
    if (!resultsVisible(proposal.resultsVisibility, status, status !== ProposalStatus.CLOSED && (await this.ballots.loadHasVoted(loaders, proposal, member.id)))) {
      throw forbidden(`Results are hidden ${proposal.resultsVisibility === ResultsVisibility.AFTER_VOTE ? 'until you vote or the proposal closes' : 'until the proposal closes'}`);
    }
    return this.current(proposal, loaders);
  }

  /** The tally without a visibility check (for callers that checked already). */
  async current(proposal: Proposal, loaders: Loaders = new Loaders()): Promise<Tally> {
    if (proposalStatus(proposal) === ProposalStatus.CLOSED) {
      // Past closesAt but not closed yet (the closer has not run): close it now, then read what it stored.
      const stored = proposal.closedAt ? await this.proposals.loadOutcome(loaders, proposal.id) : await this.closing.finalizeIfDue(proposal.id, 'READ').then(() => this.proposals.outcome(proposal.id));
      if (stored) return toTally(stored.tally, stored.outcome, true);
    }
    let open = proposal;
    if (!proposal.snapshotTakenAt && proposal.opensAt <= new Date()) {
      // Opened since it was read and nobody has voted yet: freeze the electorate first.
      await this.electorate.ensureSnapshot(proposal.id);
      open = await this.proposals.byId(proposal.id);
    }
    const { outcome, stored } = await this.tallies.loadTally(loaders, open);
    return toTally(stored, outcome, false);
  }
}
