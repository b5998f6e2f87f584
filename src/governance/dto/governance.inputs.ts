import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDate, IsEnum, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageArgs } from 'src/common/pagination/connection';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Text } from 'src/common/validation/text';
import { BylawsInput } from 'src/cooperatives/dto/cooperative.inputs';
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

  @Field(() => [String], { nullable: true, description: 'Options for the option-based methods.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Text({ max: 300 }, { each: true })
  options?: string[];

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
}

@InputType()
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
  @IsUUID('all', { each: true })
  optionIds?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  ranking?: string[];

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
