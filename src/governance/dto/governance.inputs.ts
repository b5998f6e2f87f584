import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { PageArgs } from 'src/common/pagination/connection';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Text } from 'src/common/validation/text';
import { BylawsInput } from 'src/cooperatives/dto/cooperative.inputs';
import { SpendInput } from 'src/governance/spend.types';
import { Choice, ProposalKind, ProposalStatus, ResultsVisibility, VotingMethod } from 'src/governance/governance.enums';

@InputType()
export class CreateProposalInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field()
  @Text({ max: 300 })
  title: string;

  @Field()
  @Text({ max: 50000, allowEmpty: true })
  body: string;

  @Field(() => ProposalKind)
  @IsEnum(ProposalKind)
  kind: ProposalKind;

  @Field(() => VotingMethod)
  @IsEnum(VotingMethod)
  method: VotingMethod;

  @Field(() => [String], { nullable: true, description: 'The options of an option method, 2 to 50, in listing order (ties in an instant runoff go against the one listed last).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Text({ max: 300 }, { each: true })
  options?: string[];

  @Field(() => Int, { nullable: true, description: 'APPROVAL: fewest options a ballot approves (default 1).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  minChoices?: number;

  @Field(() => Int, { nullable: true, description: 'APPROVAL: most options a ballot approves (default all).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  maxChoices?: number;

  @Field(() => Int, { nullable: true, description: 'SCORE: the top score (default 5).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxScore?: number;

  @Field(() => Int, { nullable: true, description: 'DOT_VOTE: dots per ballot (default 10).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  dots?: number;

  @Field(() => Int, { nullable: true, description: 'QUADRATIC: credits per ballot (default 100); n votes on one option cost n².' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  credits?: number;

  @Field(() => [StakeholderClass], { nullable: true, description: 'The electorate; all four classes by default.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(StakeholderClass, { each: true })
  classes?: StakeholderClass[];

  @Field({ nullable: true, description: 'Defaults to now.' })
  @IsOptional()
  @IsDate()
  opensAt?: Date;

  @Field()
  @IsDate()
  closesAt: Date;

  @Field(() => ResultsVisibility, { nullable: true, defaultValue: ResultsVisibility.ALWAYS })
  @IsOptional()
  @IsEnum(ResultsVisibility)
  resultsVisibility?: ResultsVisibility;

  @Field({ nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean;

  @Field(() => BylawsInput, { nullable: true, description: 'SPECIAL only: the bylaws amendment enacted when it passes.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BylawsInput)
  bylawsAmendment?: BylawsInput;

  @Field(() => SpendInput, { nullable: true, description: 'YES_NO or CONSENT: money from the reserve, posted when the proposal closes PASSED.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SpendInput)
  spend?: SpendInput;
}

@InputType()
export class OptionScoreInput {
  @Field(() => ID)
  @IsUUID()
  optionId: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100)
  score: number;
}

@InputType()
export class OptionAmountInput {
  @Field(() => ID)
  @IsUUID()
  optionId: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(1000)
  amount: number;
}

@InputType({ description: 'SINGLE_CHOICE: optionIds (one); APPROVAL: optionIds; RANKED_CHOICE and CONDORCET: ranking; SCORE: scores; DOT_VOTE and QUADRATIC: allocations; any method: choice ABSTAIN.' })
export class CastVoteInput {
  @Field(() => ID)
  @IsUUID()
  proposalId: string;

  @Field(() => Choice, { nullable: true })
  @IsOptional()
  @IsEnum(Choice)
  choice?: Choice;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  optionIds?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  ranking?: string[];

  @Field(() => [OptionScoreInput], { nullable: true, description: 'SCORE: a score for every option.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OptionScoreInput)
  scores?: OptionScoreInput[];

  @Field(() => [OptionAmountInput], { nullable: true, description: 'DOT_VOTE: dots per option; QUADRATIC: votes per option.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OptionAmountInput)
  allocations?: OptionAmountInput[];

  @Field(() => String, { nullable: true, description: 'Required for BLOCK.' })
  @IsOptional()
  @Text({ max: 5000, allowEmpty: true })
  reason?: string;
}

@ArgsType()
export class ProposalsArgs extends PageArgs {
  @Field(() => ProposalStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ProposalStatus)
  status?: ProposalStatus;
}
