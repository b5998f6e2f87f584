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
