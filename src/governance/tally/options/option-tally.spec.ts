import { Fraction } from 'src/common/money/fraction';
import type { ClassName } from 'src/governance/tally/types';
import { tallyOptions } from './option-tally';
import type { OptionClassInput, OptionMethod, OptionTallyInput, RankingGroup } from './types';

const QUARTER = new Fraction(1n, 4n);

/** A class from its ranked ballots; `totals` counts first preferences (what SINGLE_CHOICE stores). */
function rankedClass(name: ClassName, groups: RankingGroup[], optionCount: number): OptionClassInput {
  const totals = new Array<number>(optionCount).fill(0);
  for (const g of groups) totals[g.ranking[0]] += g.n;
  const ballots = groups.reduce((n, g) => n + g.n, 0);
  return { class: name, weight: QUARTER, eligible: ballots, ballots, abstain: 0, totals, rankings: groups };
}

function input(method: OptionMethod, classes: OptionClassInput[], optionCount: number, extra: Partial<OptionTallyInput> = {}): OptionTallyInput {
  const voters = classes.reduce((n, c) => n + c.ballots + c.abstain, 0);
  const eligible = classes.reduce((n, c) => n + c.eligible, 0);
  return { method, optionCount, maxScore: 5, quorumPerClass: Fraction.ZERO, quorumOverall: Fraction.ZERO, classes, distinctEligible: eligible, distinctVoters: voters, ...extra };
}

// Worked example V3: Memphis 0, Nashville 1, Chattanooga 2, Knoxville 3.
const TENNESSEE: RankingGroup[] = [
  { ranking: [0, 1, 2, 3], n: 42 },
  { ranking: [1, 2, 3, 0], n: 26 },
  { ranking: [2, 3, 1, 0], n: 15 },
  { ranking: [3, 2, 1, 0], n: 17 },
];
const shares = (result: ReturnType<typeof tallyOptions>) => result.options.map((o) => o.share.toString());

describe('option methods: worked example V3 (Tennessee)', () => {
  const users = [rankedClass('USER', TENNESSEE, 4)];

  it('SINGLE_CHOICE picks Memphis with 42/100', () => {
    const result = tallyOptions(input('SINGLE_CHOICE', users, 4));
    expect(shares(result)).toEqual(['21/50', '13/50', '3/20', '17/100']);
    expect(result).toMatchObject({ winner: 0, outcome: 'PASSED' });
  });

  it('RANKED_CHOICE eliminates Chattanooga, then Nashville, and Knoxville wins with 58/100 in round 3', () => {
    const result = tallyOptions(input('RANKED_CHOICE', users, 4));
    expect(result.rounds!.map((r) => [r.round, r.eliminated, r.tieBrokenByOrder])).toEqual([
      [1, 2, false],
      [2, 1, false],
      [3, null, false],
    ]);
    expect(result.rounds![1].shares.map((s) => [s.position, s.share.toString()])).toEqual([
      [0, '21/50'],
      [1, '13/50'],
      [3, '8/25'],
    ]);
    expect(result.rounds![2].shares.map((s) => [s.position, s.share.toString()])).toEqual([
      [0, '21/50'],
      [3, '29/50'],
    ]);
    expect(result).toMatchObject({ winner: 3, outcome: 'PASSED' });
  });

  it('CONDORCET: Nashville beats each of the others (58–42, 68–32, 68–32); Copeland 3, 2, 1, 0', () => {
    const result = tallyOptions(input('CONDORCET', users, 4));
    const margin = (a: number, b: number) => result.pairwise!.find((p) => p.a === a && p.b === b)!.margin.toString();
    expect([margin(1, 0), margin(1, 2), margin(1, 3)]).toEqual(['4/25', '9/25', '9/25']);
    expect(result.options.map((o) => o.copelandScore!.toString())).toEqual(['0', '3', '2', '1']);
    expect(result).toMatchObject({ winner: 1, outcome: 'PASSED' });
  });

  it('gives the same winners and S values with the ballots copied into all four classes', () => {
    const four = (['FOUNDER', 'FUNDER', 'WORKER', 'USER'] as const).map((c) => rankedClass(c, TENNESSEE, 4));
    for (const method of ['SINGLE_CHOICE', 'RANKED_CHOICE', 'CONDORCET'] as const) {
      const one = tallyOptions(input(method, users, 4));
      const copied = tallyOptions(input(method, four, 4));
      expect([copied.winner, shares(copied)]).toEqual([one.winner, shares(one)]);
    }
  });

  it('with 2 founders choosing Nashville, SINGLE_CHOICE flips to Nashville: 63/100 against Memphis 21/100', () => {
    const founders = rankedClass('FOUNDER', [{ ranking: [1], n: 2 }], 4);
    const result = tallyOptions(input('SINGLE_CHOICE', [founders, ...users], 4));
    expect(shares(result).slice(0, 2)).toEqual(['21/100', '63/100']);
    expect(result.winner).toBe(1);
  });
});

