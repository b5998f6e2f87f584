import { Field, ID, InputType, Int } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { MaxDecimalPlaces } from 'src/common/money/money.validators';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { Text } from 'src/common/validation/text';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { CobudgetAllocation } from 'src/cooperatives/bylaws.rules';

@InputType({ description: 'Vote weight per class; each in [0.10, 0.50], summing to exactly 1.' })
export class VoteWeightsInput {
  @Field(() => DecimalScalar) @MaxDecimalPlaces(20) founder: Decimal;
  @Field(() => DecimalScalar) @MaxDecimalPlaces(20) funder: Decimal;
  @Field(() => DecimalScalar) @MaxDecimalPlaces(20) worker: Decimal;
  @Field(() => DecimalScalar) @MaxDecimalPlaces(20) user: Decimal;
}

@InputType({ description: 'Bylaws terms. Omitted fields keep the current (or default) value.' })
export class BylawsInput {
  @Field(() => VoteWeightsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => VoteWeightsInput)
  voteWeights?: VoteWeightsInput;

  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @MaxDecimalPlaces(6) reservePercent?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @MaxDecimalPlaces(6) dividendPercent?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @MaxDecimalPlaces(6) cobudgetPercent?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @MaxDecimalPlaces(6) quorumPerClass?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @MaxDecimalPlaces(6) quorumOverall?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @MaxDecimalPlaces(6) workerUnitsPerHour?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @MaxDecimalPlaces(6) funderUnitsPerCurrencyUnit?: Decimal;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @MaxDecimalPlaces(6) userUnitsPerCurrencyUnit?: Decimal;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() graceDays?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() suspensionDays?: number;
  @Field(() => Int, { nullable: true, description: 'How many proxies one member may carry (default 1); 0 disables proxies.' }) @IsOptional() @IsInt() proxiesPerHolder?: number;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() membersMayPropose?: boolean;
  @Field(() => CobudgetAllocation, { nullable: true }) @IsOptional() @IsEnum(CobudgetAllocation) cobudgetAllocation?: CobudgetAllocation;
  @Field(() => [StakeholderClass], { nullable: true, description: 'Classes whose equity, dividends and allocations are one equal part per member (default none).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsEnum(StakeholderClass, { each: true })
  perMemberEquityClasses?: StakeholderClass[];
}

@InputType()
export class CreateCooperativeInput {
  @Field()
  @Text({ max: 200 })
  name: string;

  @Field({ description: 'Lower-case letters, digits and dashes; unique.' })
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'must be 1 to 63 lower-case letters, digits or inner dashes' })
  slug: string;

  @Field({ description: 'ISO 4217 currency code, e.g. EUR.' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'must be a 3-letter ISO 4217 code in capitals, e.g. EUR' })
  currency: string;

  @Field(() => BylawsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => BylawsInput)
  bylaws?: BylawsInput;
}

@InputType()
export class AmendBylawsInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field(() => BylawsInput)
  @ValidateNested()
  @Type(() => BylawsInput)
  bylaws: BylawsInput;
}
