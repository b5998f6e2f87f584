import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from 'src/common/errors/domain-error';
import { byKeys, Loaders } from 'src/common/loaders/loaders';
import { Connection, PageArgs, sqlPage, uuidKey } from 'src/common/pagination/connection';
import { inSqlTransaction, Sql } from 'src/database/transaction';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { classMask } from './class-mask';
import { CastVoteInput } from './dto/governance.inputs';
import { ElectorateService } from './electorate.service';
import { Choice, isOptionMethod, ProposalStatus, VotingMethod } from './governance.enums';
import { optionBallot } from './option-rules';
import { Ballot, BallotRevision, Proposal } from './proposal.entity';
import { proposalStatus } from './proposal-status';
import { BALLOT_COLUMNS, VOTE_CONTEXT, VoteContext, WRITE_ANONYMOUS_BALLOT, WRITE_NAMED_BALLOT } from './vote-statements';

const SNAPSHOT_NEEDED = Symbol('snapshot needed');
const ANONYMOUS_ONCE = 'You have already voted; anonymous ballots cannot be changed';

@Injectable()
export class BallotsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly electorate: ElectorateService,
  ) {}

  /**
   * One current ballot per member: voting again replaces it and the earlier one stays in the history.
   * A vote is one transaction of two statements (VOTE_CONTEXT, then one write); the first vote after
   * opening also takes the electorate snapshot, in its own transaction, and then votes.
   */
  async cast(userId: string, input: CastVoteInput): Promise<{ ballot: Ballot; proposalId: string }> {
    const vote = () => inSqlTransaction(this.dataSource, (sql) => this.castIn(sql, userId, input));
    const first = await vote();
    if (first !== SNAPSHOT_NEEDED) return first;
    await this.electorate.ensureSnapshot(input.proposalId);
    const second = await vote();
    if (second === SNAPSHOT_NEEDED) throw new Error(`proposal ${input.proposalId} is open but has no electorate snapshot`);
    return second;
  }

  private async castIn(sql: Sql, userId: string, input: CastVoteInput): Promise<{ ballot: Ballot; proposalId: string } | typeof SNAPSHOT_NEEDED> {
    const [context] = await sql<VoteContext>(VOTE_CONTEXT, [input.proposalId, userId]);
    if (!context) throw notFound('Proposal');
    if (!context.memberId) throw forbidden('You are not a member of this cooperative');
    const status = proposalStatus(context);
    if (status === ProposalStatus.DRAFT) throw conflict('Voting has not opened yet');
    if (status === ProposalStatus.CLOSED) throw conflict('Voting has closed');
    if (!context.snapshotTaken) return SNAPSHOT_NEEDED;
    const ballot = this.checkedBallot(context, input);
    if (!context.classes) throw forbidden('You are not in the electorate of this proposal');
    const reason = input.reason?.trim() || null;
    const params = [input.proposalId, context.memberId, classMask(context.classes as StakeholderClass[]), ballot.choice, reason, ballot.positions, ballot.amounts];
    if (!context.anonymous) {
      const [written] = await sql<Ballot>(WRITE_NAMED_BALLOT, params);
      return { ballot: written, proposalId: input.proposalId };
    }
    // Anonymous ballots carry no identity and cannot be changed: the electorate row records only that the member voted.
    if (context.votedAt) throw conflict(ANONYMOUS_ONCE);
    const [written] = await sql<Ballot>(WRITE_ANONYMOUS_BALLOT, params);
    if (!written) throw conflict(ANONYMOUS_ONCE);
    return { ballot: written, proposalId: input.proposalId };
  }

  /** The ballot as stored: a choice (YES_NO, CONSENT, or ABSTAIN under any method), or option positions or amounts. */
  private checkedBallot(context: VoteContext, input: CastVoteInput): { choice: Choice | null; positions: number[] | null; amounts: number[] | null } {
    const method = context.method as VotingMethod;
    if (!isOptionMethod(method)) {
      if (input.scores?.length || input.allocations?.length) throw badInput([{ field: input.scores?.length ? 'scores' : 'allocations', message: `${method} takes a choice, not options` }]);
      return { choice: this.checkedChoice(method, input), positions: null, amounts: null };
    }
    const stored = optionBallot(method, context, context.optionIds ?? [], input);
    if ('field' in stored) throw badInput([stored]);
    return { choice: stored.abstain ? Choice.ABSTAIN : null, positions: stored.positions, amounts: stored.amounts };
  }

  private checkedChoice(method: VotingMethod, input: CastVoteInput): Choice {
    if (!input.choice) throw badInput([{ field: 'choice', message: `is required for ${method}` }]);
    if (input.optionIds?.length || input.ranking?.length) throw badInput([{ field: 'optionIds', message: `${method} takes a choice, not options` }]);
    if (input.choice === Choice.BLOCK && method !== VotingMethod.CONSENT) throw badInput([{ field: 'choice', message: 'BLOCK exists only under the CONSENT method' }]);
    if (input.choice === Choice.BLOCK && !input.reason?.trim()) throw badInput([{ field: 'reason', message: 'is required for a BLOCK' }]);
    return input.choice;
  }

  /** The member's current ballot; in anonymous proposals nobody's ballot can be found again. */
  async current(proposal: Proposal, memberId: string): Promise<Ballot | null> {
    if (proposal.anonymous) return null;
    const [ballot] = await this.dataSource.query<Ballot[]>(`SELECT ${BALLOT_COLUMNS} FROM ballots WHERE proposal_id = $1 AND member_id = $2`, [proposal.id, memberId]);
    return ballot ?? null;
  }

  /** The member's current ballots on many proposals in one query (a list's `myBallot`). */
  loadCurrent(loaders: Loaders, proposal: Proposal, memberId: string): Promise<Ballot | null> {
    if (proposal.anonymous) return Promise.resolve(null);
    return loaders
      .get<string, Ballot | null>(`currentBallot:${memberId}`, async (proposalIds) => {
        const rows = await this.dataSource.query<(Ballot & { proposalId: string })[]>(`SELECT ${BALLOT_COLUMNS}, proposal_id AS "proposalId" FROM ballots WHERE member_id = $1 AND proposal_id = ANY($2)`, [
          memberId,
          proposalIds,
        ]);
        return byKeys(proposalIds, rows, (b) => b.proposalId);
      })
      .load(proposal.id);
  }

  /** Whether the member voted, for many proposals in one query: a named ballot, or an anonymous proposal's voted mark. */
  loadHasVoted(loaders: Loaders, proposal: Proposal, memberId: string): Promise<boolean> {
    return loaders
      .get<string, boolean>(`hasVoted:${memberId}`, async (proposalIds) => {
        const rows = await this.dataSource.query<{ id: string }[]>(
          `SELECT proposal_id AS id FROM ballots WHERE member_id = $1 AND proposal_id = ANY($2)
           UNION SELECT proposal_id FROM proposal_electorate WHERE member_id = $1 AND proposal_id = ANY($2) AND voted_at IS NOT NULL`,
          [memberId, proposalIds],
        );
        const voted = new Set(rows.map((row) => row.id));
        return proposalIds.map((id) => voted.has(id));
      })
      .load(proposal.id);
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
    return this.dataSource.query<BallotRevision[]>(
      `SELECT proposal_id AS "proposalId", choice, reason, cast_at AS "castAt", positions, amounts FROM ballot_history WHERE proposal_id = $1 AND member_id = $2 ORDER BY seq`,
      [proposal.id, memberId],
    );
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
