import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { conflict, forbidden, notFound } from 'src/common/errors/domain-error';
import { byKeys, groupByKeys, Loaders } from 'src/common/loaders/loaders';
import { Connection, decodeCursor, PageArgs, SEQ_CURSOR, toConnection } from 'src/common/pagination/connection';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { Member, MemberStatus, Role } from './member.entity';

export function hasRole(member: Member, role: Role): boolean {
  if (member.roles.includes(role)) return true;
  return role !== Role.ADMIN && member.roles.includes(Role.ADMIN);
}

/** Refuses to act on a member who is not ACTIVE, saying why. */
export function assertActiveMember(member: Member): void {
  if (member.status === MemberStatus.INVITED) throw conflict('This member has not accepted the invitation yet');
  if (member.status === MemberStatus.LEFT) throw conflict('This member has left the cooperative');
}

/** Members and their roles, and the access check every cooperative-scoped operation starts with. */
@Injectable()
export class MembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The founding member of a new cooperative: its creator, as ADMIN and COORDINATOR. */
  addFoundingMember(manager: EntityManager, cooperativeId: string, userId: string): Promise<Member> {
    const members = manager.getRepository(Member);
    return members.save(members.create({ cooperativeId, userId, roles: [Role.ADMIN, Role.COORDINATOR, Role.MEMBER], status: MemberStatus.ACTIVE, admittedAt: new Date() }));
  }

  /**
   * Makes a user an active member: a new row, or the old row re-activated for someone who left
   * (their unit history stays attached to it). Re-admission counts as a new admission for seniority.
   */
  async admit(manager: EntityManager, cooperativeId: string, userId: string, roles: Role[] = [Role.MEMBER]): Promise<Member> {
    const members = manager.getRepository(Member);
    const existing = await members.findOne({ where: { cooperativeId, userId }, lock: { mode: 'pessimistic_write' } });
    const withMember = [...new Set([Role.MEMBER, ...roles])];
    if (!existing) return members.save(members.create({ cooperativeId, userId, roles: withMember, status: MemberStatus.ACTIVE, admittedAt: new Date() }));
    if (existing.status === MemberStatus.ACTIVE) throw conflict('This user is already a member of the cooperative');
    await manager.query(`UPDATE members SET status = 'ACTIVE', left_at = NULL, roles = $2, admitted_at = now(), seniority = nextval('members_seniority_seq') WHERE id = $1`, [existing.id, withMember]);
    return members.findOneByOrFail({ id: existing.id });
  }

  async setRoles(userId: string, memberId: string, roles: Role[]): Promise<Member> {
    return inTransaction(this.dataSource, async (manager) => {
      const member = await this.lockMember(manager, memberId);
      await this.requireMember(userId, member.cooperativeId, [Role.ADMIN], manager);
      assertActiveMember(member);
      const next = [...new Set([Role.MEMBER, ...roles])];
      if (member.roles.includes(Role.ADMIN) && !next.includes(Role.ADMIN)) await this.assertAnotherAdmin(manager, member);
      member.roles = next;
      const saved = await manager.getRepository(Member).save(member);
      await this.audit.record(manager, { cooperativeId: member.cooperativeId, actorUserId: userId, action: 'MEMBER_ROLES_SET', subjectId: member.id, data: { roles: next } });
      return saved;
    });
  }

  /** A cooperative always keeps at least one active ADMIN. Admin rows are locked to serialise this check. */
  async assertAnotherAdmin(manager: EntityManager, member: Member): Promise<void> {
    const admins = await manager.query<unknown[]>(`SELECT id FROM members WHERE cooperative_id = $1 AND status = 'ACTIVE' AND 'ADMIN' = ANY(roles) AND id <> $2 FOR UPDATE`, [member.cooperativeId, member.id]);
    if (admins.length === 0) throw conflict('The last ADMIN cannot give up the role or leave; make another member ADMIN first');
  }

  /** The caller's active membership of a cooperative, or null. */
  activeMembership(userId: string, cooperativeId: string, manager: EntityManager = this.dataSource.manager): Promise<Member | null> {
    return manager.getRepository(Member).findOneBy({ userId, cooperativeId, status: MemberStatus.ACTIVE });
  }

  /**
   * Access check for anything inside a cooperative: a non-member is FORBIDDEN. With roles given, the
   * member must hold one of them (ADMIN implies COORDINATOR and MEMBER).
   */
  async requireMember(userId: string, cooperativeId: string, roles: Role[] = [], manager?: EntityManager): Promise<Member> {
    const member = await this.activeMembership(userId, cooperativeId, manager);
    if (!member) throw forbidden('You are not a member of this cooperative');
    if (roles.length && !roles.some((role) => hasRole(member, role))) throw forbidden(`This needs the ${roles.join(' or ')} role in this cooperative`);
    return member;
  }

  async lockMember(manager: EntityManager, memberId: string): Promise<Member> {
    const member = await manager.getRepository(Member).findOne({ where: { id: memberId }, lock: { mode: 'pessimistic_write' } });
    if (!member) throw notFound('Member');
    return member;
  }

  async markLeft(manager: EntityManager, member: Member): Promise<Member> {
    member.status = MemberStatus.LEFT;
    member.leftAt = new Date();
    return manager.getRepository(Member).save(member);
  }

  async byId(id: string): Promise<Member> {
    const member = await this.dataSource.getRepository(Member).findOneBy({ id });
    if (!member) throw notFound('Member');
    return member;
  }

  /** A member as the other members of its cooperative see it (`Cooperative.members`). */
  async readableMember(userId: string, id: string): Promise<Member> {
    const member = await this.byId(id);
    await this.requireMember(userId, member.cooperativeId);
    return member;
  }

  /** Members in admission order; with a class, only those holding units in it. */
  async list(cooperativeId: string, page: PageArgs, stakeholderClass?: StakeholderClass | null): Promise<Connection<Member>> {
    const after = decodeCursor(page.after, SEQ_CURSOR) ?? '0';
    const query = this.dataSource.getRepository(Member).createQueryBuilder('m').where('m.cooperative_id = :cooperativeId', { cooperativeId });
    if (stakeholderClass) {
      query.andWhere('EXISTS (SELECT 1 FROM member_class_units u WHERE u.member_id = m.id AND u.stakeholder_class = :stakeholderClass AND u.units > 0)', { stakeholderClass });
    }
    const totalCount = await query.clone().getCount();
    const rows = await query.andWhere('m.seniority > :after', { after }).orderBy('m.seniority').limit(page.first + 1).getMany();
    return toConnection(rows, page.first, totalCount, (m) => m.seniority);
  }

  /** Someone's memberships: only ever asked for the viewer's own (User.memberships). */
  loadForUser(loaders: Loaders, userId: string): Promise<Member[]> {
    return loaders
      .get<string, Member[]>('membershipsByUser', async (userIds) =>
        groupByKeys(userIds, await this.dataSource.getRepository(Member).find({ where: { userId: In([...userIds]) }, order: { seniority: 'ASC' } }), (m) => m.userId!),
      )
      .load(userId);
  }

  /** The viewer's active membership of a cooperative, once per request and cooperative. */
  loadViewerMembership(loaders: Loaders, userId: string, cooperativeId: string): Promise<Member | null> {
    return loaders
      .get<string, Member | null>(`viewerMembership:${userId}`, async (cooperativeIds) => {
        const rows = await this.dataSource.getRepository(Member).findBy({ userId, cooperativeId: In([...cooperativeIds]), status: MemberStatus.ACTIVE });
        return byKeys(cooperativeIds, rows, (m) => m.cooperativeId);
      })
      .load(cooperativeId);
  }

  /** As requireMember, through the request's loader (a list of N items asks once). */
  async requireViewerMember(loaders: Loaders, userId: string, cooperativeId: string): Promise<Member> {
    const member = await this.loadViewerMembership(loaders, userId, cooperativeId);
    if (!member) throw forbidden('You are not a member of this cooperative');
    return member;
  }

  load(loaders: Loaders, memberId: string): Promise<Member> {
    return loaders
      .get<string, Member>('member', async (ids) => {
        const rows = await this.dataSource.getRepository(Member).findBy({ id: In([...ids]) });
        return byKeys(ids, rows, (m) => m.id).map((m) => m ?? notFound('Member'));
      })
      .load(memberId);
  }
}
