import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, conflict, forbidden, notFound } from 'src/common/errors/domain-error';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { isUniqueViolation } from 'src/database/pg-errors';
import { IdentityService } from 'src/identity/identity.service';
import { Member, Role } from 'src/membership/member.entity';
import { hasRole, MembershipService } from 'src/membership/membership.service';
import { FeeScheduleInput, GrantLicenseInput, RegisterLicenseeInput, RegisterWorkInput } from './dto/licensing.inputs';
import { LicenseAgreement, Licensee, Work } from './licensing.entities';
import { addDays, AgreementKind, FeePeriod, FeeSchedule, isPeriodStart, LicenseUse, nextPeriod, periodOf, validateFeeSchedule, validateUse } from './licensing.rules';

/** Today in UTC, as the service's calendar day. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function checkFee(fee: FeeSchedule, prefix: string): void {
  const problems = validateFeeSchedule(fee, prefix);
  if (problems.length) throw badInput(problems, 'Invalid fee schedule');
}

/**
 * Works, licensees, licence agreements and conversion to membership (DOMAIN.md §5), and who may
 * see a licensee: the cooperative's coordinators, and the licensee's own account (linked by invitation).
 */
@Injectable()
export class LicensingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly identity: IdentityService,
    private readonly audit: AuditService,
  ) {}

  registerWork(userId: string, input: RegisterWorkInput): Promise<Work> {
    return inTransaction(this.dataSource, async (manager) => {
      await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR], manager);
      const works = manager.getRepository(Work);
      return works.save(works.create({ cooperativeId: input.cooperativeId, title: input.title.trim(), description: input.description?.trim() || null, createdByUserId: userId }));
    });
  }

  async registerLicensee(userId: string, input: RegisterLicenseeInput): Promise<Licensee> {
    const problems = validateUse(input.use, input);
    if (problems.length) throw badInput(problems, 'WORKER_OWNED use needs all three declarations');
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR], manager);
        const licensees = manager.getRepository(Licensee);
        return licensees.save(
          licensees.create({
            cooperativeId: input.cooperativeId,
            name: input.name.trim(),
            email: input.email.trim().toLowerCase(),
            use: input.use,
            isWorkerOwned: input.isWorkerOwned ?? false,
            allSurplusToWorkerOwners: input.allSurplusToWorkerOwners ?? false,
            noWagedNonOwners: input.noWagedNonOwners ?? false,
            memberId: null,
          }),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error, 'licensees_email_unique')) throw conflict('A licensee with this email is already registered in this cooperative');
      throw error;
    }
  }

  async grantCommercialLicense(userId: string, input: GrantLicenseInput): Promise<LicenseAgreement> {
    checkFee(input.fee, 'fee');
    if (!isPeriodStart(input.startsOn, input.fee.period)) {
      throw badInput([{ field: 'startsOn', message: `must be the first day of a ${input.fee.period === FeePeriod.MONTHLY ? 'month' : 'year'}` }]);
    }
    return inTransaction(this.dataSource, async (manager) => {
      const licensee = await this.lockLicensee(manager, input.licenseeId);
      await this.membership.requireMember(userId, licensee.cooperativeId, [Role.COORDINATOR], manager);
      const work = await manager.getRepository(Work).findOneBy({ id: input.workId, cooperativeId: licensee.cooperativeId });
      if (!work) throw notFound('Work');
      if (licensee.use !== LicenseUse.COMMERCIAL) throw conflict(`A ${licensee.use} licensee uses the works for free and needs no commercial licence`);
      if (licensee.memberId) throw conflict('This licensee has become a member and pays membership dues instead of licence fees');
      const agreement = await this.insertAgreement(manager, licensee, { kind: AgreementKind.LICENSE, workId: work.id, memberId: null, fee: input.fee, startsOn: input.startsOn, userId });
      await this.audit.record(manager, { cooperativeId: licensee.cooperativeId, actorUserId: userId, action: 'LICENSE_GRANTED', subjectId: agreement.id, data: { licenseeId: licensee.id, workId: work.id, startsOn: input.startsOn } });
      return agreement;
    });
  }

  /**
   * A commercial licensee becomes a member: its account user is admitted, every licence agreement
   * stops at the end of its current period (that period is still billed), and dues start at the
   * first dues period after both the current one and the last billed licence day, so no period is
   * billed twice. Licence agreements, invoices and payments stay as they are.
   */
  async convertLicenseeToMember(userId: string, licenseeId: string, dues: FeeScheduleInput): Promise<Member> {
    checkFee(dues, 'dues');
    return inTransaction(this.dataSource, async (manager) => {
      const licensee = await this.lockLicensee(manager, licenseeId);
      await this.membership.requireMember(userId, licensee.cooperativeId, [Role.COORDINATOR], manager);
      if (licensee.memberId) throw conflict('This licensee is already a member');
      if (!licensee.userId) throw conflict('The licensee has no linked account yet: invite one with inviteLicenseeAccount and have it accepted first');
      const member = await this.membership.admit(manager, licensee.cooperativeId, licensee.userId, [Role.MEMBER]);

      const now = today();
      let lastBilled: string | null = null;
      const agreements = await manager.getRepository(LicenseAgreement).find({ where: { licenseeId: licensee.id, kind: AgreementKind.LICENSE }, lock: { mode: 'pessimistic_write' } });
      for (const agreement of agreements) {
        let endsOn = periodOf(now, agreement.period).end;
        if (agreement.startsOn > endsOn) endsOn = addDays(agreement.startsOn, -1);
        if (agreement.endsOn != null && agreement.endsOn <= endsOn) endsOn = agreement.endsOn;
        else await manager.query('UPDATE license_agreements SET ends_on = $2 WHERE id = $1', [agreement.id, endsOn]);
        if (lastBilled == null || endsOn > lastBilled) lastBilled = endsOn;
      }
      let startsOn = nextPeriod(now, dues.period).start;
      while (lastBilled != null && startsOn <= lastBilled) startsOn = nextPeriod(startsOn, dues.period).start;

      await this.insertAgreement(manager, licensee, { kind: AgreementKind.DUES, workId: null, memberId: member.id, fee: dues, startsOn, userId });
      await manager.query('UPDATE licensees SET member_id = $2 WHERE id = $1', [licensee.id, member.id]);
      await this.audit.record(manager, { cooperativeId: licensee.cooperativeId, actorUserId: userId, action: 'LICENSEE_CONVERTED_TO_MEMBER', subjectId: member.id, data: { licenseeId: licensee.id, duesStartOn: startsOn } });
      return member;
    });
  }

  /** Adds a billed agreement (licence, dues or rent); the caller holds the licensee's row lock. */
  insertAgreement(
    manager: EntityManager,
    licensee: Licensee,
    terms: { kind: AgreementKind; workId: string | null; memberId: string | null; assetId?: string; fee: FeeSchedule; startsOn: string; userId: string },
  ): Promise<LicenseAgreement> {
    const agreements = manager.getRepository(LicenseAgreement);
    return agreements.save(
      agreements.create({
        cooperativeId: licensee.cooperativeId,
        licenseeId: licensee.id,
        kind: terms.kind,
        workId: terms.workId,
        memberId: terms.memberId,
        assetId: terms.assetId ?? null,
        period: terms.fee.period,
        amount: terms.fee.amount ?? null,
        revenuePercent: terms.fee.revenuePercent ?? null,
        minimum: terms.fee.minimum ?? null,
        startsOn: terms.startsOn,
        endsOn: null,
        createdByUserId: terms.userId,
      }),
    );
  }

  async lockLicensee(manager: EntityManager, id: string): Promise<Licensee> {
    const licensee = await manager.getRepository(Licensee).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!licensee) throw notFound('Licensee');
    return licensee;
  }

  /** A licensee the caller may read: as a coordinator of its cooperative, or as the licensee's own account. */
  async readableLicensee(userId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<Licensee> {
    const licensee = await manager.getRepository(Licensee).findOneBy({ id });
    if (!licensee) throw notFound('Licensee');
    await this.requireReader(userId, licensee, manager);
    return licensee;
  }

  /** Whether the caller is the licensee's own account (not a coordinator). */
  isOwnAccount(userId: string, licensee: Licensee): boolean {
    return licensee.userId === userId;
  }

  async requireReader(userId: string, licensee: Licensee, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const member = await this.membership.activeMembership(userId, licensee.cooperativeId, manager);
    if (member && hasRole(member, Role.COORDINATOR)) return;
    if (this.isOwnAccount(userId, licensee)) return;
    throw forbidden("Only the cooperative's coordinators and the licensee's own account can see this licensee");
  }

  /** The licensees whose account the caller is, by an accepted invitation. */
  myLicensees(userId: string): Promise<Licensee[]> {
    return this.dataSource.getRepository(Licensee).find({ where: { userId }, order: { seq: 'ASC' } });
  }

  async licensees(userId: string, cooperativeId: string): Promise<Licensee[]> {
    await this.membership.requireMember(userId, cooperativeId, [Role.COORDINATOR]);
    return this.dataSource.getRepository(Licensee).find({ where: { cooperativeId }, order: { seq: 'ASC' } });
  }

  async works(userId: string, cooperativeId: string): Promise<Work[]> {
    await this.membership.requireMember(userId, cooperativeId, [Role.COORDINATOR]);
    return this.dataSource.getRepository(Work).find({ where: { cooperativeId }, order: { seq: 'ASC' } });
  }

  /**
   * A work as `Cooperative.works` shows it: to the cooperative's coordinators only. A licensee's
   * account sees the works it licenses through its agreements (`LicenseAgreement.work`), not here.
   */
  async readableWork(userId: string, id: string): Promise<Work> {
    const work = await this.work(id);
    if (!work) throw notFound('Work');
    await this.membership.requireMember(userId, work.cooperativeId, [Role.COORDINATOR]);
    return work;
  }

  agreementsOf(licenseeId: string): Promise<LicenseAgreement[]> {
    return this.dataSource.getRepository(LicenseAgreement).find({ where: { licenseeId }, order: { seq: 'ASC' } });
  }

  work(id: string): Promise<Work | null> {
    return this.dataSource.getRepository(Work).findOneBy({ id });
  }
}
