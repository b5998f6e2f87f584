import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from 'src/common/errors/domain-error';
import { Connection, PageArgs, sqlPage, uuidKey } from 'src/common/pagination/connection';
import { inTransaction } from 'src/database/transaction';
import { Member } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { classMask } from './class-mask';
import { CastVoteInput } from './dto/governance.inputs';
import { ElectorateService } from './electorate.service';
import { Choice, ProposalStatus, VotingMethod } from './governance.enums';
import { Ballot, BallotRevision, Proposal } from './proposal.entity';
import { proposalStatus } from './proposal-status';

const BALLOT_COLUMNS = `id, choice, reason, cast_at AS "castAt", member_id AS "memberId", NULL AS "optionIds", NULL AS "ranking"`;

@Injectable()
export class BallotsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly electorate: ElectorateService,
  ) {}

  /**
   * One current ballot per member: voting again replaces it and the earlier one stays in the history.
   * The proposal row is share-locked, so no ballot commits after the outcome is stored.
   */
  async cast(userId: string, input: CastVoteInput): Promise<{ ballot: Ballot; proposal: Proposal }> {
    await this.electorate.ensureSnapshot(input.proposalId);
    return inTransaction(this.dataSource, async (manager) => {
      const proposal = await manager.getRepository(Proposal).findOne({ where: { id: input.proposalId }, lock: { mode: 'pessimistic_read' } });
      if (!proposal) throw notFound('Proposal');
      const member = await this.membership.requireMember(userId, proposal.cooperativeId, [], manager);
      const status = proposalStatus(proposal);
      if (status === ProposalStatus.DRAFT) throw conflict('Voting has not opened yet');
      if (status === ProposalStatus.CLOSED) throw conflict('Voting has closed');
      const choice = this.checkedChoice(proposal, input);
      const voter = await this.electorate.voter(manager, proposal.id, member.id, proposal.anonymous);
      if (!voter) throw forbidden('You are not in the electorate of this proposal');
      const reason = input.reason?.trim() || null;
      const ballot = proposal.anonymous ? await this.castAnonymous(manager, proposal, member, voter, choice, reason) : await this.castNamed(manager, proposal, member, voter.classes, choice, reason);
      return { ballot, proposal };
    });
  }

  private checkedChoice(proposal: Proposal, input: CastVoteInput): Choice {
    if (!input.choice) throw badInput([{ field: 'choice', message: `is required for ${proposal.method}` }]);
    if (input.optionIds?.length || input.ranking?.length) throw badInput([{ field: 'optionIds', message: `${proposal.method} takes a choice, not options` }]);
    if (input.choice === Choice.BLOCK && proposal.method !== VotingMethod.CONSENT) throw badInput([{ field: 'choice', message: 'BLOCK exists only under the CONSENT method' }]);
    if (input.choice === Choice.BLOCK && !input.reason?.trim()) throw badInput([{ field: 'reason', message: 'is required for a BLOCK' }]);
    return input.choice;
  }

  private async castNamed(manager: EntityManager, proposal: Proposal, member: Member, classes: StakeholderClass[], choice: Choice, reason: string | null): Promise<Ballot> {
    const [ballot] = await manager.query<Ballot[]>(
      `INSERT INTO ballots (proposal_id, member_id, class_mask, choice, reason) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (proposal_id, member_id) WHERE member_id IS NOT NULL
       DO UPDATE SET choice = EXCLUDED.choice, reason = EXCLUDED.reason, cast_at = clock_timestamp()
       RETURNING ${BALLOT_COLUMNS}`,
      [proposal.id, member.id, classMask(classes), choice, reason],
    );
    // Written while holding the ballot's row lock, so history order is the order the ballots replaced each other.
    await manager.query(`INSERT INTO ballot_history (proposal_id, member_id, choice, reason, cast_at) VALUES ($1, $2, $3, $4, $5)`, [proposal.id, member.id, choice, reason, ballot.castAt]);
    return ballot;
  }

  /** Anonymous: the electorate row records only that the member voted; the ballot carries no identity. */
  private async castAnonymous(manager: EntityManager, proposal: Proposal, member: Member, voter: { classes: StakeholderClass[]; votedAt: Date | null }, choice: Choice, reason: string | null): Promise<Ballot> {
    if (voter.votedAt) throw conflict('You have already voted; anonymous ballots cannot be changed');
    await manager.query(`UPDATE proposal_electorate SET voted_at = now() WHERE proposal_id = $1 AND member_id = $2`, [proposal.id, member.id]);
    const [ballot] = await manager.query<Ballot[]>(`INSERT INTO ballots (proposal_id, class_mask, choice, reason) VALUES ($1, $2, $3, $4) RETURNING ${BALLOT_COLUMNS}`, [
      proposal.id,
      classMask(voter.classes),
      choice,
      reason,
    ]);
    return ballot;
  }

  /** The member's current ballot; in anonymous proposals nobody's ballot can be found again. */
  async current(proposal: Proposal, memberId: string): Promise<Ballot | null> {
    if (proposal.anonymous) return null;
    const [ballot] = await this.dataSource.query<Ballot[]>(`SELECT ${BALLOT_COLUMNS} FROM ballots WHERE proposal_id = $1 AND member_id = $2`, [proposal.id, memberId]);
    return ballot ?? null;
  }

  async hasVoted(proposal: Proposal, memberId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      proposal.anonymous ? `SELECT 1 FROM proposal_electorate WHERE proposal_id = $1 AND member_id = $2 AND voted_at IS NOT NULL` : `SELECT 1 FROM ballots WHERE proposal_id = $1 AND member_id = $2`,
      [proposal.id, memberId],
    );
    return rows.length > 0;
  }

  /** Earlier and current ballots of one member, oldest first. */
  history(proposal: Proposal, memberId: string): Promise<BallotRevision[]> {
    return this.dataSource.query<BallotRevision[]>(`SELECT choice, reason, cast_at AS "castAt" FROM ballot_history WHERE proposal_id = $1 AND member_id = $2 ORDER BY seq`, [proposal.id, memberId]);
  }

  /** Current ballots, paged in id order (stable while members re-vote). */
  async list(proposal: Proposal, page: PageArgs): Promise<Connection<Ballot>> {
    return sqlPage<Ballot>(
      this.dataSource,
      page,
      {
        count: `SELECT count(*)::int AS n FROM ballots WHERE proposal_id = $1`,
        rows: `SELECT ${BALLOT_COLUMNS} FROM ballots WHERE proposal_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      },
      [proposal.id],
      uuidKey((b) => b.id),
    );
  }
}
