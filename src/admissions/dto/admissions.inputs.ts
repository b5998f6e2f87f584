import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { Text } from 'src/common/validation/text';
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
  @Text({ max: 5000, allowEmpty: true })
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
  @Text({ max: 2000, allowEmpty: true })
  reason?: string;
}
