import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { BudgetRoundMode, BudgetRule } from 'src/budgeting/budgeting.types';
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

@InputType({ description: 'What a BALLOT round accepts as a ballot; a ballot that breaks a rule is BAD_USER_INPUT.' })
export class BallotRulesInput {
  @Field(() => Int, { nullable: true, description: 'Fewest buckets a ballot approves (default 1).' }) @IsOptional() @IsInt() @Min(0) @Max(1000) minProjects?: number;
  @Field(() => Int, { nullable: true, description: 'Most buckets a ballot approves (default: no limit).' }) @IsOptional() @IsInt() @Min(1) @Max(1000) maxProjects?: number;
  @Field({ nullable: true, description: "A ballot's buckets must together cost at most the pool." }) @IsOptional() @IsBoolean() knapsack?: boolean;
  @Field(() => DecimalScalar, { nullable: true, description: "Knapsack only: a ballot's buckets must cost at least this percent of the pool (Decidim's threshold)." })
  @IsOptional()
  @IsPositiveDecimal()
  @IsMoney()
  minBudgetPercent?: Decimal;
}

@InputType({ description: 'Give surplusId (its co-budget part) or amount (drawn from the reserve), not both.' })
export class OpenBudgetRoundInput {
  @Field(() => ID) @IsUUID() cooperativeId: string;
  @Field() @Text({ max: 300 }) title: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() surplusId?: string;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @IsPositiveDecimal() @IsMoney() amount?: Decimal;
  @Field() @IsDate() grantingClosesAt: Date;
  @Field(() => DecimalScalar, { nullable: true }) @IsOptional() @IsPositiveDecimal() @IsMoney() maxPerMemberPerBucket?: Decimal;
  @Field(() => BudgetRoundMode, { nullable: true, description: 'CONTRIBUTIONS (default): members fund buckets from allocations. BALLOT: members vote and a rule picks the winners.' })
  @IsOptional()
  @IsEnum(BudgetRoundMode)
  mode?: BudgetRoundMode;
  @Field(() => BudgetRule, { nullable: true, description: 'BALLOT only (required there): how the winners are picked at close.' }) @IsOptional() @IsEnum(BudgetRule) rule?: BudgetRule;
  @Field(() => [StakeholderClass], { nullable: true, description: "BALLOT only: the round's electorate; all four classes by default." })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(StakeholderClass, { each: true })
  classes?: StakeholderClass[];
  @Field(() => BallotRulesInput, { nullable: true, description: 'BALLOT only.' }) @IsOptional() @ValidateNested() @Type(() => BallotRulesInput) ballotRules?: BallotRulesInput;
}

@InputType({ description: 'Your ballot in a BALLOT round: the approved buckets. Voting again replaces it; every version is kept.' })
export class BudgetBallotInput {
  @Field(() => ID) @IsUUID() roundId: string;
  @Field(() => [ID]) @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) bucketIds: string[];
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

@ArgsType()
export class PreviewBudgetOutcomeArgs {
  @Field(() => ID) @IsUUID() cooperativeId: string;
  @Field({ description: 'A Pabulib .pb file of approval ballots.' }) @IsString() @MaxLength(1_000_000) pabulib: string;
  @Field(() => BudgetRule) @IsEnum(BudgetRule) rule: BudgetRule;
}
