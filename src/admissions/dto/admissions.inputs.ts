import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { ApplicationDecision } from 'src/admissions/application.entity';

@InputType()
export class ApplyInput {
  @Field(() => ID)
  @IsUUID()
  cooperativeId: string;

  @Field(() => StakeholderClass)
  @IsEnum(StakeholderClass)
  stakeholderClass: StakeholderClass;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  statement?: string;
}

@InputType()
export class DecideApplicationInput {
  @Field(() => ID)
  @IsUUID()
  applicationId: string;

  @Field(() => ApplicationDecision)
  @IsEnum(ApplicationDecision)
  decision: ApplicationDecision;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
