import type { Fraction } from 'src/common/money/fraction';

/**
 * The stakeholder classes, spelled as the `StakeholderClass` enum values so that the enum is assignable
 * to it. Declared here because the enum's module loads @nestjs/graphql, which the pure tally must not need.
 */
export type ClassName = 'FOUNDER' | 'FUNDER' | 'WORKER' | 'USER';

/** The fixed order in which class results are listed (the same as `CLASS_ORDER`). */
export const CLASS_NAMES: readonly ClassName[] = ['FOUNDER', 'FUNDER', 'WORKER', 'USER'];

export type ProposalKind = 'ORDINARY' | 'SPECIAL';

export type Outcome = 'PASSED' | 'REJECTED' | 'BLOCKED' | 'NO_QUORUM';

/** Head counts for one class of the electorate frozen at the snapshot. */
export interface ClassCounts {
  class: ClassName;
  weight: Fraction;
  eligible: number;
  yes: number;
  no: number;
  abstain: number;
  block: number;
}

export interface ChoiceTallyInput {
  kind: ProposalKind;
  /** True for the CONSENT method (a BLOCK vetoes), false for YES_NO. */
  consent: boolean;
  quorumPerClass: Fraction;
  quorumOverall: Fraction;
  /** Any order; the result lists them in FOUNDER, FUNDER, WORKER, USER order. */
  classes: ClassCounts[];
  /** Distinct members of the electorate: a member in two classes counts once. */
  distinctEligible: number;
  /** Distinct members with a current ballot (any choice, abstention included). */
  distinctVoters: number;
}

export interface ClassResult extends ClassCounts {
  /** yes + no + block. */
  decided: number;
  /** yes / decided, or null when nothing was decided. */
  support: Fraction | null;
  /** (decided + abstain) / eligible, or zero when the class has no eligible members. */
  turnout: Fraction;
  /** Counts in the weighted support: eligible > 0 and decided > 0. */
  active: boolean;
  /** turnout >= quorumPerClass; always true for a class with no eligible members (it is ignored). */
  quorumMet: boolean;
}

export interface ChoiceTallyResult {
  classes: ClassResult[];
  /** Σ w·support / Σ w over the active classes, or null when no class is active. */
  weightedSupport: Fraction | null;
  quorumMet: boolean;
  /** distinctVoters / distinctEligible, or zero when nobody is eligible. */
  overallTurnout: Fraction;
  /** Some class has a BLOCK under the CONSENT method. */
  blocked: boolean;
  outcome: Outcome;
}
