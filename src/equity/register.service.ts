import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { conflict } from 'src/common/errors/domain-error';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS } from 'src/ledger/posting';
import { Member, Role } from 'src/membership/member.entity';
import { assertActiveMember, MembershipService } from 'src/membership/membership.service';
import { RecordLabourInput, RecordMoneyInput } from './dto/equity.inputs';
import { UnitEntry, UnitEntryKind } from './unit-entry.entity';

type NewEntry = Pick<UnitEntry, 'stakeholderClass' | 'kind' | 'units'> & Partial<Pick<UnitEntry, 'hours' | 'amount' | 'description' | 'occurredOn' | 'journalEntryId'>>;

/**
 * The unit register: units come only from recorded contributions, as immutable entries. The
 * database keeps per-member totals from these entries (member_class_units).
 */
@Injectable()
export class RegisterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly cooperatives: CooperativesService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
  ) {}

  /** One FOUNDER unit per founder, only while founding is open. */
  issueFounderUnits(userId: string, memberId: string): Promise<UnitEntry> {
    return this.asCoordinator(userId, memberId, async (manager, member, cooperative) => {
      if (!cooperative.foundingOpen) throw conflict('Founding is closed: no more founder units can be issued');
      if ((await this.unitsOf(manager, member.id, StakeholderClass.FOUNDER)).gt(0)) throw conflict('This member already holds its founder unit');
      return this.append(manager, member, userId, { stakeholderClass: StakeholderClass.FOUNDER, kind: UnitEntryKind.FOUNDING, units: new Decimal(1) });
    });
  }

  /** Closing founding is irreversible. */
  async closeFounding(userId: string, cooperativeId: string): Promise<Cooperative> {
    return inTransaction(this.dataSource, async (manager) => {
      const cooperative = await this.cooperatives.lockCooperative(manager, cooperativeId);
      await this.membership.requireMember(userId, cooperativeId, [Role.COORDINATOR], manager);
      if (!cooperative.foundingOpen) throw conflict('Founding is already closed');
      cooperative.foundingClosedAt = new Date();
      const closed = await manager.getRepository(Cooperative).save(cooperative);
      await this.audit.record(manager, { cooperativeId, actorUserId: userId, action: 'FOUNDING_CLOSED', subjectId: cooperativeId });
      return closed;
    });
  }

  /** WORKER units from labour: hours × the bylaws' rate. They cannot be bought or transferred. */
  recordLabour(userId: string, input: RecordLabourInput): Promise<UnitEntry> {
    return this.asCoordinator(userId, input.memberId, async (manager, member) => {
      const bylaws = await this.cooperatives.currentBylaws(member.cooperativeId, manager);
      return this.append(manager, member, userId, {
        stakeholderClass: StakeholderClass.WORKER,
        kind: UnitEntryKind.LABOUR,
        units: input.hours.times(bylaws.workerUnitsPerHour),
        hours: input.hours,
        description: input.description.trim(),
        occurredOn: input.occurredOn,
      });
    });
  }

  /** FUNDER units from capital; the money is posted to the ledger in the same transaction. */
  recordCapital(userId: string, input: RecordMoneyInput): Promise<UnitEntry> {
    return this.asCoordinator(userId, input.memberId, async (manager, member) => {
      const bylaws = await this.cooperatives.currentBylaws(member.cooperativeId, manager);
      const journal = await this.ledger.post(manager, {
        cooperativeId: member.cooperativeId,
        description: input.note?.trim() || 'Capital contribution',
        sourceType: 'CAPITAL_CONTRIBUTION',
        sourceId: member.id,
        postedByUserId: userId,
        lines: [
          { account: { kind: ACCOUNTS.CASH }, amount: input.amount },
          { account: { kind: ACCOUNTS.MEMBER_CAPITAL }, memberId: member.id, amount: input.amount.negated() },
        ],
      });
      return this.append(manager, member, userId, {
        stakeholderClass: StakeholderClass.FUNDER,
        kind: UnitEntryKind.CAPITAL,
        units: input.amount.times(bylaws.funderUnitsPerCurrencyUnit),
        amount: input.amount,
        description: input.note?.trim() || null,
        journalEntryId: journal.id,
      });
    });
  }

  /** USER units from patronage (use of the cooperative: purchases, fees, dues). */
  recordPatronage(userId: string, input: RecordMoneyInput): Promise<UnitEntry> {
    return this.asCoordinator(userId, input.memberId, async (manager, member) => {
      const bylaws = await this.cooperatives.currentBylaws(member.cooperativeId, manager);
      return this.append(manager, member, userId, {
        stakeholderClass: StakeholderClass.USER,
        kind: UnitEntryKind.PATRONAGE,
        units: input.amount.times(bylaws.userUnitsPerCurrencyUnit),
        amount: input.amount,
        description: input.note?.trim() || null,
      });
    });
  }

  /**
   * USER units for patronage paid inside the caller's transaction (membership dues settled by a
   * payment). The caller has checked access and holds the locks its own rule needs; the money is
   * already in the caller's ledger entry, referenced by journalEntryId.
   */
  async recordPatronageWithin(manager: EntityManager, member: Member, amount: Decimal, userId: string | null, description: string, journalEntryId: string | null): Promise<UnitEntry> {
    const bylaws = await this.cooperatives.currentBylaws(member.cooperativeId, manager);
    return this.append(manager, member, userId, {
      stakeholderClass: StakeholderClass.USER,
      kind: UnitEntryKind.PATRONAGE,
      units: amount.times(bylaws.userUnitsPerCurrencyUnit),
      amount,
      description,
      journalEntryId,
    });
  }

  /** Cancels every unit a leaving member holds, class by class; the caller holds the member's lock. */
  async cancelAllUnits(manager: EntityManager, member: Member, userId: string): Promise<UnitEntry[]> {
    const holdings = await manager.query<{
      class: StakeholderClass;
      units: string;
    }[]>(`SELECT stakeholder_class AS "class", units::text AS units FROM member_class_units WHERE member_id = $1 AND units > 0 ORDER BY array_position(ARRAY['FOUNDER', 'FUNDER', 'WORKER', 'USER'], stakeholder_class)`, [member.id]);
    const cancelled: UnitEntry[] = [];
    for (const holding of holdings) {
      cancelled.push(
        await this.append(manager, member, userId, {
          stakeholderClass: holding.class,
          kind: UnitEntryKind.CANCELLATION,
          units: new Decimal(holding.units).negated(),
          description: 'Units cancelled on leaving',
        }),
      );
    }
    return cancelled;
  }

  /** Whether a user has recorded labour for a cooperative (the venture-commune eligibility rule). */
  async hasRecordedLabour(manager: EntityManager, cooperativeId: string, userId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM unit_entries e JOIN members m ON m.id = e.member_id WHERE e.cooperative_id = $1 AND m.user_id = $2 AND e.kind = 'LABOUR' LIMIT 1`,
      [cooperativeId, userId],
    );
    return rows.length > 0;
  }

  private async unitsOf(manager: EntityManager, memberId: string, stakeholderClass: StakeholderClass): Promise<Decimal> {
    const [row] = await manager.query<{ units: string }[]>(`SELECT units::text AS units FROM member_class_units WHERE member_id = $1 AND stakeholder_class = $2`, [memberId, stakeholderClass]);
    return new Decimal(row?.units ?? 0);
  }

  private append(manager: EntityManager, member: Member, userId: string | null, entry: NewEntry): Promise<UnitEntry> {
    const entries = manager.getRepository(UnitEntry);
    return entries.save(entries.create({ ...entry, cooperativeId: member.cooperativeId, memberId: member.id, recordedByUserId: userId }));
  }

  /**
   * Runs a register write for a member as a coordinator of the member's cooperative. The member row
   * is locked so a concurrent leave cannot slip between the checks and the write; the cooperative
   * row is share-locked so founding cannot close in between either.
   */
  private asCoordinator<T>(userId: string, memberId: string, work: (manager: EntityManager, member: Member, cooperative: Cooperative) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, async (manager) => {
      const member = await this.membership.lockMember(manager, memberId);
      await this.membership.requireMember(userId, member.cooperativeId, [Role.COORDINATOR], manager);
      const cooperative = await manager.getRepository(Cooperative).findOneOrFail({ where: { id: member.cooperativeId }, lock: { mode: 'pessimistic_read' } });
      assertActiveMember(member);
      const result = await work(manager, member, cooperative);
      if (result instanceof UnitEntry) {
        const { kind, stakeholderClass, units, hours, amount } = result;
        await this.audit.record(manager, { cooperativeId: member.cooperativeId, actorUserId: userId, action: 'UNITS_RECORDED', subjectId: member.id, data: { entryId: result.id, kind, class: stakeholderClass, units: units.toString(), hours: hours?.toString(), amount: amount?.toString() } });
      }
      return result;
    });
  }
}
