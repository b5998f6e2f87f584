import { Fraction } from 'src/common/money/fraction';
import { ChoiceTallyInput, CLASS_NAMES, ClassCounts, ClassName } from 'src/governance/tally/types';

const COUNT_FIELDS = ['eligible', 'yes', 'no', 'abstain', 'block'] as const;

function fail(message: string): never {
  throw new Error(`tallyChoices: ${message}`);
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) fail(`${name} must be a non-negative safe integer, got ${value}`);
}

function checkQuorum(name: string, value: Fraction): void {
  if (value.lt(Fraction.ZERO) || value.gt(Fraction.ONE)) fail(`${name} must be between 0 and 1, got ${value.toString()}`);
}

function voted(counts: ClassCounts): number {
  return counts.yes + counts.no + counts.abstain + counts.block;
}

function checkClass(counts: ClassCounts, consent: boolean): void {
  const name: ClassName = counts.class;
  if (!CLASS_NAMES.includes(name)) fail(`unknown class ${String(name)}`);
  for (const field of COUNT_FIELDS) checkCount(`${name}.${field}`, counts[field]);
  if (!counts.weight.gt(Fraction.ZERO)) fail(`${name}.weight must be greater than 0, got ${counts.weight.toString()}`);
  if (voted(counts) > counts.eligible) {
    fail(`${name} has ${voted(counts)} ballots (yes + no + abstain + block) but only ${counts.eligible} eligible members`);
  }
  if (!consent && counts.block > 0) fail(`${name} has ${counts.block} BLOCK ballots, which only the CONSENT method allows`);
}

/** Throws on counts that no electorate could produce; the tally itself assumes they are consistent. */
export function validateChoiceTallyInput(input: ChoiceTallyInput): void {
  checkQuorum('quorumPerClass', input.quorumPerClass);
  checkQuorum('quorumOverall', input.quorumOverall);
  checkCount('distinctEligible', input.distinctEligible);
  checkCount('distinctVoters', input.distinctVoters);

  const seen = new Set<ClassName>();
  for (const counts of input.classes) {
    checkClass(counts, input.consent);
    if (seen.has(counts.class)) fail(`class ${counts.class} appears more than once`);
    seen.add(counts.class);
  }

  if (input.distinctVoters > input.distinctEligible) {
    fail(`distinctVoters (${input.distinctVoters}) exceeds distinctEligible (${input.distinctEligible})`);
  }
  // A member of a class is a member of the electorate, so no class can outnumber the distinct counts.
  for (const counts of input.classes) {
    if (counts.eligible > input.distinctEligible) {
      fail(`${counts.class}.eligible (${counts.eligible}) exceeds distinctEligible (${input.distinctEligible})`);
    }
    if (voted(counts) > input.distinctVoters) {
      fail(`${counts.class} has ${voted(counts)} ballots but distinctVoters is only ${input.distinctVoters}`);
    }
  }
}
