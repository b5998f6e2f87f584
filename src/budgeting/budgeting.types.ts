import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { Money } from 'src/common/money/money.type';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { BudgetRoundMode, BudgetRule } from './budgeting.enums';

export { BudgetRoundMode, BudgetRule };

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
registerEnumType(BudgetRoundMode, { name: 'BudgetRoundMode' });
registerEnumType(BudgetRule, { name: 'BudgetRule', description: 'GREEDY: by class-weighted approval share. EQUAL_SHARES: the Method of Equal Shares with fair-shares voter budgets.' });
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
  @Field(() => BudgetRoundMode) mode: BudgetRoundMode;
  @Field(() => BudgetRule, { nullable: true }) rule: BudgetRule | null;
  @Field(() => [StakeholderClass], { nullable: true, description: 'BALLOT rounds: the electorate.' }) classes: StakeholderClass[] | null;
  @Field(() => BallotRules, { nullable: true }) ballotRules: BallotRules | null;
  cooperativeId: string;
  currency: string;
  seq: string;
  /** The entry that allocated the pool. */
  journalEntryId: string;
}

@ObjectType({ description: "What a BALLOT round accepts as a ballot." })
export class BallotRules {
  @Field(() => Int) minProjects: number;
  @Field(() => Int, { nullable: true }) maxProjects: number | null;
  @Field() knapsack: boolean;
  @Field(() => DecimalScalar, { nullable: true }) minBudgetPercent: Decimal | null;
}

@ObjectType({ description: "Why a bucket of a BALLOT round won or lost, in words." })
export class BucketExplanation {
  bucketId: string;
  @Field() selected: boolean;
  @Field(() => Int, { description: 'Ballots that approve it.' }) approvals: number;
  @Field(() => Money, { nullable: true, description: 'EQUAL_SHARES, losing buckets: what its supporters had left when it lost (rounded down to the cent).' }) supportersLeft: Money | null;
  @Field() reason: string;
}

@ObjectType({ description: 'The winners a BALLOT round picked at close, stored with the funding entries.' })
export class BudgetRoundResult {
  winnerIds: string[];
  @Field(() => Money) spent: Money;
  @Field(() => DecimalScalar, { nullable: true, description: "EQUAL_SHARES: each voter's budget in the run that decided (the pool of that run divided by the voters)." })
  perVoterBudget: Decimal | null;
  @Field(() => Int, { nullable: true, description: 'EQUAL_SHARES: how many runs the add1 completion took.' }) mesRuns: number | null;
  @Field(() => [BucketExplanation]) explanations: BucketExplanation[];
}

@ObjectType({ description: "A member's ballot in a BALLOT round." })
export class BudgetBallot {
  @Field(() => ID) roundId: string;
  @Field(() => [ID]) bucketIds: string[];
  @Field() castAt: Date;
  memberId: string;
}

@ObjectType()
export class PreviewExplanation {
  @Field() projectId: string;
  @Field() selected: boolean;
  @Field(() => Int) approvals: number;
  @Field() reason: string;
}

@ObjectType({ description: 'What a rule would pick from a Pabulib file; nothing is written.' })
export class BudgetPreview {
  @Field(() => [String]) selectedProjectIds: string[];
  @Field(() => DecimalScalar, { description: 'In the currency of the file, with 2 decimals.' }) spent: string;
  @Field(() => DecimalScalar, { nullable: true }) perVoterBudget: Decimal | null;
  @Field(() => Int, { nullable: true }) mesRuns: number | null;
  @Field(() => [PreviewExplanation]) explanations: PreviewExplanation[];
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
