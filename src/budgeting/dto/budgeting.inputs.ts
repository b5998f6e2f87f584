import { Field, ID, InputType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { IsDate, IsOptional, IsUUID } from 'class-validator';
import { IsMoney, IsPositiveDecimal } from 'src/common/money/money.validators';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { Text } from 'src/common/validation/text';

@InputType()
export class DeclareSurplusInput {
  @Field(() => ID) @IsUUID() cooperativeId: string;
  @Field({ description: 'The accounting period, e.g. "2026" or "2026-Q1"; one declaration per period.' }) @Text({ max: 50 }) period: string;
  @Field(() => DecimalScalar) @IsPositiveDecimal() @IsMoney() amount: Decimal;
  @Field({ description: 'Replaying the same key returns the same declaration.' }) @Text({ max: 200 }) idempotencyKey: string;
}

@InputType({ description: 'Give surplusId (its co-budget part) or amount (drawn from the reserve), not both.' })
export class OpenBudgetRoundInput {
  @Field(() => ID) @IsUUID() cooperativeId: string;
  @Field() @Text({ max: 300 }) title: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() surplusId?: string;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @IsPositiveDecimal() @IsMoney() amount?: Decimal;
  @Field() @IsDate() grantingClosesAt: Date;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @IsPositiveDecimal() @IsMoney() maxPerMemberPerBucket?: Decimal;
}

@InputType()
export class ProposeBucketInput {
  @Field(() => ID) @IsUUID() roundId: string;
  @Field() @Text({ max: 300 }) title: string;
  @Field() @Text({ max: 20000, allowEmpty: true }) description: string;
  @Field(() => DecimalScalar) @IsPositiveDecimal() @IsMoney() minGoal: Decimal;
  @Field(() => DecimalScalar) @IsPositiveDecimal() @IsMoney() maxGoal: Decimal;
}

@InputType()
export class ContributeInput {
  @Field(() => ID) @IsUUID() bucketId: string;
  @Field(() => DecimalScalar) @IsPositiveDecimal() @IsMoney() amount: Decimal;
  @Field({ nullable: true }) @IsOptional() @Text({ max: 200 }) idempotencyKey?: string;
}
