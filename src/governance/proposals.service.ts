import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from 'src/common/errors/domain-error';
import { byKeys, Loaders } from 'src/common/loaders/loaders';
import { Connection, decodeCursor, SEQ_CURSOR, toConnection } from 'src/common/pagination/connection';
import { CLASS_ORDER } from 'src/common/stakeholder-class';
import { amendTerms, validateBylawsTerms } from 'src/cooperatives/bylaws.rules';
import { termsFromInput } from 'src/cooperatives/bylaws-input';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { Role } from 'src/membership/member.entity';
import { hasRole, MembershipService } from 'src/membership/membership.service';
import { bylawsAmendmentJson } from './bylaws-amendment';
import { ClosingService } from './closing.service';
import { CreateProposalInput, ProposalsArgs } from './dto/governance.inputs';
import { ElectorateService } from './electorate.service';
import { ProposalKind, ProposalOutcome, ProposalStatus, ResultsVisibility, VotingMethod } from './governance.enums';
import { checkedOptions } from './option-rules';
import { Proposal, ProposalOption } from './proposal.entity';
import { proposalStatus } from './proposal-status';
import { SpendsService } from './spends.service';
import { StoredTally } from './tally-view';

export interface StoredOutcome {
  outcome: ProposalOutcome;
  tally: StoredTally;
  enactedBylawsId: string | null;
}

