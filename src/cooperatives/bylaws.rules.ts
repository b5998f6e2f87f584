import Decimal from 'decimal.js';
import { FieldProblem } from 'src/common/errors/domain-error';
import { toDecimal } from 'src/common/money/decimal';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';

export enum CobudgetAllocation {
  EQUAL = 'EQUAL',
  PRO_RATA = 'PRO_RATA',
}

/** The terms of one bylaws version (DOMAIN.md §1). */
export interface BylawsTerms {
  voteWeightFounder: Decimal;
  voteWeightFunder: Decimal;
  voteWeightWorker: Decimal;
  voteWeightUser: Decimal;
  reservePercent: Decimal;
  dividendPercent: Decimal;
  cobudgetPercent: Decimal;
  quorumPerClass: Decimal;
  quorumOverall: Decimal;
  workerUnitsPerHour: Decimal;
  funderUnitsPerCurrencyUnit: Decimal;
  userUnitsPerCurrencyUnit: Decimal;
  graceDays: number;
  suspensionDays: number;
  /** Proxies one member may carry (0: no proxies). */
  proxiesPerHolder: number;
  membersMayPropose: boolean;
  cobudgetAllocation: CobudgetAllocation;
  /** Classes where every holder holds one equal part of the class's quarter ("one member, one share"). */
  perMemberEquityClasses: StakeholderClass[];
}

/** The fair-shares default constitution: quarters everywhere, 30/50/20 surplus split. */
export function defaultBylawsTerms(): BylawsTerms {
  const quarter = toDecimal('0.25');
  return {
    voteWeightFounder: quarter,
    voteWeightFunder: quarter,
    voteWeightWorker: quarter,
    voteWeightUser: quarter,
    reservePercent: toDecimal(30),
    dividendPercent: toDecimal(50),
    cobudgetPercent: toDecimal(20),
    quorumPerClass: toDecimal(0),
    quorumOverall: toDecimal(0),
    workerUnitsPerHour: toDecimal(1),
    funderUnitsPerCurrencyUnit: toDecimal(1),
    userUnitsPerCurrencyUnit: toDecimal(1),
    graceDays: 30,
    suspensionDays: 90,
    proxiesPerHolder: 1,
    membersMayPropose: false,
    cobudgetAllocation: CobudgetAllocation.EQUAL,
    perMemberEquityClasses: [],
  };
}

/** Equity is always a quarter per class under the fair-shares constitution. */
export const CLASS_EQUITY_WEIGHT = toDecimal('0.25');
export const ORDINARY_THRESHOLD = toDecimal('0.5');
export const SPECIAL_THRESHOLD = toDecimal('0.75');

const MIN_VOTE_WEIGHT = toDecimal('0.10');
const MAX_VOTE_WEIGHT = toDecimal('0.50');

const TERM_KEYS = Object.keys(defaultBylawsTerms()) as (keyof BylawsTerms)[];

/**
 * Applies a partial amendment to a version; omitted fields keep their current value. Only the
 * terms are copied, never a stored version's identity, so an amendment can only add a version.
 */
export function amendTerms(base: BylawsTerms, changes: Partial<BylawsTerms>): BylawsTerms {
  const terms = {} as Record<keyof BylawsTerms, unknown>;
  for (const key of TERM_KEYS) terms[key] = changes[key] ?? base[key];
  return terms as unknown as BylawsTerms;
}

/** Every rule of DOMAIN.md §1, checked exactly; an empty list means the terms are valid. */
export function validateBylawsTerms(terms: BylawsTerms): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const weights: [string, Decimal][] = [
    ['voteWeights.founder', terms.voteWeightFounder],
    ['voteWeights.funder', terms.voteWeightFunder],
    ['voteWeights.worker', terms.voteWeightWorker],
    ['voteWeights.user', terms.voteWeightUser],
  ];
  for (const [field, weight] of weights) {
    if (weight.lt(MIN_VOTE_WEIGHT) || weight.gt(MAX_VOTE_WEIGHT)) problems.push({ field, message: 'must be between 0.10 and 0.50' });
  }
  const weightSum = weights.reduce((sum, [, weight]) => sum.plus(weight), toDecimal(0));
  if (!weightSum.eq(1)) problems.push({ field: 'voteWeights', message: `must sum to exactly 1 (they sum to ${weightSum.toString()})` });

  const parts: [string, Decimal][] = [
    ['reservePercent', terms.reservePercent],
    ['dividendPercent', terms.dividendPercent],
    ['cobudgetPercent', terms.cobudgetPercent],
  ];
  for (const [field, percent] of parts) {
    if (percent.lt(0) || percent.gt(100)) problems.push({ field, message: 'must be between 0 and 100' });
  }
  const percentSum = parts.reduce((sum, [, percent]) => sum.plus(percent), toDecimal(0));
  if (!percentSum.eq(100)) problems.push({ field: 'surplusSplit', message: `reserve, dividend and co-budget percents must sum to exactly 100 (they sum to ${percentSum.toString()})` });

  for (const [field, quorum] of [['quorumPerClass', terms.quorumPerClass], ['quorumOverall', terms.quorumOverall]] as const) {
    if (quorum.lt(0) || quorum.gt(1)) problems.push({ field, message: 'must be a fraction between 0 and 1' });
  }
  for (const [field, rate] of [
    ['workerUnitsPerHour', terms.workerUnitsPerHour],
    ['funderUnitsPerCurrencyUnit', terms.funderUnitsPerCurrencyUnit],
    ['userUnitsPerCurrencyUnit', terms.userUnitsPerCurrencyUnit],
  ] as const) {
    if (rate.lte(0)) problems.push({ field, message: 'must be greater than 0' });
  }
  if (!Number.isInteger(terms.graceDays) || terms.graceDays < 0 || terms.graceDays > 3650) problems.push({ field: 'graceDays', message: 'must be a whole number of days between 0 and 3650' });
  if (!Number.isInteger(terms.suspensionDays) || terms.suspensionDays < 0 || terms.suspensionDays > 3650) {
    problems.push({ field: 'suspensionDays', message: 'must be a whole number of days between 0 and 3650' });
  } else if (terms.suspensionDays < terms.graceDays) {
    problems.push({ field: 'suspensionDays', message: 'must not be shorter than graceDays' });
  }
  if (!Number.isInteger(terms.proxiesPerHolder) || terms.proxiesPerHolder < 0 || terms.proxiesPerHolder > 100) {
    problems.push({ field: 'proxiesPerHolder', message: 'must be a whole number between 0 (no proxies) and 100' });
  }
  const perMember = terms.perMemberEquityClasses;
  if (!perMember.every((c) => CLASS_ORDER.includes(c)) || new Set(perMember).size !== perMember.length) {
    problems.push({ field: 'perMemberEquityClasses', message: 'must name stakeholder classes, each at most once' });
  }
  return problems;
}
