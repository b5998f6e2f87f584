import { Field, Int, ObjectType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Fraction } from 'src/common/money/fraction';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { ProposalOutcome } from './governance.enums';
import { StoredTally } from './tally-view';

@ObjectType()
export class ClassTally {
  @Field(() => StakeholderClass) class: StakeholderClass;
  @Field(() => DecimalScalar, { description: 'The class vote weight.' }) weight: Decimal;
  @Field(() => Int) eligible: number;
  @Field(() => Int) yes: number;
  @Field(() => Int) no: number;
  @Field(() => Int) abstain: number;
  @Field(() => Int) block: number;
  @Field(() => DecimalScalar, { nullable: true, description: 'yes / (yes + no + block); null when nothing was decided.' }) support: Decimal | null;
  @Field(() => DecimalScalar) turnout: Decimal;
}

@ObjectType({ description: 'The class-weighted tally. Ratios are exact fractions shown to 40 significant digits.' })
export class Tally {
  @Field(() => DecimalScalar, { nullable: true }) weightedSupport: Decimal | null;
  @Field(() => String, { nullable: true, description: 'The weighted support as an exact fraction, e.g. "13/24".' }) weightedSupportExact: string | null;
  @Field() quorumMet: boolean;
  @Field(() => DecimalScalar, { description: 'Distinct voters / distinct eligible members.' }) turnout: Decimal;
  @Field(() => Int) voters: number;
  @Field(() => Int) eligible: number;
  @Field(() => [ClassTally]) classes: ClassTally[];
  @Field(() => ProposalOutcome, { nullable: true, description: 'The outcome this tally gives (final once the proposal is closed).' }) outcome: ProposalOutcome | null;
  @Field({ description: 'True when this is the tally stored at close.' }) final: boolean;
}

const decimal = (fraction: string) => Fraction.parse(fraction).toDecimal();

export function toTally(stored: StoredTally, outcome: ProposalOutcome | null, final: boolean): Tally {
  return {
    weightedSupport: stored.weightedSupport === null ? null : decimal(stored.weightedSupport),
    weightedSupportExact: stored.weightedSupport,
    quorumMet: stored.quorumMet,
    turnout: decimal(stored.overallTurnout),
    voters: stored.distinctVoters,
    eligible: stored.distinctEligible,
    outcome,
    final,
    classes: stored.classes.map((c) => ({ ...c, weight: decimal(c.weight), support: c.support === null ? null : decimal(c.support), turnout: decimal(c.turnout) })),
  };
}
