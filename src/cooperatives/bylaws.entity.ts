import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from 'src/common/money/decimal';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { BylawsTerms, CobudgetAllocation } from './bylaws.rules';

registerEnumType(CobudgetAllocation, { name: 'CobudgetAllocation', description: 'How a class splits its co-budget share among its members.' });

const numeric = (name: string) => Column({ name, type: 'numeric', transformer: decimalTransformer });

@ObjectType({ description: 'A class with its fixed equity weight and its vote weight under these bylaws.' })
export class ClassWeights {
  @Field(() => StakeholderClass)
  class: StakeholderClass;

  @Field(() => DecimalScalar)
  equityWeight: Decimal;

  @Field(() => DecimalScalar)
  voteWeight: Decimal;
}

@ObjectType({ description: 'One version of a cooperative\'s bylaws. Versions are never changed; an amendment adds one.' })
@Entity('bylaws')
export class Bylaws implements BylawsTerms {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'cooperative_id', type: 'uuid' })
  cooperativeId: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  version: number;

  @numeric('vote_weight_founder') voteWeightFounder: Decimal;
  @numeric('vote_weight_funder') voteWeightFunder: Decimal;
  @numeric('vote_weight_worker') voteWeightWorker: Decimal;
  @numeric('vote_weight_user') voteWeightUser: Decimal;

  @Field(() => DecimalScalar) @numeric('reserve_percent') reservePercent: Decimal;
  @Field(() => DecimalScalar) @numeric('dividend_percent') dividendPercent: Decimal;
  @Field(() => DecimalScalar) @numeric('cobudget_percent') cobudgetPercent: Decimal;
  @Field(() => DecimalScalar, { description: 'Minimum turnout in each class, as a fraction.' }) @numeric('quorum_per_class') quorumPerClass: Decimal;
  @Field(() => DecimalScalar, { description: 'Minimum turnout over the whole electorate, as a fraction.' }) @numeric('quorum_overall') quorumOverall: Decimal;
  @Field(() => DecimalScalar) @numeric('worker_units_per_hour') workerUnitsPerHour: Decimal;
  @Field(() => DecimalScalar) @numeric('funder_units_per_currency_unit') funderUnitsPerCurrencyUnit: Decimal;
  @Field(() => DecimalScalar) @numeric('user_units_per_currency_unit') userUnitsPerCurrencyUnit: Decimal;

  @Field(() => Int) @Column({ name: 'grace_days', type: 'integer' }) graceDays: number;
  @Field(() => Int) @Column({ name: 'suspension_days', type: 'integer' }) suspensionDays: number;
  @Field(() => Int, { description: 'How many proxies one member may carry; 0 means no proxies.' }) @Column({ name: 'proxies_per_holder', type: 'smallint' }) proxiesPerHolder: number;

  @Field({ description: 'Whether any member (not only coordinators) may create proposals.' })
  @Column({ name: 'members_may_propose' })
  membersMayPropose: boolean;

  @Field(() => CobudgetAllocation)
  @Column({ name: 'cobudget_allocation', type: 'text' })
  cobudgetAllocation: CobudgetAllocation;

  @Field(() => [StakeholderClass], { description: 'Classes whose equity is one equal part per member ("one member, one share"), however many units each holds.' })
  @Column({ name: 'per_member_equity_classes', type: 'text', array: true })
  perMemberEquityClasses: StakeholderClass[];

  @Field(() => ID, { nullable: true, description: 'The SPECIAL proposal that enacted this version, if any.' })
  @Column({ name: 'enacted_by_proposal_id', type: 'uuid', nullable: true })
  enactedByProposalId: string | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  voteWeight(stakeholderClass: StakeholderClass): Decimal {
    switch (stakeholderClass) {
      case StakeholderClass.FOUNDER:
        return this.voteWeightFounder;
      case StakeholderClass.FUNDER:
        return this.voteWeightFunder;
      case StakeholderClass.WORKER:
        return this.voteWeightWorker;
      case StakeholderClass.USER:
        return this.voteWeightUser;
    }
  }
}
