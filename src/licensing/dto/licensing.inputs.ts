import { Field, ID, InputType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { IsMoney, IsNonNegativeDecimal, IsPositiveDecimal, MaxDecimalPlaces } from 'src/common/money/money.validators';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { Text } from 'src/common/validation/text';
import { FeePeriod, FeeSchedule, LicenseUse } from '../licensing.rules';
import '../licensing.enums';

@InputType()
export class RegisterWorkInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field()
  @Text({ max: 300 })
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Text({ max: 5000, allowEmpty: true })
  description?: string;
}

@InputType()
export class RegisterLicenseeInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field()
  @Text({ max: 300 })
  name: string;

  @Field({ description: 'The licensee account is the user with this email (now or after it signs up).' })
  @IsEmail()
  @Length(3, 320)
  email: string;

  @Field(() => LicenseUse)
  @IsEnum(LicenseUse)
  use: LicenseUse;

  @Field(() => Boolean, { nullable: true, description: 'WORKER_OWNED: the licensee is owned by its workers.' })
  @IsOptional()
  @IsBoolean()
  isWorkerOwned?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'WORKER_OWNED: all surplus goes to its worker-owners.' })
  @IsOptional()
  @IsBoolean()
  allSurplusToWorkerOwners?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'WORKER_OWNED: it employs no waged non-owners.' })
  @IsOptional()
  @IsBoolean()
  noWagedNonOwners?: boolean;
}

@InputType({ description: 'Flat: amount. Percentage: revenuePercent of the declared revenue, with an optional minimum per period.' })
export class FeeScheduleInput implements FeeSchedule {
  @Field(() => FeePeriod)
  @IsEnum(FeePeriod)
  period: FeePeriod;

  @Field(() => DecimalScalar, { nullable: true })
  @IsOptional()
  @IsPositiveDecimal()
  @IsMoney()
  amount?: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'Percent of revenue, > 0 and <= 100, at most 4 decimals (5 means 5%).' })
  @IsOptional()
  @IsPositiveDecimal()
  @MaxDecimalPlaces(4)
  revenuePercent?: Decimal;

  @Field(() => DecimalScalar, { nullable: true })
  @IsOptional()
  @IsNonNegativeDecimal()
  @IsMoney()
  minimum?: Decimal;
}

@InputType()
export class GrantLicenseInput {
  @Field(() => ID)
  @IsUUID()
  licenseeId: string;

  @Field(() => ID)
  @IsUUID()
  workId: string;

  @Field(() => FeeScheduleInput)
  @ValidateNested()
  @Type(() => FeeScheduleInput)
  fee: FeeScheduleInput;

  @Field(() => LocalDateScalar, { description: 'The first day of a period: the 1st of a month (MONTHLY) or 1 January (YEARLY).' })
  @IsString()
  startsOn: string;
}

@InputType()
export class DeclareRevenueInput {
  @Field(() => ID)
  @IsUUID()
  agreementId: string;

  @Field({ description: "'2026-01' for a MONTHLY agreement, '2026' for a YEARLY one." })
  @IsString()
  @Matches(/^\d{4}(-\d{2})?$/, { message: "must be a period such as '2026-01' or '2026'" })
  period: string;

  @Field(() => DecimalScalar)
  @IsNonNegativeDecimal()
  @IsMoney()
  revenue: Decimal;
}

@InputType()
export class IssueInvoicesInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field(() => LocalDateScalar, { description: 'Every period that starts on or before this day is invoiced.' })
  @IsString()
  through: string;
}

@InputType({ description: 'Exactly one of licenseeId and memberId (a member that converted from a licensee, paying dues).' })
export class RecordPaymentInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  licenseeId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @Field(() => DecimalScalar)
  @IsPositiveDecimal()
  @IsMoney()
  amount: Decimal;

  @Field()
  @Text({ max: 200 })
  idempotencyKey: string;
}
