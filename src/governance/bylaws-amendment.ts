import { toDecimal } from 'src/common/money/decimal';
import { BylawsTerms } from 'src/cooperatives/bylaws.rules';
import { termsFromInput } from 'src/cooperatives/bylaws-input';
import { BylawsInput } from 'src/cooperatives/dto/cooperative.inputs';

const DECIMAL_TERMS = [
  'voteWeightFounder',
  'voteWeightFunder',
  'voteWeightWorker',
  'voteWeightUser',
  'reservePercent',
  'dividendPercent',
  'cobudgetPercent',
  'quorumPerClass',
  'quorumOverall',
  'workerUnitsPerHour',
  'funderUnitsPerCurrencyUnit',
  'userUnitsPerCurrencyUnit',
] as const;

/** Bylaws input → the partial terms a proposal stores (decimals as text, so they survive JSON exactly). */
export function bylawsAmendmentJson(input: BylawsInput): Record<string, unknown> {
  const given = termsFromInput(input);
  const terms: Record<string, unknown> = { ...given };
  for (const key of DECIMAL_TERMS) terms[key] = given[key]?.toString();
  return Object.fromEntries(Object.entries(terms).filter(([, v]) => v !== undefined && v !== null));
}

export function bylawsTermsFromJson(json: Record<string, unknown>): Partial<BylawsTerms> {
  const terms: Record<string, unknown> = { ...json };
  for (const key of DECIMAL_TERMS) {
    const text = terms[key];
    if (typeof text === 'string') terms[key] = toDecimal(text);
  }
  return terms;
}
