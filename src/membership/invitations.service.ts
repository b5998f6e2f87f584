import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { badInput, conflict, DomainError, ErrorCode, FieldProblem, forbidden, notFound } from 'src/common/errors/domain-error';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { issueTokens, TOKEN_LIFETIME_SECONDS, TokenPurpose } from 'src/identity/action-tokens';
import { IdentityService, normaliseEmail } from 'src/identity/identity.service';
import { MailOutbox } from 'src/mail/mail-outbox.service';
import { memberInvitationMail } from 'src/mail/mail-templates';
import { InvitationInput } from './dto/membership.inputs';
import { Member, MemberStatus, Role } from './member.entity';
import { hasRole, MembershipService } from './membership.service';

interface Invitee {
  email: string;
  roles: Role[];
  invitedClass: string | null;
  field: string;
}

/**
 * Joining is by invitation, never by a matching email: a coordinator invites addresses, the members
 * exist as INVITED with no rights, and each person accepts a single-use link with a verified account
 * of that address. All the invitations of one call are made, or none.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly identity: IdentityService,
    private readonly mail: MailOutbox,
    private readonly audit: AuditService,
  ) {}

  /** `fieldOf(i)` names the input field of the i-th address in errors. */
  invite(userId: string, cooperativeId: string, invitations: InvitationInput[], fieldOf: (index: number) => string): Promise<Member[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const caller = await this.membership.requireMember(userId, cooperativeId, [Role.COORDINATOR], manager);
      const invitees = invitations.map((invitation, index) => ({
        email: normaliseEmail(invitation.email),
        roles: [...new Set([Role.MEMBER, ...(invitation.roles ?? [])])],
        invitedClass: invitation.stakeholderClass ?? null,
        field: fieldOf(index),
      }));
      if (invitees.some((i) => i.roles.length > 1) && !hasRole(caller, Role.ADMIN)) throw forbidden('Only an ADMIN can give the COORDINATOR or ADMIN role');
      await this.assertInvitable(manager, cooperativeId, invitees);

      const members = await this.insertInvited(manager, cooperativeId, userId, invitees);
      const [cooperative] = await manager.query<{ name: string }[]>('SELECT name FROM cooperatives WHERE id = $1', [cooperativeId]);
      const tokens = await issueTokens(manager, TokenPurpose.MEMBER_INVITATION, members.map((m) => ({ email: m.invitedEmail!, subjectId: m.id })));
      const days = TOKEN_LIFETIME_SECONDS[TokenPurpose.MEMBER_INVITATION] / 86_400;
      await this.mail.enqueueMany(
        manager,
        members.map((m, i) => ({ to: m.invitedEmail!, mail: memberInvitationMail(this.mail.baseUrl, tokens[i], cooperative.name, days) })),
      );
      await this.audit.record(manager, { cooperativeId, actorUserId: userId, action: 'MEMBERS_INVITED', data: { memberIds: members.map((m) => m.id), roles: members.map((m) => m.roles) } });
      return members;
    });
  }

  /** Refuses repeated addresses, people already members, and addresses with an invitation pending. */
  private async assertInvitable(manager: EntityManager, cooperativeId: string, invitees: Invitee[]): Promise<void> {
    const repeated: FieldProblem[] = [];
    const seen = new Set<string>();
    for (const invitee of invitees) {
      if (seen.has(invitee.email)) repeated.push({ field: invitee.field, message: 'appears more than once' });
      seen.add(invitee.email);
    }
    if (repeated.length) throw badInput(repeated, 'Each address may be invited once');
    const taken = await manager.query<{ email: string; status: MemberStatus }[]>(
      `SELECT coalesce(u.email, m.invited_email) AS email, m.status
         FROM members m LEFT JOIN users u ON u.id = m.user_id
        WHERE m.cooperative_id = $1 AND m.status IN ('ACTIVE', 'INVITED') AND coalesce(u.email, m.invited_email) = ANY($2::text[])`,
      [cooperativeId, [...seen]],
    );
    const statusOf = new Map(taken.map((t) => [t.email, t.status]));
    const problems = invitees.flatMap((invitee) => {
      const status = statusOf.get(invitee.email);
      return status ? [{ field: invitee.field, message: status === MemberStatus.ACTIVE ? 'is already a member' : 'already has an invitation pending' }] : [];
    });
    if (problems.length) throw new DomainError(ErrorCode.CONFLICT, `Some addresses cannot be invited: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  }

  /**
   * New INVITED rows, except that someone who left is invited back on their old row, so their unit
   * history stays attached to one membership.
   */
  private async insertInvited(manager: EntityManager, cooperativeId: string, invitedBy: string, invitees: Invitee[]): Promise<Member[]> {
    const former = await manager.query<{ id: string; email: string }[]>(
      `SELECT m.id, u.email FROM members m JOIN users u ON u.id = m.user_id
        WHERE m.cooperative_id = $1 AND m.status = 'LEFT' AND u.email = ANY($2::text[]) FOR UPDATE OF m`,
      [cooperativeId, invitees.map((i) => i.email)],
    );
    const formerByEmail = new Map(former.map((f) => [f.email, f.id]));
    const rejoining = invitees.filter((i) => formerByEmail.has(i.email));
    const fresh = invitees.filter((i) => !formerByEmail.has(i.email));
    for (const invitee of rejoining) {
      await manager.query(
        `UPDATE members SET status = 'INVITED', roles = $2, invited_email = $3, invited_class = $4, invited_at = now(), invited_by_user_id = $5 WHERE id = $1`,
        [formerByEmail.get(invitee.email), invitee.roles, invitee.email, invitee.invitedClass, invitedBy],
      );
    }
    if (fresh.length) {
      await manager.query(
        `INSERT INTO members (cooperative_id, user_id, roles, status, invited_email, invited_class, invited_at, invited_by_user_id)
         SELECT $1, NULL, string_to_array(r, ','), 'INVITED', e, c, now(), $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS t(e, r, c)`,
        [cooperativeId, invitedBy, fresh.map((i) => i.email), fresh.map((i) => i.roles.join(',')), fresh.map((i) => i.invitedClass)],
      );
    }
    const rows = await manager.getRepository(Member).find({ where: { cooperativeId, status: MemberStatus.INVITED, invitedEmail: In(invitees.map((i) => i.email)) } });
    const byEmail = new Map(rows.map((m) => [m.invitedEmail, m]));
    return invitees.map((i) => byEmail.get(i.email)!);
  }

  /** The caller, with a verified account of the invited address, becomes an ACTIVE member. */
  accept(userId: string, token: string): Promise<Member> {
    return inTransaction(this.dataSource, async (manager) => {
      const invitation = await this.identity.redeemInvitation(manager, TokenPurpose.MEMBER_INVITATION, token, userId);
      const member = await this.membership.lockMember(manager, invitation.subjectId!);
      if (member.status !== MemberStatus.INVITED || member.invitedEmail !== invitation.email) throw conflict('This invitation is no longer open');
      if (await this.membership.activeMembership(userId, member.cooperativeId, manager)) throw conflict('You are already a member of this cooperative');
      await manager.query(
        `UPDATE members SET status = 'ACTIVE', user_id = $2, left_at = NULL, admitted_at = now(), seniority = nextval('members_seniority_seq') WHERE id = $1`,
        [member.id, userId],
      );
      await this.audit.record(manager, { cooperativeId: member.cooperativeId, actorUserId: userId, action: 'INVITATION_ACCEPTED', subjectId: member.id });
      const accepted = await manager.getRepository(Member).findOneBy({ id: member.id });
      if (!accepted) throw notFound('Member');
      return accepted;
    });
  }
}
