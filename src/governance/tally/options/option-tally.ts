import { Fraction } from 'src/common/money/fraction';
import { CLASS_NAMES } from 'src/governance/tally/types';
import { approval } from './approval';
import { copeland } from './copeland';
import { dotVote } from './dot-vote';
import { instantRunoff } from './instant-runoff';
import { quadratic } from './quadratic';
import { score } from './score';
import { singleChoice } from './single-choice';
import type { MethodResult, OptionClassResult, OptionTallyInput, OptionTallyResult } from './types';

function byMethod(input: OptionTallyInput): MethodResult {
  switch (input.method) {
    case 'SINGLE_CHOICE':
      return singleChoice(input.classes, input.optionCount);
    case 'APPROVAL':
      return approval(input.classes, input.optionCount);
    case 'SCORE':
      return score(input.classes, input.optionCount, input.maxScore);
    case 'DOT_VOTE':
      return dotVote(input.classes, input.optionCount);
    case 'QUADRATIC':
      return quadratic(input.classes, input.optionCount);
    case 'RANKED_CHOICE':
      return instantRunoff(input.classes, input.optionCount);
    case 'CONDORCET':
      return copeland(input.classes, input.optionCount);
  }
}

const ratio = (n: number, d: number) => (d > 0 ? new Fraction(BigInt(n), BigInt(d)) : Fraction.ZERO);

/**
 * The class-weighted tally of an option method. Quorum as for YES_NO: turnout (counted ballots and
 * abstentions over eligible) per class with eligible members, and distinct voters over distinct
 * eligible overall. Then one winner is PASSED, several sharing the top are TIED (no tie is broken
 * silently), and no counted ballot at all is REJECTED.
 */
export function tallyOptions(input: OptionTallyInput): OptionTallyResult {
  const ordered = [...input.classes].sort((a, b) => CLASS_NAMES.indexOf(a.class) - CLASS_NAMES.indexOf(b.class));
  const classes: OptionClassResult[] = ordered.map((c) => {
    const turnout = ratio(c.ballots + c.abstain, c.eligible);
    return { class: c.class, weight: c.weight, eligible: c.eligible, ballots: c.ballots, abstain: c.abstain, turnout, active: c.ballots > 0, quorumMet: c.eligible === 0 || turnout.gte(input.quorumPerClass) };
  });
  const overallTurnout = ratio(input.distinctVoters, input.distinctEligible);
  const quorumMet = classes.every((c) => c.quorumMet) && overallTurnout.gte(input.quorumOverall);
  const result = byMethod({ ...input, classes: ordered });
  const outcome = !quorumMet ? 'NO_QUORUM' : result.top.length === 0 ? 'REJECTED' : result.top.length === 1 ? 'PASSED' : 'TIED';
  return {
    classes,
    options: result.options,
    rounds: result.rounds ?? null,
    pairwise: result.pairwise ?? null,
    winner: outcome === 'PASSED' ? result.top[0] : null,
    quorumMet,
    overallTurnout,
    outcome,
  };
}
