import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { Fraction } from 'src/common/money/fraction';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { ProposalOutcome } from './governance.enums';
import { ProposalOption } from './proposal.entity';
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

@ObjectType({ description: "A class's share of an option: normalised within the class, before the classes are combined." })
export class ClassShare {
  @Field(() => StakeholderClass) class: StakeholderClass;
  @Field(() => DecimalScalar, { nullable: true, description: 'Null when the class counted no ballot.' }) share: Decimal | null;
  @Field(() => Int, { description: 'The counted ballots of the class (ABSTAIN not included).' }) ballots: number;
}

@ObjectType({ description: 'An option with its class-weighted share S(o).' })
export class OptionResult {
  @Field(() => ProposalOption) option: ProposalOption;
  @Field(() => DecimalScalar, { description: 'S(o). RANKED_CHOICE: in the last round the option was counted in; CONDORCET: first preferences.' }) share: Decimal;
  @Field({ description: 'S(o) as an exact fraction, e.g. "63/100".' }) shareExact: string;
  @Field(() => [ClassShare]) classes: ClassShare[];
  @Field(() => DecimalScalar, { nullable: true, description: 'CONDORCET: wins plus half the ties.' }) copelandScore: Decimal | null;
}

@ObjectType()
export class OptionShare {
  @Field(() => ID) optionId: string;
  @Field(() => DecimalScalar) share: Decimal;
  @Field() shareExact: string;
}

@ObjectType({ description: 'One round of an instant runoff.' })
export class RunoffRound {
  @Field(() => Int) round: number;
  @Field(() => [OptionShare], { description: 'The continuing options, in listing order.' }) shares: OptionShare[];
  @Field(() => ID, { nullable: true, description: 'The option eliminated after this round (none in the last).' }) eliminatedId: string | null;
  @Field({ description: 'True when options were tied in this and every earlier round, and the one listed last was eliminated.' }) tieBrokenByOrder: boolean;
}

@ObjectType({ description: 'CONDORCET: the class-weighted margin of a over b; a beats b when it is above 0.' })
export class PairwiseMargin {
  @Field(() => ID) aId: string;
  @Field(() => ID) bId: string;
  @Field(() => DecimalScalar) margin: Decimal;
  @Field() marginExact: string;
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
  @Field(() => ID, { nullable: true, description: 'Option methods: the winning option (none when TIED, without ballots or without quorum).' }) winnerId: string | null;
  @Field(() => [OptionResult], { nullable: true, description: 'Option methods: every option, in listing order.' }) options: OptionResult[] | null;
  @Field(() => [RunoffRound], { nullable: true, description: 'RANKED_CHOICE: every round, with its elimination.' }) rounds: RunoffRound[] | null;
  @Field(() => [PairwiseMargin], { nullable: true, description: 'CONDORCET: the margin of every ordered pair.' }) pairwise: PairwiseMargin[] | null;
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
    winnerId: stored.winnerId ?? null,
    options:
      stored.options?.map((o) => ({
        option: { id: o.id, label: o.label, position: o.position },
        share: decimal(o.share),
        shareExact: o.share,
        copelandScore: o.copelandScore === null ? null : decimal(o.copelandScore),
        classes: o.classes.map((c) => ({ class: c.class, ballots: c.ballots, share: c.share === null ? null : decimal(c.share) })),
      })) ?? null,
    rounds: stored.rounds?.map((r) => ({ ...r, shares: r.shares.map((s) => ({ optionId: s.optionId, share: decimal(s.share), shareExact: s.share })) })) ?? null,
    pairwise: stored.pairwise?.map((p) => ({ aId: p.aId, bId: p.bId, margin: decimal(p.margin), marginExact: p.margin })) ?? null,
  };
}
