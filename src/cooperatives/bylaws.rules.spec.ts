import { toDecimal } from 'src/common/money/decimal';
import { amendTerms, BylawsTerms, defaultBylawsTerms, validateBylawsTerms } from './bylaws.rules';

const fields = (terms: BylawsTerms) => validateBylawsTerms(terms).map((p) => p.field);

describe('bylaws rules (DOMAIN.md §1)', () => {
  it('accepts the fair-shares defaults: quarters, 30/50/20, grace 30, suspension 90', () => {
    const terms = defaultBylawsTerms();
    expect(validateBylawsTerms(terms)).toEqual([]);
    expect([terms.voteWeightFounder, terms.voteWeightFunder, terms.voteWeightWorker, terms.voteWeightUser].map(String)).toEqual(['0.25', '0.25', '0.25', '0.25']);
    expect([terms.reservePercent, terms.dividendPercent, terms.cobudgetPercent].map(String)).toEqual(['30', '50', '20']);
    expect([terms.graceDays, terms.suspensionDays]).toEqual([30, 90]);
  });

  it('accepts vote weights at the bounds 0.10 and 0.50 that sum to exactly 1', () => {
    const terms = amendTerms(defaultBylawsTerms(), { voteWeightFounder: toDecimal('0.5'), voteWeightFunder: toDecimal('0.1'), voteWeightWorker: toDecimal('0.2'), voteWeightUser: toDecimal('0.2') });
    expect(validateBylawsTerms(terms)).toEqual([]);
  });

  it('refuses a vote weight outside [0.10, 0.50]', () => {
    const terms = amendTerms(defaultBylawsTerms(), { voteWeightFounder: toDecimal('0.51'), voteWeightFunder: toDecimal('0.09'), voteWeightWorker: toDecimal('0.2'), voteWeightUser: toDecimal('0.2') });
    expect(fields(terms)).toEqual(['voteWeights.founder', 'voteWeights.funder']);
  });

  it('compares sums exactly: thirds that fall short of 1 by 1e-30 are refused', () => {
    const third = toDecimal('0.333333333333333333333333333333');
    const terms = amendTerms(defaultBylawsTerms(), { voteWeightFounder: toDecimal('0.1'), voteWeightFunder: third, voteWeightWorker: third, voteWeightUser: toDecimal('0.233333333333333333333333333333') });
    expect(fields(terms)).toEqual(['voteWeights']);
  });

  it('requires the surplus split to sum to exactly 100', () => {
    expect(fields(amendTerms(defaultBylawsTerms(), { reservePercent: toDecimal('30.01') }))).toEqual(['surplusSplit']);
    expect(fields(amendTerms(defaultBylawsTerms(), { reservePercent: toDecimal('0'), dividendPercent: toDecimal('100'), cobudgetPercent: toDecimal('0') }))).toEqual([]);
  });

  it('refuses a negative percent even when the sum is 100', () => {
    expect(fields(amendTerms(defaultBylawsTerms(), { reservePercent: toDecimal('-10'), dividendPercent: toDecimal('90') }))).toEqual(['reservePercent']);
  });

  it('requires quorums in [0, 1], positive unit rates and suspension after grace', () => {
    const terms = amendTerms(defaultBylawsTerms(), { quorumPerClass: toDecimal('1.5'), userUnitsPerCurrencyUnit: toDecimal(0), graceDays: 40, suspensionDays: 20 });
    expect(fields(terms)).toEqual(['quorumPerClass', 'userUnitsPerCurrencyUnit', 'suspensionDays']);
  });

  it('amends only the terms that were given and copies nothing else', () => {
    const stored = { ...defaultBylawsTerms(), id: 'version-1-id', version: 1 };
    const amended = amendTerms(stored, { graceDays: 10 });
    expect(amended.graceDays).toBe(10);
    expect(amended.reservePercent.toString()).toBe('30');
    expect(amended).not.toHaveProperty('id');
    expect(amended).not.toHaveProperty('version');
  });
});
