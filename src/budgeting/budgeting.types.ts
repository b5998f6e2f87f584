import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Money } from 'src/common/money/money.type';
import { StakeholderClass } from 'src/common/stakeholder-class';

export enum RoundStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
export enum BucketStatus {
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  OPEN = 'OPEN',
  FUNDED = 'FUNDED',
  NOT_FUNDED = 'NOT_FUNDED',
}
registerEnumType(RoundStatus, { name: 'BudgetRoundStatus' });
registerEnumType(BucketStatus, { name: 'BucketStatus' });

@ObjectType({ description: 'A declared surplus, split by the bylaws into reserve, dividends and co-budget.' })
export class SurplusDeclaration {
  @Field(() => ID) id: string;
  @Field() period: string;
  @Field(() => Money) amount: Money;
  @Field(() => Money) reserve: Money;
  @Field(() => Money) dividends: Money;
  @Field(() => Money) cobudget: Money;
  @Field() idempotencyKey: string;
  @Field() declaredAt: Date;
  cooperativeId: string;
  currency: string;
  journalEntryId: string;
}

@ObjectType({ description: "A member's dividend from one class." })
export class DividendPayout {
  @Field(() => StakeholderClass) class: StakeholderClass;
  @Field(() => Money) amount: Money;
  memberId: string;
  seq: string;
}

@ObjectType({ description: 'A co-budgeting round (Cobudget): members fund approved buckets from their allocations.' })
export class BudgetRound {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => Money) pool: Money;
  @Field(() => RoundStatus) status: RoundStatus;
  @Field() grantingClosesAt: Date;
  @Field(() => Money, { nullable: true }) maxPerMemberPerBucket: Money | null;
  @Field(() => ID, { nullable: true }) surplusId: string | null;
  cooperativeId: string;
  currency: string;
  seq: string;
  /** The entry that allocated the pool. */
  journalEntryId: string;
}

@ObjectType({ description: "A member's allocation from one class in a round." })
export class Allocation {
  @Field(() => StakeholderClass) class: StakeholderClass;
  @Field(() => Money) amount: Money;
  memberId: string;
  seq: string;
}

@ObjectType()
export class Bucket {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => Money) minGoal: Money;
  @Field(() => Money) maxGoal: Money;
  @Field(() => BucketStatus) status: BucketStatus;
  @Field(() => ID) roundId: string;
  cooperativeId: string;
  seq: string;
  currency: string;
}

@ObjectType({ description: 'Money a member moved from their allocation to a bucket. Refunds are reversal entries.' })
export class Contribution {
  @Field(() => ID) id: string;
  @Field(() => ID) bucketId: string;
  @Field(() => ID) memberId: string;
  @Field(() => Money) amount: Money;
  @Field(() => String, { nullable: true }) idempotencyKey: string | null;
  @Field() createdAt: Date;
}
