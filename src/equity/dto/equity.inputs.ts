import { Field, ID, InputType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { IsOptional, IsUUID, Validate } from 'class-validator';
import { IsMoney, IsPositiveDecimal, MaxDecimalPlaces } from 'src/common/money/money.validators';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { LocalDateScalar } from 'src/common/scalars/local-date.scalar';
import { NotInFuture } from 'src/common/scalars/not-in-future.validator';
import { Text } from 'src/common/validation/text';

@InputType()
export class MemberRefInput {
  @Field(() => ID)
  @IsUUID()
  memberId: string;
}

@InputType()
export class RecordLabourInput {
  @Field(() => ID)
  @IsUUID()
  memberId: string;

  @Field(() => DecimalScalar, { description: 'Hours worked, > 0, at most 2 decimals.' })
  @IsPositiveDecimal()
  @MaxDecimalPlaces(2)
  hours: Decimal;

  @Field()
  @Text({ max: 500 })
  description: string;

  @Field(() => LocalDateScalar)
  @Validate(NotInFuture)
  occurredOn: string;
}

@InputType()
export class RecordMoneyInput {
  @Field(() => ID)
  @IsUUID()
  memberId: string;

  @Field(() => DecimalScalar, { description: 'An amount > 0 with at most 2 decimals.' })
  @IsPositiveDecimal()
  @IsMoney()
  amount: Decimal;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Text({ max: 500, allowEmpty: true })
  note?: string;
}
