import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { notFound } from 'src/common/errors/domain-error';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { inTransaction } from 'src/database/transaction';
import { EligibleCounts, Proposal } from './proposal.entity';

/**
 * The electorate snapshot: when a proposal opens, its eligible members and the classes each belongs to
 * are frozen, with the vote weights and quorums then in force, so later admissions, exits or bylaws
 * amendments do not change that vote.
 */
@Injectable()
export class ElectorateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cooperatives: CooperativesService,
    private readonly audit: AuditService,
  ) {}

  /** Takes the snapshot if the proposal has opened and has none yet (its own short transaction). */
  async ensureSnapshot(proposalId: string, now = new Date()): Promise<void> {
    const proposal = await this.dataSource.getRepository(Proposal).findOneBy({ id: proposalId });
    if (!proposal) throw notFound('Proposal');
    if (proposal.snapshotTakenAt || proposal.opensAt > now) return;
    await inTransaction(this.dataSource, async (manager) => {
      const locked = await manager.getRepository(Proposal).findOneOrFail({ where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
      await this.openLocked(manager, locked);
    });
  }

  /**
   * Opens the vote of a proposal whose row the caller holds FOR UPDATE: takes the snapshot and records
   * PROPOSAL_OPENED (last, as audit records must be). A no-op when it is open already.
   */
  async openLocked(manager: EntityManager, proposal: Proposal): Promise<void> {
    if (proposal.snapshotTakenAt) return;
    const opened = await this.takeSnapshotLocked(manager, proposal);
    await this.audit.record(manager, {
      cooperativeId: proposal.cooperativeId,
      actorUserId: null,
      action: 'PROPOSAL_OPENED',
      subjectId: proposal.id,
      data: { title: proposal.title, closesAt: proposal.closesAt.toISOString(), eligible: opened.eligibleCounts?.distinct ?? 0 },
    });
  }

  /** Takes the snapshot of a proposal whose row the caller holds FOR UPDATE; a no-op when taken. */
  async takeSnapshotLocked(manager: EntityManager, proposal: Proposal): Promise<Proposal> {
    if (proposal.snapshotTakenAt) return proposal;
    await manager.query(
      `INSERT INTO proposal_electorate (proposal_id, member_id, classes)
       SELECT $1, m.id, array_agg(u.stakeholder_class ORDER BY array_position(ARRAY['FOUNDER', 'FUNDER', 'WORKER', 'USER'], u.stakeholder_class))
         FROM members m
         JOIN member_class_units u ON u.member_id = m.id AND u.units > 0 AND u.stakeholder_class = ANY($3)
        WHERE m.cooperative_id = $2 AND m.status = 'ACTIVE'
        GROUP BY m.id`,
      [proposal.id, proposal.cooperativeId, proposal.classes],
    );
    const rows = await manager.query<{ class: StakeholderClass | null; n: number }[]>(
      `SELECT c AS class, count(*)::int AS n FROM proposal_electorate e, unnest(e.classes) c WHERE e.proposal_id = $1 GROUP BY c`,
      [proposal.id],
    );
    const bylaws = await this.cooperatives.currentBylaws(proposal.cooperativeId, manager);
    const counts: EligibleCounts = {
      classes: {},
      distinct: 0,
      weights: Object.fromEntries(CLASS_ORDER.map((c) => [c, bylaws.voteWeight(c).toString()])) as Record<StakeholderClass, string>,
      quorumPerClass: bylaws.quorumPerClass.toString(),
      quorumOverall: bylaws.quorumOverall.toString(),
    };
    for (const row of rows) if (row.class) counts.classes[row.class] = row.n;
    const [{ n: distinct }] = await manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM proposal_electorate WHERE proposal_id = $1`, [proposal.id]);
    counts.distinct = distinct;
    proposal.snapshotTakenAt = new Date();
    proposal.eligibleCounts = counts;
    await manager.update(Proposal, { id: proposal.id }, { snapshotTakenAt: proposal.snapshotTakenAt, eligibleCounts: counts });
    return proposal;
  }

  /** The voter's frozen classes, or null when the member is not in the electorate. */
  async voter(manager: EntityManager, proposalId: string, memberId: string, lock = false): Promise<{ classes: StakeholderClass[]; votedAt: Date | null } | null> {
    const [row] = await manager.query<{ classes: StakeholderClass[]; votedAt: Date | null }[]>(
      `SELECT classes, voted_at AS "votedAt" FROM proposal_electorate WHERE proposal_id = $1 AND member_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [proposalId, memberId],
    );
    return row ?? null;
  }
}
