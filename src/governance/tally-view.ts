import { StakeholderClass } from 'src/common/stakeholder-class';
import { ChoiceTallyResult } from './tally';

/** A tally as stored with an outcome and as shown to clients: exact fractions as "n/d" text. */
export interface StoredTally {
  weightedSupport: string | null;
  quorumMet: boolean;
  overallTurnout: string;
  distinctVoters: number;
  distinctEligible: number;
  classes: {
    class: StakeholderClass;
    weight: string;
    eligible: number;
    yes: number;
    no: number;
    abstain: number;
    block: number;
    support: string | null;
    turnout: string;
  }[];
  /** Option methods only: the winning option, every option's S and per-class shares, runoff rounds, pairwise margins. */
  winnerId?: string | null;
  options?: {
    id: string;
    label: string;
    position: number;
    share: string;
    copelandScore: string | null;
    classes: { class: StakeholderClass; share: string | null; ballots: number }[];
  }[];
  rounds?: { round: number; shares: { optionId: string; share: string }[]; eliminatedId: string | null; tieBrokenByOrder: boolean }[] | null;
  pairwise?: { aId: string; bId: string; margin: string }[] | null;
}

export function storeTally(result: ChoiceTallyResult, distinctVoters: number, distinctEligible: number): StoredTally {
  return {
    weightedSupport: result.weightedSupport?.toString() ?? null,
    quorumMet: result.quorumMet,
    overallTurnout: result.overallTurnout.toString(),
    distinctVoters,
    distinctEligible,
    classes: result.classes.map((c) => ({
      class: c.class as StakeholderClass,
      weight: c.weight.toString(),
      eligible: c.eligible,
      yes: c.yes,
      no: c.no,
      abstain: c.abstain,
      block: c.block,
      support: c.support?.toString() ?? null,
      turnout: c.turnout.toString(),
    })),
  };
}
