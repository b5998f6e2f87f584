import { Fraction } from 'src/common/money/fraction';
import { classWeightedApprovalShares, combineClassShares } from 'src/governance/tally/class-weighted';

const QUARTER = new Fraction(1n, 4n);

describe('class-weighted shares', () => {
  it('V4 approval: S(A) = 5/12, S(B) = 7/12, S(C) = 1/3', () => {
    const { shares } = classWeightedApprovalShares(
      [
        { class: 'WORKER', weight: QUARTER, ballots: 3, approvals: new Map([['A', 2], ['B', 1], ['C', 1]]) },
        { class: 'USER', weight: QUARTER, ballots: 6, approvals: new Map([['A', 1], ['B', 5], ['C', 2]]) },
      ],
      ['A', 'B', 'C'],
    );
    expect([...shares.values()].map(String)).toEqual(['5/12', '7/12', '1/3']);
  });

  it('leaves out a class without ballots, so it does not dilute the others', () => {
    const { shares, perClass } = classWeightedApprovalShares(
      [
        { class: 'FOUNDER', weight: QUARTER, ballots: 0, approvals: new Map() },
        { class: 'USER', weight: QUARTER, ballots: 4, approvals: new Map([['A', 1]]) },
      ],
      ['A'],
    );
    expect(perClass.map((c) => c.class)).toEqual(['USER']);
    expect(shares.get('A')?.toString()).toBe('1/4');
  });

  it('weighs classes by their vote weight', () => {
    const combined = combineClassShares(
      [
        { class: 'FOUNDER', weight: new Fraction(1n, 10n), shares: new Map([['A', Fraction.ONE]]) },
        { class: 'USER', weight: new Fraction(3n, 10n), shares: new Map([['A', Fraction.ZERO]]) },
      ],
      ['A'],
    );
    expect(combined.get('A')?.toString()).toBe('1/4');
  });

  it('gives 0 to every key when no class is active', () => {
    expect(combineClassShares([], ['A']).get('A')?.toString()).toBe('0');
  });
});
