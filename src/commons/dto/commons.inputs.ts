import { Field, ID, InputType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { IsMoney, IsPositiveDecimal, MaxDecimalPlaces } from 'src/common/money/money.validators';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { Text } from 'src/common/validation/text';
import { FeeScheduleInput } from 'src/licensing/dto/licensing.inputs';
import { FeePeriod } from 'src/licensing/licensing.rules';
import { AssetKind } from 'src/commons/commons.types';

@InputType()
export class RegisterAssetInput {
  @Field(() => ID) @IsUUID() cooperativeId: string;
  @Field() @Text({ max: 300 }) title: string;
  @Field(() => AssetKind) @IsEnum(AssetKind) kind: AssetKind;
  @Field(() => DecimalScalar, { description: 'What it cost; posted as property bought with cash.' }) @IsPositiveDecimal() @IsMoney() cost: Decimal;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Defaults to today.' }) @IsOptional() @IsString() acquiredOn?: string;
}

@InputType()
export class GrantRentalInput {
  @Field(() => ID) @IsUUID() assetId: string;
  @Field(() => ID, { description: 'The tenant: a licensee record of the same cooperative.' }) @IsUUID() tenantLicenseeId: string;
  @Field(() => FeeScheduleInput, { description: 'A flat amount per period; a percentage of revenue is refused.' }) @ValidateNested() @Type(() => FeeScheduleInput) rent: FeeScheduleInput;
  @Field(() => LocalDateScalar, { description: 'The first day of a period: the 1st of a month (MONTHLY) or 1 January (YEARLY).' }) @IsString() startsOn: string;
}

@InputType()
export class IssueBondSeriesInput {
  @Field(() => ID) @IsUUID() cooperativeId: string;
  @Field() @Text({ max: 300 }) title: string;
  @Field(() => DecimalScalar, { description: 'Yearly rate in percent, > 0 and <= 100, at most 4 decimals.' }) @IsPositiveDecimal() @MaxDecimalPlaces(4) couponPercent: Decimal;
  @Field(() => FeePeriod) @IsEnum(FeePeriod) couponPeriod: FeePeriod;
  @Field(() => LocalDateScalar) @IsString() issuedOn: string;
  @Field(() => LocalDateScalar) @IsString() maturesOn: string;
}

@InputType({ description: 'Give memberId or holderName, not both.' })
export class BondPurchaseInput {
  @Field(() => ID) @IsUUID() seriesId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() memberId?: string;
  @Field({ nullable: true }) @IsOptional() @Text({ max: 300 }) holderName?: string;
  @Field(() => DecimalScalar) @IsPositiveDecimal() @IsMoney() amount: Decimal;
  @Field({ description: 'Replaying the same key returns the same holding and records nothing.' }) @Text({ max: 200 }) idempotencyKey: string;
}

@InputType()
export class PayCouponsInput {
  @Field(() => ID) @IsUUID() seriesId: string;
  @Field({ description: "'2026' for a YEARLY series, '2026-01' for a MONTHLY one." }) @Text({ max: 20 }) period: string;
}
