import { Injectable } from '@nestjs/common';
import { forbidden, notFound } from 'src/common/errors/domain-error';
import { BallotsService } from 'src/governance/ballots.service';
import { Proposal } from 'src/governance/proposal.entity';
import { proposalStatus, resultsVisible } from 'src/governance/proposal-status';
import { ProposalsService } from 'src/governance/proposals.service';
import { MembershipService } from 'src/membership/membership.service';
import { textCell, timeCell } from './cells';
import { CsvColumn, CsvExport, ExportPlan, ExportRequest, requiredUuidParam } from './csv-export';

interface BallotRow {
  id: string;
  choice: string | null;
  reason: string | null;
  castAt: Date | null;
  memberId: string | null;
  displayName: string | null;
}

// BallotsService.list pages; it has no streaming read, so the current ballots are read here. Ids
// are random, so id order says nothing about who voted when.
const NAMED_SQL = `
  SELECT b.id, b.choice, b.reason, b.cast_at AS "castAt", b.member_id AS "memberId", u.display_name AS "displayName"
    FROM ballots b
    LEFT JOIN members m ON m.id = b.member_id
    LEFT JOIN users u ON u.id = m.user_id
   WHERE b.proposal_id = $1
   ORDER BY b.id`;
// Anonymous ballots carry no voter. Their time is left out too: in a file passed around, times could be matched to who was seen voting when.
const ANONYMOUS_SQL = `
  SELECT b.id, b.choice, b.reason, NULL::timestamptz AS "castAt", NULL::uuid AS "memberId", NULL::text AS "displayName"
    FROM ballots b
   WHERE b.proposal_id = $1
   ORDER BY b.id`;

const COLUMNS: CsvColumn<BallotRow>[] = [
  { header: 'ballot_id', cell: (r) => r.id },
  { header: 'choice', cell: (r) => r.choice },
  { header: 'reason', cell: (r) => textCell(r.reason) },
  { header: 'cast_at', cell: (r) => timeCell(r.castAt) },
  { header: 'member_id', cell: (r) => r.memberId },
  { header: 'member_name', cell: (r) => textCell(r.displayName) },
];

/** `ballots.csv?proposalId=…`: a proposal's current ballots, under the rule of `Proposal.ballots` (members, once results may be seen). */
@Injectable()
export class BallotsExport implements CsvExport {
  readonly name = 'ballots';

  constructor(
    private readonly membership: MembershipService,
    private readonly proposals: ProposalsService,
    private readonly ballots: BallotsService,
  ) {}

  async plan({ viewer, cooperative, query }: ExportRequest): Promise<ExportPlan<BallotRow>> {
    const proposalId = requiredUuidParam(query, 'proposalId');
    const member = await this.membership.requireMember(viewer.userId, cooperative.id);
    if ((await this.proposals.byId(proposalId)).cooperativeId !== cooperative.id) throw notFound('Proposal');
    // As `proposal(id)`: a proposal past its closing time is finalised first, so its status is current.
    const proposal: Proposal = await this.proposals.get(viewer.userId, proposalId);
    if (!resultsVisible(proposal.resultsVisibility, proposalStatus(proposal), await this.ballots.hasVoted(proposal, member.id))) {
      throw forbidden('Ballots are hidden until the results may be seen');
    }
    return { sql: proposal.anonymous ? ANONYMOUS_SQL : NAMED_SQL, params: [proposal.id], columns: () => Promise.resolve(COLUMNS) };
  }
}
