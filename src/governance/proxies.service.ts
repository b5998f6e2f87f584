import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { badInput, conflict, forbidden, notFound } from 'src/common/errors/domain-error';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { isUniqueViolation } from 'src/database/pg-errors';
import { inTransaction } from 'src/database/transaction';
import { MemberStatus } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { ProposalStatus } from './governance.enums';
import { Proposal } from './proposal.entity';
import { proposalStatus } from './proposal-status';
import { AppointProxyInput, Proxy } from './proxy.types';

/** A live proxy that still matters: standing, or for a proposal not closed yet. */
const IN_FORCE = `revoked_at IS NULL AND (proposal_id IS NULL OR EXISTS (SELECT 1 FROM proposals p WHERE p.id = proposal_id AND p.closed_at IS NULL AND p.closes_at > now()))`;

const PROXY_COLUMNS = `id, cooperative_id AS "cooperativeId", giver_member_id AS "giverMemberId", holder_member_id AS "holderMemberId", proposal_id AS "proposalId",
  appointed_at AS "appointedAt", revoked_at AS "revokedAt"`;

/**
 * Proxies: a member gives their vote to another member of the same electorate, for one proposal or
 * standing until revoked. How they count is in effective-ballots.sql.ts; here are the rules for
 * appointing and revoking. The holder's member row is locked while the limit is checked, so two
 * appointments to one holder cannot both take its last place.
 */
@Injectable()
export class ProxiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly cooperatives: CooperativesService,
    private readonly audit: AuditService,
  ) {}

  async appoint(userId: string, input: AppointProxyInput): Promise<Proxy> {
    return inTransaction(this.dataSource, async (manager) => {
      const holder = await this.membership.lockMember(manager, input.holderMemberId);
      const giver = await this.membership.requireMember(userId, holder.cooperativeId, [], manager);
      if (giver.id === holder.id) throw badInput([{ field: 'holderMemberId', message: 'you cannot be your own proxy' }]);
      if (holder.status !== MemberStatus.ACTIVE) throw badInput([{ field: 'holderMemberId', message: 'the holder is not an active member' }]);
      const bylaws = await this.cooperatives.currentBylaws(holder.cooperativeId, manager);
      if (bylaws.proxiesPerHolder === 0) throw conflict('The bylaws allow no proxies');
      if (input.proposalId) await this.checkProposal(manager, input.proposalId, holder.cooperativeId, [giver.id, holder.id]);
      const [ownProxy] = await manager.query<unknown[]>(
        `SELECT 1 FROM proxies WHERE giver_member_id = $1 AND ${IN_FORCE} AND (proposal_id IS NULL OR proposal_id IS NOT DISTINCT FROM $2)`,
        [holder.id, input.proposalId ?? null],
      );
      if (ownProxy) throw badInput([{ field: 'holderMemberId', message: 'this member has given their own vote to a proxy; votes are not passed on' }]);
      const [{ n }] = await manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM proxies WHERE holder_member_id = $1 AND ${IN_FORCE}`, [holder.id]);
      if (n >= bylaws.proxiesPerHolder) throw conflict(`This member already carries ${n} ${n === 1 ? 'proxy' : 'proxies'}; the bylaws allow ${bylaws.proxiesPerHolder}`);
      let proxy: Proxy;
      try {
        [proxy] = await manager.query<Proxy[]>(
          `INSERT INTO proxies (cooperative_id, giver_member_id, holder_member_id, proposal_id) VALUES ($1, $2, $3, $4) RETURNING ${PROXY_COLUMNS}`,
          [holder.cooperativeId, giver.id, holder.id, input.proposalId ?? null],
        );
      } catch (error) {
        if (isUniqueViolation(error, 'proxies_one_live_per_giver')) throw conflict('You already have a proxy for this; revoke it first');
        throw error;
      }
      await this.audit.record(manager, {
        cooperativeId: holder.cooperativeId,
        actorUserId: userId,
        action: 'PROXY_APPOINTED',
        subjectId: proxy.id,
        data: { giverMemberId: giver.id, holderMemberId: holder.id, proposalId: input.proposalId ?? null },
      });
      return proxy;
    });
  }

  /** Per proposal: in the same cooperative, open or not yet open, not anonymous, and both members in its electorate once frozen. */
  private async checkProposal(manager: EntityManager, proposalId: string, cooperativeId: string, memberIds: string[]): Promise<void> {
    const proposal = await manager.getRepository(Proposal).findOneBy({ id: proposalId });
    if (!proposal || proposal.cooperativeId !== cooperativeId) throw notFound('Proposal');
    if (proposal.anonymous) throw badInput([{ field: 'proposalId', message: 'anonymous proposals take no proxies' }]);
    if (proposalStatus(proposal) === ProposalStatus.CLOSED) throw conflict('Voting has closed');
    if (!proposal.snapshotTakenAt) return;
    const [{ n }] = await manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM proposal_electorate WHERE proposal_id = $1 AND member_id = ANY($2)`, [proposalId, memberIds]);
    if (n < 2) throw forbidden('Both members must be in the electorate of this proposal');
  }

  /** By the giver, until the proposal closes (a standing proxy: at any time). */
  async revoke(userId: string, id: string): Promise<Proxy> {
    return inTransaction(this.dataSource, async (manager) => {
      const [proxy] = await manager.query<Proxy[]>(`SELECT ${PROXY_COLUMNS} FROM proxies WHERE id = $1 FOR UPDATE`, [id]);
      if (!proxy) throw notFound('Proxy');
      const giver = await this.membership.requireMember(userId, proxy.cooperativeId, [], manager);
      if (giver.id !== proxy.giverMemberId) throw forbidden('Only the member who gave a proxy can revoke it');
      if (proxy.revokedAt) throw conflict('This proxy is already revoked');
      if (proxy.proposalId) {
        const proposal = await manager.getRepository(Proposal).findOneByOrFail({ id: proxy.proposalId });
        if (proposalStatus(proposal) === ProposalStatus.CLOSED) throw conflict('Voting has closed; the proxy stays as it was counted');
      }
      const [rows] = await manager.query<[Proxy[], number]>(`UPDATE proxies SET revoked_at = now() WHERE id = $1 RETURNING ${PROXY_COLUMNS}`, [id]);
      await this.audit.record(manager, { cooperativeId: proxy.cooperativeId, actorUserId: userId, action: 'PROXY_REVOKED', subjectId: id, data: { proposalId: proxy.proposalId } });
      return rows[0];
    });
  }

  /** The viewer's live proxy that applies to a proposal: its own, else a standing one. */
  async mine(userId: string, proposal: Proposal): Promise<Proxy | null> {
    const member = await this.membership.requireMember(userId, proposal.cooperativeId);
    const [proxy] = await this.dataSource.query<Proxy[]>(
      `SELECT ${PROXY_COLUMNS} FROM proxies WHERE giver_member_id = $1 AND revoked_at IS NULL AND (proposal_id = $2 OR proposal_id IS NULL) ORDER BY proposal_id NULLS LAST LIMIT 1`,
      [member.id, proposal.id],
    );
    return proxy ?? null;
  }
}
