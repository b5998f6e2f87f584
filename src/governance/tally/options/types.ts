import type { Fraction } from 'src/common/money/fraction';
import type { ClassName } from 'src/governance/tally/types';

export type OptionMethod = 'SINGLE_CHOICE' | 'APPROVAL' | 'SCORE' | 'DOT_VOTE' | 'QUADRATIC' | 'RANKED_CHOICE' | 'CONDORCET';

export const OPTION_METHODS: readonly OptionMethod[] = ['SINGLE_CHOICE', 'APPROVAL', 'SCORE', 'DOT_VOTE', 'QUADRATIC', 'RANKED_CHOICE', 'CONDORCET'];

/** Identical ranked ballots of one class, counted together: option positions, most preferred first. */
export interface RankingGroup {
  ranking: readonly number[];
  n: number;
}

/** One class of the frozen electorate and its counted (non-ABSTAIN) ballots, aggregated. */
export interface OptionClassInput {
  class: ClassName;
  weight: Fraction;
  eligible: number;
  /** Counted ballots: every ballot but ABSTAIN. */
  ballots: number;
  abstain: number;
  /**
   * Per option position: ballots choosing it (SINGLE_CHOICE), approving it (APPROVAL), the sum of its
   * scores (SCORE), of its dots (DOT_VOTE) or of its votes (QUADRATIC). Unused by ranked methods.
   */
  totals: readonly number[];
  /** Ranked methods only. */
  rankings: readonly RankingGroup[];
}

export interface OptionTallyInput {
  method: OptionMethod;
  /** Options are positions 0 … optionCount − 1, in listing order. */
  optionCount: number;
  /** SCORE's top score. */
  maxScore: number;
  quorumPerClass: Fraction;
  quorumOverall: Fraction;
  classes: readonly OptionClassInput[];
  distinctEligible: number;
  distinctVoters: number;
}

export interface ClassShare {
  class: ClassName;
  /** share_c(o); null when the class counted no ballot. */
  share: Fraction | null;
  ballots: number;
}

export interface OptionResult {
  position: number;
  /** S(o). For RANKED_CHOICE, its share in the last round it was counted in; for CONDORCET, first preferences. */
  share: Fraction;
  classes: ClassShare[];
  copelandScore: Fraction | null;
}

export interface RunoffRound {
  round: number;
  /** The continuing options' S in this round. */
  shares: { position: number; share: Fraction }[];
  eliminated: number | null;
  tieBrokenByOrder: boolean;
}

export interface PairwiseMargin {
  a: number;
  b: number;
  /** M(a, b): a beats b when it is above 0. */
  margin: Fraction;
}

export interface OptionClassResult {
  class: ClassName;
  weight: Fraction;
  eligible: number;
  ballots: number;
  abstain: number;
  turnout: Fraction;
  active: boolean;
  quorumMet: boolean;
}

export type OptionOutcome = 'PASSED' | 'TIED' | 'REJECTED' | 'NO_QUORUM';

export interface OptionTallyResult {
  classes: OptionClassResult[];
  options: OptionResult[];
  rounds: RunoffRound[] | null;
  pairwise: PairwiseMargin[] | null;
  /** The winning position, or null when tied, without ballots, or without quorum. */
  winner: number | null;
  quorumMet: boolean;
  overallTurnout: Fraction;
  outcome: OptionOutcome;
}

/** What a method computes from the classes: every option's S and per-class shares, and the winner(s). */
export interface MethodResult {
  options: OptionResult[];
  /** Positions sharing the top: one is a winner, several a tie, none when nobody voted. */
  top: number[];
  rounds?: RunoffRound[];
  pairwise?: PairwiseMargin[];
}
