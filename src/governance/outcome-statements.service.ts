import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { conflict, notFound } from 'src/common/errors/domain-error';
import { byKeys, Loaders } from 'src/common/loaders/loaders';
import { inTransaction } from 'src/database/transaction';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { ProposalStatus } from './governance.enums';
import { Proposal } from './proposal.entity';
import { proposalStatus } from './proposal-status';
import { OutcomeStatement, OutcomeStatementInput } from './proxy.types';

const COLUMNS = `statement, review_on::text AS "reviewOn", recorded_at AS "recordedAt"`;

/** The decision in words, after close. A new statement supersedes the last one; every version is kept. */
@Injectable()
export class OutcomeStatementsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly audit: AuditService,
  ) {}

  async record(userId: string, input: OutcomeStatementInput): Promise<OutcomeStatement> {
    return inTransaction(this.dataSource, async (manager) => {
      const proposal = await manager.getRepository(Proposal).findOne({ where: { id: input.proposalId }, lock: { mode: 'pessimistic_read' } });
      if (!proposal) throw notFound('Proposal');
      await this.membership.requireMember(userId, proposal.cooperativeId, [Role.COORDINATOR], manager);
      if (proposalStatus(proposal) !== ProposalStatus.CLOSED) throw conflict('An outcome statement is recorded after the proposal closes');
      const [statement] = await manager.query<OutcomeStatement[]>(
        `INSERT INTO outcome_statements (proposal_id, statement, review_on, recorded_by_user_id) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [proposal.id, input.statement.trim(), input.reviewOn ?? null, userId],
      );
      await this.audit.record(manager, { cooperativeId: proposal.cooperativeId, actorUserId: userId, action: 'OUTCOME_STATEMENT_RECORDED', subjectId: proposal.id, data: { reviewOn: input.reviewOn ?? null } });
      return statement;
    });
  }

  /** The latest statement of each proposal of a request, in one query. */
  load(loaders: Loaders, proposalId: string): Promise<OutcomeStatement | null> {
    return loaders
      .get<string, OutcomeStatement | null>('outcomeStatement', async (ids) => {
        const rows = await this.dataSource.query<(OutcomeStatement & { proposalId: string })[]>(
          `SELECT DISTINCT ON (proposal_id) proposal_id AS "proposalId", ${COLUMNS} FROM outcome_statements WHERE proposal_id = ANY($1) ORDER BY proposal_id, seq DESC`,
          [ids],
        );
        return byKeys(ids, rows, (row) => row.proposalId);
      })
      .load(proposalId);
  }
}
