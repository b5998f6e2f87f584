import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Money } from 'src/common/money/money.type';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { FeeScheduleView } from 'src/licensing/licensing.types';
import { FeePeriod } from 'src/licensing/licensing.rules';

export enum AssetKind {
  LAND = 'LAND',
  BUILDING = 'BUILDING',
  EQUIPMENT = 'EQUIPMENT',
  OTHER = 'OTHER',
}
export enum BondPaymentKind {
  COUPON = 'COUPON',
  PRINCIPAL = 'PRINCIPAL',
}
registerEnumType(AssetKind, { name: 'AssetKind' });
registerEnumType(BondPaymentKind, { name: 'BondPaymentKind' });

@ObjectType({ description: 'Land, a building or equipment the commune owns, at what it cost.' })
export class Asset {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => AssetKind) kind: AssetKind;
  @Field(() => Money) cost: Money;
  @Field(() => LocalDateScalar) acquiredOn: string;
  @Field(() => ID, { description: 'The entry that posted its cost.' }) journalEntryId: string;
  cooperativeId: string;
  seq: string;
}

@ObjectType({ description: "An asset rented to a tenant (a licensee record) for a flat rent per period, billed like a licence fee; never a share of the tenant's income." })
export class RentalAgreement {
  @Field(() => ID) id: string;
  @Field(() => FeeScheduleView) rent: FeeScheduleView;
  @Field(() => LocalDateScalar) startsOn: string;
  @Field(() => LocalDateScalar, { nullable: true }) endsOn: string | null;
  assetId: string;
  tenantLicenseeId: string;
}

@ObjectType({ description: 'A bond series: a fixed coupon per period and the principal repaid at maturity. Bonds carry no vote and no equity.' })
export class BondSeries {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => DecimalScalar, { description: 'Yearly rate in percent (5 means 5% a year); a MONTHLY coupon is a twelfth of it.' }) couponPercent: Decimal;
  @Field(() => FeePeriod) couponPeriod: FeePeriod;
  @Field(() => LocalDateScalar) issuedOn: string;
  @Field(() => LocalDateScalar) maturesOn: string;
  cooperativeId: string;
  currency: string;
}

@ObjectType({ description: "One holder's bonds in a series: a member's, or an outsider's by name. The principal is the sum of its ledger lines." })
export class BondHolding {
  @Field(() => ID) id: string;
  @Field(() => ID) seriesId: string;
  @Field(() => ID, { nullable: true }) memberId: string | null;
  @Field(() => String, { nullable: true }) holderName: string | null;
  @Field(() => Money, { description: 'Outstanding principal: purchases less redemption.' }) principal: Money;
  @Field({ description: 'Redeemed: nothing is owed any more.' }) closed: boolean;
  seq: string;
}

@ObjectType({ description: 'A coupon for one period, or the principal repaid at maturity, to one holding; paid exactly once.' })
export class BondPayment {
  @Field(() => ID) id: string;
  @Field(() => ID) holdingId: string;
  @Field(() => BondPaymentKind) kind: BondPaymentKind;
  @Field({ description: "The coupon period ('2026' or '2026-01'), or 'MATURITY'." }) period: string;
  @Field(() => Money) amount: Money;
  @Field(() => ID) journalEntryId: string;
  @Field() paidAt: Date;
}