describe('option methods: worked example V4 (two classes)', () => {
  // Options A 0, B 1, C 2; WORKER 3 voters, USER 6 voters.
  const cls = (name: ClassName, ballots: number, totals: number[]): OptionClassInput => ({ class: name, weight: QUARTER, eligible: ballots, ballots, abstain: 0, totals, rankings: [] });

  it('APPROVAL: S(A) = 5/12, S(B) = 7/12, S(C) = 1/3, so B wins', () => {
    const result = tallyOptions(input('APPROVAL', [cls('WORKER', 3, [2, 1, 1]), cls('USER', 6, [1, 5, 2])], 3));
    expect(shares(result)).toEqual(['5/12', '7/12', '1/3']);
    expect(result.winner).toBe(1);
  });

  it('QUADRATIC: S(A) = 1/4, S(B) = 3/5, S(C) = 3/20, so B wins', () => {
    const result = tallyOptions(input('QUADRATIC', [cls('WORKER', 3, [5, 2, 3]), cls('USER', 6, [0, 18, 0])], 3));
    expect(shares(result)).toEqual(['1/4', '3/5', '3/20']);
    expect(result.winner).toBe(1);
  });
});

describe('option methods: outcomes', () => {
  const cls = (ballots: number, totals: number[], abstain = 0): OptionClassInput => ({ class: 'USER', weight: QUARTER, eligible: 10, ballots, abstain, totals, rankings: [] });

  it('is TIED when several options share the top, and breaks no tie silently', () => {
    expect(tallyOptions(input('SINGLE_CHOICE', [cls(4, [2, 2, 0])], 3))).toMatchObject({ winner: null, outcome: 'TIED' });
  });

  it('is TIED when two options are left at exactly 1/2 in an instant runoff', () => {
    const result = tallyOptions(input('RANKED_CHOICE', [rankedClass('USER', [{ ranking: [0], n: 2 }, { ranking: [1], n: 2 }], 2)], 2));
    expect(result).toMatchObject({ winner: null, outcome: 'TIED' });
  });

  it('eliminates by the earlier round on a tie for lowest, then by listing order (recorded)', () => {
    // Round 1: A 3, B 2, C 2, D 1 → D goes; its ballot moves to C. Round 2: A 3, B 2, C 3 → B goes.
    const groups = [{ ranking: [0], n: 3 }, { ranking: [1], n: 2 }, { ranking: [2], n: 2 }, { ranking: [3, 2], n: 1 }];
    const result = tallyOptions(input('RANKED_CHOICE', [rankedClass('USER', groups, 4)], 4));
    expect(result.rounds!.map((r) => [r.eliminated, r.tieBrokenByOrder])).toEqual([
      [3, false],
      [1, false],
      [null, false],
    ]);
    // Round 1: A 5, B 2, C 3, D 1 → D goes, its ballot to B. Round 2: B and C tie at 3; B was lower in round 1, so B goes.
    const back = [{ ranking: [0], n: 5 }, { ranking: [1], n: 2 }, { ranking: [2], n: 3 }, { ranking: [3, 1], n: 1 }];
    const earlier = tallyOptions(input('RANKED_CHOICE', [rankedClass('USER', back, 4)], 4));
    expect(earlier.rounds!.map((r) => [r.eliminated, r.tieBrokenByOrder])).toEqual([
      [3, false],
      [1, false],
      [null, false],
    ]);
    expect(earlier.winner).toBe(0);
    // Tied now and in every round before: the option listed last goes, and the round says so.
    const even = tallyOptions(input('RANKED_CHOICE', [rankedClass('USER', [{ ranking: [0], n: 2 }, { ranking: [1], n: 1 }, { ranking: [2], n: 1 }], 3)], 3));
    expect(even.rounds![0]).toMatchObject({ eliminated: 2, tieBrokenByOrder: true });
  });

  it('drops exhausted ballots from the count (they rank no continuing option)', () => {
    // Round 1: A 2, B 2, C 1 (ranks only C) → C goes and its ballot is exhausted; round 2: A 2/4, B 2/4 → TIED.
    const result = tallyOptions(input('RANKED_CHOICE', [rankedClass('USER', [{ ranking: [0], n: 2 }, { ranking: [1], n: 2 }, { ranking: [2], n: 1 }], 3)], 3));
    expect(result.rounds![1].shares.map((s) => s.share.toString())).toEqual(['1/2', '1/2']);
    expect(result.outcome).toBe('TIED');
  });

  it('is REJECTED without a counted ballot, and NO_QUORUM below the quorum', () => {
    expect(tallyOptions(input('APPROVAL', [cls(0, [0, 0], 3)], 2)).outcome).toBe('REJECTED');
    expect(tallyOptions(input('APPROVAL', [cls(2, [2, 0])], 2, { quorumPerClass: new Fraction(1n, 2n) })).outcome).toBe('NO_QUORUM');
  });

  it('counts an ABSTAIN for turnout and quorum, and in no share', () => {
    const result = tallyOptions(input('APPROVAL', [cls(2, [2, 0], 3)], 2, { quorumPerClass: new Fraction(1n, 2n) }));
    expect(result.classes[0].turnout.toString()).toBe('1/2');
    expect(result).toMatchObject({ outcome: 'PASSED', winner: 0 });
    expect(shares(result)).toEqual(['1', '0']);
  });

  it('SCORE divides by ballots × maxScore; DOT_VOTE by all dots cast', () => {
    expect(shares(tallyOptions(input('SCORE', [cls(2, [10, 3])], 2)))).toEqual(['1', '3/10']);
    expect(shares(tallyOptions(input('DOT_VOTE', [cls(2, [15, 5])], 2)))).toEqual(['3/4', '1/4']);
  });
});