@Injectable()
export class ProposalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly cooperatives: CooperativesService,
    private readonly electorate: ElectorateService,
    private readonly closing: ClosingService,
    private readonly audit: AuditService,
    private readonly spends: SpendsService,
  ) {}

  async create(userId: string, input: CreateProposalInput): Promise<Proposal> {
    const member = await this.membership.requireMember(userId, input.cooperativeId);
    const bylaws = await this.cooperatives.currentBylaws(input.cooperativeId);
    if (!hasRole(member, Role.COORDINATOR) && !bylaws.membersMayPropose) throw forbidden('The bylaws let only coordinators create proposals');
    const now = new Date();
    const opensAt = input.opensAt ?? now;
    const { problems, labels, settings } = checkedOptions(input.method, input.kind, input.options, input);
    if (input.closesAt <= opensAt) problems.push({ field: 'closesAt', message: 'must be after opensAt' });
    if (input.closesAt <= now) problems.push({ field: 'closesAt', message: 'must be in the future' });
    if (input.bylawsAmendment) {
      if (input.kind !== ProposalKind.SPECIAL) problems.push({ field: 'bylawsAmendment', message: 'only a SPECIAL proposal can amend the bylaws' });
      for (const p of validateBylawsTerms(amendTerms(bylaws, termsFromInput(input.bylawsAmendment)))) problems.push({ ...p, field: `bylawsAmendment.${p.field}` });
    }
    problems.push(...this.spends.problems(input.method, input.spend));
    if (problems.length) throw badInput(problems);

    const classes = CLASS_ORDER.filter((c) => (input.classes ?? CLASS_ORDER).includes(c));
    const proposal = await inTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(Proposal);
      const created = await repository.save(
      repository.create({
        cooperativeId: input.cooperativeId,
        title: input.title.trim(),
        body: input.body,
        kind: input.kind,
        method: input.method,
        classes,
        opensAt,
        closesAt: input.closesAt,
        resultsVisibility: input.resultsVisibility ?? ResultsVisibility.ALWAYS,
        anonymous: input.anonymous ?? false,
        ...settings,
        bylawsAmendment: input.bylawsAmendment ? bylawsAmendmentJson(input.bylawsAmendment) : null,
        createdByMemberId: member.id,
        snapshotTakenAt: null,
        eligibleCounts: null,
        closedAt: null,
      }),
    );
      if (labels.length) {
        await manager.query(`INSERT INTO proposal_options (proposal_id, position, label) SELECT $1, p - 1, l FROM unnest($2::text[]) WITH ORDINALITY AS t(l, p)`, [created.id, labels]);
      }
      if (input.spend) await this.spends.record(manager, created, input.spend);
      await this.audit.record(manager, {
        cooperativeId: input.cooperativeId,
        actorUserId: userId,
        action: 'PROPOSAL_CREATED',
        subjectId: created.id,
        data: { title: created.title, kind: created.kind, method: created.method, ...(labels.length ? { options: labels } : {}) },
      });
      return created;
    });
    await this.electorate.ensureSnapshot(proposal.id);
    return this.byId(proposal.id);
  }

  /** A proposal as its cooperative's members see it; one past closesAt is finalised on the spot. */
  async get(userId: string, proposalId: string): Promise<Proposal> {
    let proposal = await this.byId(proposalId);
    await this.membership.requireMember(userId, proposal.cooperativeId);
    if (!proposal.closedAt && proposal.closesAt <= new Date()) {
      await this.closing.finalizeIfDue(proposal.id, 'READ');
      proposal = await this.byId(proposalId);
    } else if (!proposal.snapshotTakenAt && proposal.opensAt <= new Date()) {
      await this.electorate.ensureSnapshot(proposal.id);
      proposal = await this.byId(proposalId);
    }
    return proposal;
  }

  /** A coordinator closes early; the outcome is stored now. */
  async close(userId: string, proposalId: string): Promise<Proposal> {
    await inTransaction(this.dataSource, async (manager) => {
      const proposal = await manager.getRepository(Proposal).findOne({ where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
      if (!proposal) throw notFound('Proposal');
      await this.membership.requireMember(userId, proposal.cooperativeId, [Role.COORDINATOR], manager);
      if (proposal.closedAt) throw conflict('This proposal is already closed');
      if (proposal.opensAt > new Date()) throw conflict('This proposal has not opened yet');
      await this.closing.finalizeLocked(manager, proposal, 'COORDINATOR');
    });
    return this.byId(proposalId);
  }

  async extend(userId: string, proposalId: string, closesAt: Date): Promise<Proposal> {
    await inTransaction(this.dataSource, async (manager) => {
      const proposal = await manager.getRepository(Proposal).findOne({ where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
      if (!proposal) throw notFound('Proposal');
      await this.membership.requireMember(userId, proposal.cooperativeId, [Role.COORDINATOR], manager);
      if (proposalStatus(proposal) === ProposalStatus.CLOSED) throw conflict('This proposal is closed and cannot be extended');
      if (closesAt <= proposal.closesAt) throw badInput([{ field: 'closesAt', message: 'must be later than the current closesAt' }]);
      await manager.update(Proposal, { id: proposal.id }, { closesAt });
    });
    return this.byId(proposalId);
  }

  async list(cooperativeId: string, args: ProposalsArgs): Promise<Connection<Proposal>> {
    const after = decodeCursor(args.after, SEQ_CURSOR) ?? '0';
    const query = this.dataSource.getRepository(Proposal).createQueryBuilder('p').where('p.cooperative_id = :cooperativeId', { cooperativeId });
    switch (args.status) {
      case undefined:
        break;
      case ProposalStatus.DRAFT:
        query.andWhere('p.closed_at IS NULL AND p.opens_at > now()');
        break;
      case ProposalStatus.OPEN:
        query.andWhere('p.closed_at IS NULL AND p.opens_at <= now() AND p.closes_at > now()');
        break;
      case ProposalStatus.CLOSED:
        query.andWhere('(p.closed_at IS NOT NULL OR p.closes_at <= now())');
        break;
    }
    const [totalCount, rows] = await Promise.all([query.clone().getCount(), query.clone().andWhere('p.seq > :after', { after }).orderBy('p.seq').limit(args.first + 1).getMany()]);
    return toConnection(rows, args.first, totalCount, (p) => p.seq);
  }

  async outcome(proposalId: string): Promise<StoredOutcome | null> {
    const [row] = await this.outcomes([proposalId]);
    return row ?? null;
  }

  /** Stored outcomes of a page of proposals in one query (null while open). */
  loadOutcome(loaders: Loaders, proposalId: string): Promise<StoredOutcome | null> {
    return loaders.get<string, StoredOutcome | null>('proposalOutcome', async (ids) => byKeys(ids, await this.outcomes(ids), (o) => o.proposalId)).load(proposalId);
  }

  private outcomes(ids: readonly string[]): Promise<(StoredOutcome & { proposalId: string })[]> {
    return this.dataSource.query(
      `SELECT proposal_id AS "proposalId", outcome, tally, enacted_bylaws_id AS "enactedBylawsId" FROM proposal_outcomes WHERE proposal_id = ANY($1)`,
      [ids],
    );
  }

  /** A proposal's method and options in listing order, for many proposals of a request at once. */
  loadOptions(loaders: Loaders, proposalId: string): Promise<{ method: VotingMethod; options: ProposalOption[] }> {
    return loaders
      .get<string, { method: VotingMethod; options: ProposalOption[] }>('proposalOptions', async (ids) => {
        const rows = await this.dataSource.query<{ proposalId: string; method: VotingMethod; options: ProposalOption[] | null }[]>(
          `SELECT p.id AS "proposalId", p.method,
                  (SELECT json_agg(json_build_object('id', o.id, 'label', o.label, 'position', o.position) ORDER BY o.position) FROM proposal_options o WHERE o.proposal_id = p.id) AS options
             FROM proposals p WHERE p.id = ANY($1)`,
          [ids],
        );
        return byKeys(ids, rows, (row) => row.proposalId).map((row) => (row ? { method: row.method, options: row.options ?? [] } : notFound('Proposal')));
      })
      .load(proposalId);
  }

  async byId(id: string): Promise<Proposal> {
    const proposal = await this.dataSource.getRepository(Proposal).findOneBy({ id });
    if (!proposal) throw notFound('Proposal');
    return proposal;
  }
}
