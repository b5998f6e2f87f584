import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { IsOptional, IsUUID } from 'class-validator';
import { IsMoney, IsPositiveDecimal } from 'src/common/money/money.validators';
import { Money } from 'src/common/money/money.type';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { Text } from 'src/common/validation/text';

export enum SpendStatus {
  PENDING = 'PENDING',
  POSTED = 'POSTED',
  UNFUNDED = 'UNFUNDED',
}
registerEnumType(SpendStatus, {
  name: 'SpendStatus',
  description: 'PENDING until the proposal closes as PASSED; then POSTED, or UNFUNDED when the reserve could not cover it (nothing partial is posted).',
});

@InputType({ description: 'Money a proposal releases from the reserve when it passes: to a bucket, or to a named payee. Give bucketId or payee, not both.' })
export class SpendInput {
  @Field(() => DecimalScalar) @IsPositiveDecimal() @IsMoney() amount: Decimal;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() bucketId?: string;
  @Field({ nullable: true }) @IsOptional() @Text({ max: 300 }) payee?: string;
  @Field({ nullable: true }) @IsOptional() @Text({ max: 1000, allowEmpty: true }) memo?: string;
}

@ObjectType({ description: 'The money a proposal releases, and what became of it at close.' })
export class Spend {
  @Field(() => Money) amount: Money;
  @Field(() => ID, { nullable: true }) bucketId: string | null;
  @Field(() => String, { nullable: true }) payee: string | null;
  @Field(() => String, { nullable: true }) memo: string | null;
  @Field(() => SpendStatus) status: SpendStatus;
  @Field(() => Money, { nullable: true, description: 'UNFUNDED: how much the reserve lacked.' }) shortfall: Money | null;
  @Field(() => ID, { nullable: true, description: 'POSTED: the journal entry that moved the money.' }) journalEntryId: string | null;
}
