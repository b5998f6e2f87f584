import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { forbidden, notFound } from 'src/common/errors/domain-error';
import { groupByKeys, Loaders } from 'src/common/loaders/loaders';
import { Member, MemberStatus, Role } from './member.entity';

@Injectable()
export class MembershipService {
  constructor(private readonly dataSource: DataSource) {}

  /** The founding member of a new cooperative: its creator, as ADMIN and COORDINATOR. */
  addFoundingMember(manager: EntityManager, cooperativeId: string, userId: string): Promise<Member> {
    const members = manager.getRepository(Member);
    return members.save(members.create({ cooperativeId, userId, roles: [Role.ADMIN, Role.COORDINATOR, Role.MEMBER], status: MemberStatus.ACTIVE, admittedAt: new Date() }));
  }

  /** The caller's active membership of a cooperative, or null. */
  activeMembership(userId: string, cooperativeId: string, manager: EntityManager = this.dataSource.manager): Promise<Member | null> {
    return manager.getRepository(Member).findOneBy({ userId, cooperativeId, status: MemberStatus.ACTIVE });
  }

  /**
   * Access check for anything inside a cooperative. A non-member learns nothing: FORBIDDEN.
   * With roles given, the member must hold at least one of them (ADMIN implies COORDINATOR).
   */
  async requireMember(userId: string, cooperativeId: string, roles: Role[] = [], manager?: EntityManager): Promise<Member> {
    const member = await this.activeMembership(userId, cooperativeId, manager);
    if (!member) throw forbidden('You are not a member of this cooperative');
    if (roles.length && !roles.some((role) => hasRole(member, role))) {
      throw forbidden(`This needs the ${roles.join(' or ')} role in this cooperative`);
    }
    return member;
  }

  async byId(id: string): Promise<Member> {
    const member = await this.dataSource.getRepository(Member).findOneBy({ id });
    if (!member) throw notFound('Member');
    return member;
  }

  loadForUser(loaders: Loaders, userId: string): Promise<Member[]> {
    return loaders
      .get<string, Member[]>('membershipsByUser', async (userIds) =>
        groupByKeys(userIds, await this.dataSource.getRepository(Member).find({ where: { userId: In([...userIds]) }, order: { admittedAt: 'ASC' } }), (m) => m.userId),
      )
      .load(userId);
  }
}

export function hasRole(member: Member, role: Role): boolean {
  if (member.roles.includes(role)) return true;
  return role !== Role.ADMIN && member.roles.includes(Role.ADMIN);
}
