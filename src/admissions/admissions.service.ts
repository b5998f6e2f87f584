import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflict, forbidden, notFound } from 'src/common/errors/domain-error';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { isUniqueViolation } from 'src/database/pg-errors';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { RegisterService } from 'src/equity/register.service';
import { Member, MemberStatus, Role } from 'src/membership/member.entity';
import { hasRole, MembershipService } from 'src/membership/membership.service';
import { IdentityService } from 'src/identity/identity.service';
import { ApplicationDecision, ApplicationStatus, MembershipApplication } from './application.entity';
import { ApplyInput, DecideApplicationInput } from './dto/admissions.inputs';

/** Joining by application and leaving: the flows that cross membership and the unit register. */
@Injectable()
export class AdmissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly cooperatives: CooperativesService,
    private readonly register: RegisterService,
    private readonly audit: AuditService,
    private readonly identity: IdentityService,
  ) {}

  async apply(userId: string, input: ApplyInput): Promise<MembershipApplication> {
    await this.cooperatives.byId(input.cooperativeId);
    await this.identity.requireVerified(userId);
    const applications = this.dataSource.getRepository(MembershipApplication);
    try {
      return await applications.save(
        applications.create({ cooperativeId: input.cooperativeId, userId, stakeholderClass: input.stakeholderClass, statement: input.statement?.trim() || null, status: ApplicationStatus.PENDING }),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'membership_applications_one_pending')) throw conflict('You already have a pending application for this class');
      throw error;
    }
  }

  /**
   * A coordinator admits or rejects. Venture-commune rule: someone whose labour is recorded for the
   * cooperative has the right to WORKER membership, so that application cannot be rejected.
   */
  async decide(userId: string, input: DecideApplicationInput): Promise<MembershipApplication> {
    return inTransaction(this.dataSource, async (manager) => {
      const application = await manager.getRepository(MembershipApplication).findOne({ where: { id: input.applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!application) throw notFound('Application');
      const coordinator = await this.membership.requireMember(userId, application.cooperativeId, [Role.COORDINATOR], manager);
      if (application.status !== ApplicationStatus.PENDING) throw conflict(`This application is already ${application.status}`);
      if (input.decision === ApplicationDecision.REJECT) {
        if (application.stakeholderClass === StakeholderClass.WORKER && (await this.register.hasRecordedLabour(manager, application.cooperativeId, application.userId))) {
          throw conflict('This applicant has recorded labour for the cooperative and so has the right to WORKER membership: the application cannot be rejected');
        }
      } else {
        const current = await this.membership.activeMembership(application.userId, application.cooperativeId, manager);
        if (!current) await this.membership.admit(manager, application.cooperativeId, application.userId);
      }
      application.status = input.decision === ApplicationDecision.ADMIT ? ApplicationStatus.ADMITTED : ApplicationStatus.REJECTED;
      application.decidedByMemberId = coordinator.id;
      application.decisionReason = input.reason?.trim() || null;
      application.decidedAt = new Date();
      const saved = await manager.getRepository(MembershipApplication).save(application);
      await this.audit.record(manager, { cooperativeId: application.cooperativeId, actorUserId: userId, action: 'APPLICATION_DECIDED', subjectId: application.id, data: { decision: input.decision, class: application.stakeholderClass, userId: application.userId } });
      return saved;
    });
  }

  async withdraw(userId: string, applicationId: string): Promise<MembershipApplication> {
    return inTransaction(this.dataSource, async (manager) => {
      const application = await manager.getRepository(MembershipApplication).findOne({ where: { id: applicationId }, lock: { mode: 'pessimistic_write' } });
      if (!application) throw notFound('Application');
      if (application.userId !== userId) throw forbidden('Only the applicant can withdraw an application');
      if (application.status !== ApplicationStatus.PENDING) throw conflict(`This application is already ${application.status}`);
      application.status = ApplicationStatus.WITHDRAWN;
      application.decidedAt = new Date();
      return manager.getRepository(MembershipApplication).save(application);
    });
  }

  /** The member (or a coordinator for them) leaves: units are cancelled by register entries, never deleted. */
  async leave(userId: string, memberId: string): Promise<Member> {
    return inTransaction(this.dataSource, async (manager) => {
      const member = await this.membership.lockMember(manager, memberId);
      const caller = await this.membership.requireMember(userId, member.cooperativeId, [], manager);
      if (caller.id !== member.id && !hasRole(caller, Role.COORDINATOR)) throw forbidden('Only the member or a coordinator can do this');
      if (member.status !== MemberStatus.ACTIVE) throw conflict(member.status === MemberStatus.INVITED ? 'This member has not accepted the invitation yet' : 'This member has already left');
      if (member.roles.includes(Role.ADMIN) && caller.id !== member.id && !hasRole(caller, Role.ADMIN)) throw forbidden('Only an ADMIN can remove an ADMIN');
      if (member.roles.includes(Role.ADMIN)) await this.membership.assertAnotherAdmin(manager, member);
      await this.register.cancelAllUnits(manager, member, userId);
      const left = await this.membership.markLeft(manager, member);
      await this.audit.record(manager, { cooperativeId: member.cooperativeId, actorUserId: userId, action: 'MEMBER_LEFT', subjectId: member.id });
      return left;
    });
  }

  pending(cooperativeId: string): Promise<MembershipApplication[]> {
    return this.dataSource.getRepository(MembershipApplication).find({ where: { cooperativeId, status: ApplicationStatus.PENDING }, order: { createdAt: 'ASC' } });
  }
}
