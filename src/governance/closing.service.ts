import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { ElectorateService } from './electorate.service';
import { ProposalKind, ProposalOutcome } from './governance.enums';
import { Proposal } from './proposal.entity';
import { SpendsService } from './spends.service';
import { TallyService } from './tally.service';
import { bylawsTermsFromJson } from './bylaws-amendment';
import { amendTerms, validateBylawsTerms } from 'src/cooperatives/bylaws.rules';

export type ClosedBy = 'COORDINATOR' | 'CLOSER' | 'READ';

/**
 * Stores a proposal's outcome and the tally that produced it, exactly once: the proposal row is
 * locked, `closed_at` is checked, and proposal_outcomes' primary key backs it up across instances.
 * A passed SPECIAL proposal's bylaws amendment takes effect, and its spend is posted, in the same transaction.
 */
@Injectable()
export class ClosingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly electorate: ElectorateService,
    private readonly tallies: TallyService,
    private readonly cooperatives: CooperativesService,
    private readonly audit: AuditService,
    private readonly spends: SpendsService,
  ) {}

  /** Finalises one proposal whose row the caller holds FOR UPDATE; returns false when already closed. */
  async finalizeLocked(manager: EntityManager, proposal: Proposal, closedBy: ClosedBy): Promise<boolean> {
    if (proposal.closedAt) return false;
    await this.electorate.takeSnapshotLocked(manager, proposal);
    const { outcome, stored } = await this.tallies.tally(proposal, manager);
    let enactedBylawsId: string | null = null;
    let enactmentError: string | null = null;
    if (outcome === ProposalOutcome.PASSED && proposal.kind === ProposalKind.SPECIAL && proposal.bylawsAmendment) {
      await this.cooperatives.lockCooperative(manager, proposal.cooperativeId);
      const current = await this.cooperatives.currentBylaws(proposal.cooperativeId, manager);
      const terms = amendTerms(current, bylawsTermsFromJson(proposal.bylawsAmendment));
      const problems = validateBylawsTerms(terms);
      if (problems.length) {
        enactmentError = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      } else {
        enactedBylawsId = (await this.cooperatives.insertBylawsVersion(manager, proposal.cooperativeId, current.version + 1, terms, null, proposal.id)).id;
      }
    }
    await this.spends.settleLocked(manager, proposal, outcome);
    const now = new Date();
    await manager.query(
      `INSERT INTO proposal_outcomes (proposal_id, outcome, tally, closed_by, enacted_bylaws_id, enactment_error) VALUES ($1, $2, $3, $4, $5, $6)`,
      [proposal.id, outcome, JSON.stringify(stored), closedBy, enactedBylawsId, enactmentError],
    );
    const closesAt = proposal.closesAt > now ? now : proposal.closesAt;
    await manager.update(Proposal, { id: proposal.id }, { closedAt: now, closesAt });
    proposal.closedAt = now;
    proposal.closesAt = closesAt;
    await this.audit.record(manager, {
      cooperativeId: proposal.cooperativeId,
      actorUserId: null,
      action: 'PROPOSAL_CLOSED',
      subjectId: proposal.id,
      data: { outcome, weightedSupport: stored.weightedSupport, closedBy, enactedBylawsId, enactmentError },
    });
    return true;
  }

  /** Finalises a proposal if it is due (its own transaction); safe to call from any instance. */
  async finalizeIfDue(proposalId: string, closedBy: ClosedBy): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const proposal = await manager.getRepository(Proposal).findOne({ where: { id: proposalId }, lock: { mode: 'pessimistic_write' } });
      if (proposal && !proposal.closedAt && proposal.closesAt <= new Date()) await this.finalizeLocked(manager, proposal, closedBy);
    });
  }

  /** Freezes the electorates of proposals that have opened since the last pass (a scheduled opensAt). */
  async snapshotOpened(limit = 20): Promise<number> {
    let taken = 0;
    for (let i = 0; i < limit; i++) {
      const done = await inTransaction(this.dataSource, async (manager) => {
        const [opened] = await manager.query<{ id: string }[]>(
          `SELECT id FROM proposals WHERE snapshot_taken_at IS NULL AND closed_at IS NULL AND opens_at <= now() ORDER BY opens_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!opened) return false;
        await this.electorate.openLocked(manager, await manager.getRepository(Proposal).findOneByOrFail({ id: opened.id }));
        return true;
      });
      if (!done) break;
      taken++;
    }
    return taken;
  }

  /** One pass of the background closer: due proposals, each in its own transaction, skipping rows another instance holds. */
  async closeDue(limit = 20): Promise<number> {
    let closed = 0;
    for (let i = 0; i < limit; i++) {
      const done = await inTransaction(this.dataSource, async (manager) => {
        const [due] = await manager.query<{ id: string }[]>(
          `SELECT id FROM proposals WHERE closed_at IS NULL AND closes_at <= now() ORDER BY closes_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!due) return false;
        const proposal = await manager.getRepository(Proposal).findOneByOrFail({ id: due.id });
        return this.finalizeLocked(manager, proposal, 'CLOSER');
      });
      if (!done) break;
      closed++;
    }
    return closed;
  }
}
