import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { badInput, notFound } from 'src/common/errors/domain-error';
import { formatMoney, fromCents, toCents, toDecimal } from 'src/common/money/decimal';
import { moneyFromText } from 'src/common/money/money.type';
import { inTransaction } from 'src/database/transaction';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS } from 'src/ledger/posting';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { LicenseAgreement } from 'src/licensing/licensing.entities';
import { AgreementKind, FeePeriod, isPeriodStart, validateFeeSchedule } from 'src/licensing/licensing.rules';
import { LicensingService, today } from 'src/licensing/licensing.service';
import { Asset, AssetKind, RentalAgreement } from './commons.types';
import { GrantRentalInput, RegisterAssetInput } from './dto/commons.inputs';

interface AssetRow {
  id: string;
  seq: string;
  cooperativeId: string;
  title: string;
  kind: AssetKind;
  cost: string;
  acquiredOn: string;
  journalEntryId: string;
  currency: string;
}

const ASSET = `SELECT a.id, a.seq::text, a.cooperative_id AS "cooperativeId", a.title, a.kind, a.cost::text, a.acquired_on::text AS "acquiredOn", a.journal_entry_id AS "journalEntryId", c.currency
  FROM assets a JOIN cooperatives c ON c.id = a.cooperative_id`;

const toAsset = (row: AssetRow): Asset => ({ ...row, cost: moneyFromText(row.cost, row.currency) });

export const toRental = (agreement: LicenseAgreement): RentalAgreement => ({
  id: agreement.id,
  rent: { period: agreement.period, amount: agreement.amount, revenuePercent: null, minimum: null },
  startsOn: agreement.startsOn,
  endsOn: agreement.endsOn,
  assetId: agreement.assetId!,
  tenantLicenseeId: agreement.licenseeId,
});

/**
 * The commune's property: assets at cost, and rentals of them. A rental is a billed agreement of
 * kind RENT with a licensee record as tenant, so its invoices, payments, credit and standing are
 * the licensing billing's; only its revenue account differs (rent, not licence fees).
 */
@Injectable()
export class AssetsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly licensing: LicensingService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
  ) {}

  /** Registers an asset and posts its cost: property bought with cash. */
  async register(userId: string, input: RegisterAssetInput): Promise<Asset> {
    const acquiredOn = input.acquiredOn ?? today();
    if (acquiredOn > today()) throw badInput([{ field: 'acquiredOn', message: 'must not be in the future' }]);
    const id = await inTransaction(this.dataSource, async (manager) => {
      await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR], manager);
      const assetId = randomUUID();
      const cost = fromCents(toCents(input.cost));
      const entry = await this.ledger.post(manager, {
        cooperativeId: input.cooperativeId,
        description: `Asset acquired: ${input.title.trim()}`,
        sourceType: 'ASSET_ACQUIRED',
        sourceId: assetId,
        postedByUserId: userId,
        lines: [
          { account: { kind: ACCOUNTS.PROPERTY, scopeId: assetId }, amount: cost },
          { account: { kind: ACCOUNTS.CASH }, amount: cost.negated() },
        ],
      });
      await manager.query(
        `INSERT INTO assets (id, cooperative_id, title, kind, cost, acquired_on, journal_entry_id, registered_by_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [assetId, input.cooperativeId, input.title.trim(), input.kind, formatMoney(cost), acquiredOn, entry.id, userId],
      );
      await this.audit.record(manager, { cooperativeId: input.cooperativeId, actorUserId: userId, action: 'ASSET_REGISTERED', subjectId: assetId, data: { title: input.title.trim(), kind: input.kind, cost: formatMoney(cost) } });
      return assetId;
    });
    return this.byId(id);
  }

  /** Rents an asset to a tenant at a flat rent per period, billed from `startsOn` like a licence fee. */
  async grantRental(userId: string, input: GrantRentalInput): Promise<RentalAgreement> {
    if (input.rent.revenuePercent != null) {
      throw badInput([{ field: 'rent.revenuePercent', message: "a venture commune charges a flat rent, never a share of its tenant's revenue: that would be a share of its income" }]);
    }
    const problems = validateFeeSchedule(input.rent, 'rent');
    if (!isPeriodStart(input.startsOn, input.rent.period)) {
      problems.push({ field: 'startsOn', message: `must be the first day of a ${input.rent.period === FeePeriod.MONTHLY ? 'month' : 'year'}` });
    }
    if (problems.length) throw badInput(problems);
    return inTransaction(this.dataSource, async (manager) => {
      const tenant = await this.licensing.lockLicensee(manager, input.tenantLicenseeId);
      await this.membership.requireMember(userId, tenant.cooperativeId, [Role.COORDINATOR], manager);
      const [asset] = await manager.query<{ id: string }[]>(`SELECT id FROM assets WHERE id = $1 AND cooperative_id = $2`, [input.assetId, tenant.cooperativeId]);
      if (!asset) throw notFound('Asset');
      const agreement = await this.licensing.insertAgreement(manager, tenant, { kind: AgreementKind.RENT, workId: null, memberId: null, assetId: asset.id, fee: input.rent, startsOn: input.startsOn, userId });
      await this.audit.record(manager, {
        cooperativeId: tenant.cooperativeId,
        actorUserId: userId,
        action: 'RENTAL_GRANTED',
        subjectId: agreement.id,
        data: { assetId: asset.id, tenantLicenseeId: tenant.id, rent: formatMoney(toDecimal(input.rent.amount!)), period: input.rent.period, startsOn: input.startsOn },
      });
      return toRental(agreement);
    });
  }

  async byId(id: string): Promise<Asset> {
    const [row] = await this.dataSource.query<AssetRow[]>(`${ASSET} WHERE a.id = $1`, [id]);
    if (!row) throw notFound('Asset');
    return toAsset(row);
  }

  /** Coordinators only: the assets in the order registered. */
  async list(userId: string, cooperativeId: string): Promise<Asset[]> {
    await this.membership.requireMember(userId, cooperativeId, [Role.COORDINATOR]);
    return (await this.dataSource.query<AssetRow[]>(`${ASSET} WHERE a.cooperative_id = $1 ORDER BY a.seq`, [cooperativeId])).map(toAsset);
  }

  async rentals(assetId: string): Promise<RentalAgreement[]> {
    const agreements = await this.dataSource.getRepository(LicenseAgreement).find({ where: { assetId, kind: AgreementKind.RENT }, order: { seq: 'ASC' } });
    return agreements.map(toRental);
  }
}
