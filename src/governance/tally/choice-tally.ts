import { Fraction } from 'src/common/money/fraction';
import {
  ChoiceTallyInput,
  ChoiceTallyResult,
  CLASS_NAMES,
  ClassCounts,
  ClassResult,
  Outcome,
  ProposalKind,
} from 'src/governance/tally/types';
import { validateChoiceTallyInput } from 'src/governance/tally/validate';

const HALF = new Fraction(1n, 2n);
const THREE_QUARTERS = new Fraction(3n, 4n);

function ratio(numerator: number, denominator: number): Fraction {
  return new Fraction(BigInt(numerator), BigInt(denominator));
}

function classResult(counts: ClassCounts, quorumPerClass: Fraction): ClassResult {
  const decided = counts.yes + counts.no + counts.block;
  const support = decided > 0 ? ratio(counts.yes, decided) : null;
  const turnout = counts.eligible > 0 ? ratio(decided + counts.abstain, counts.eligible) : Fraction.ZERO;
  const ignored = counts.eligible === 0;
  return {
    ...counts,
    decided,
    support,
    turnout,
    active: !ignored && decided > 0,
    quorumMet: ignored || turnout.gte(quorumPerClass),
  };
}

/** Σ w·support / Σ w over the active classes; null when none is active. */
function weightedSupport(classes: ClassResult[]): Fraction | null {
  let weighted = Fraction.ZERO;
  let totalWeight = Fraction.ZERO;
  for (const { active, support, weight } of classes) {
    if (!active || support === null) continue;
    weighted = weighted.plus(weight.times(support));
    totalWeight = totalWeight.plus(weight);
  }
  return totalWeight.isZero() ? null : weighted.dividedBy(totalWeight);
}

function overallTurnout(input: ChoiceTallyInput): Fraction {
  return input.distinctEligible > 0 ? ratio(input.distinctVoters, input.distinctEligible) : Fraction.ZERO;
}

/** The support thresholds; a BLOCK veto and the quorum are handled before. */
function passes(kind: ProposalKind, classes: ClassResult[], support: Fraction | null): boolean {
  if (support === null) return false;
  switch (kind) {
    case 'ORDINARY':
      return support.gt(HALF);
    case 'SPECIAL':
      // A class with eligible members but nothing decided has null support, and so fails.
      return support.gte(THREE_QUARTERS) && classes.every((c) => c.eligible === 0 || (c.support !== null && c.support.gt(HALF)));
  }
}

/**
 * The class-weighted tally of a YES_NO or CONSENT vote, from head counts per class (DOMAIN.md §3).
 * A member in several classes is counted fully in each, so only the two distinct-member counts
 * can tell the overall turnout.
 */
export function tallyChoices(input: ChoiceTallyInput): ChoiceTallyResult {
  validateChoiceTallyInput(input);

  const byClass = new Map(input.classes.map((counts) => [counts.class, counts]));
  const classes = CLASS_NAMES.flatMap((name) => {
    const counts = byClass.get(name);
    return counts ? [classResult(counts, input.quorumPerClass)] : [];
  });

  const support = weightedSupport(classes);
  const turnout = overallTurnout(input);
  const quorumMet = turnout.gte(input.quorumOverall) && classes.every((c) => c.quorumMet);
  const blocked = input.consent && classes.some((c) => c.block > 0);

  let outcome: Outcome;
  if (!quorumMet) outcome = 'NO_QUORUM';
  else if (blocked) outcome = 'BLOCKED';
  else if (passes(input.kind, classes, support)) outcome = 'PASSED';
  else outcome = 'REJECTED';

  return { classes, weightedSupport: support, quorumMet, overallTurnout: turnout, blocked, outcome };
}
