import fc from 'fast-check';
import { Fraction } from 'src/common/money/fraction';
import type { StakeholderClass } from 'src/common/stakeholder-class';
import { ChoiceTallyInput, ChoiceTallyResult, CLASS_NAMES, ClassCounts, ClassName, tallyChoices } from 'src/governance/tally';

const QUARTER = new Fraction(1n, 4n);

// Checked by tsc only (a type import loads nothing): the enum and ClassName must keep the same values.
const enumMatchesClassName: [StakeholderClass] extends [ClassName] ? ([ClassName] extends [`${StakeholderClass}`] ? true : false) : false = true;

type Ballots = Partial<Pick<ClassCounts, 'yes' | 'no' | 'abstain' | 'block'>>;

function cls(name: ClassName, eligible: number, ballots: Ballots = {}, weight = QUARTER): ClassCounts {
  return { class: name, weight, eligible, yes: 0, no: 0, abstain: 0, block: 0, ...ballots };
}

function ballotsOf(c: ClassCounts): number {
  return c.yes + c.no + c.abstain + c.block;
}

/** Defaults: ORDINARY, YES_NO, no quorum, and classes with no member in common. */
function inputOf(classes: ClassCounts[], overrides: Partial<ChoiceTallyInput> = {}): ChoiceTallyInput {
  return {
    kind: 'ORDINARY',
    consent: false,
    quorumPerClass: Fraction.ZERO,
    quorumOverall: Fraction.ZERO,
    classes,
    distinctEligible: classes.reduce((total, c) => total + c.eligible, 0),
    distinctVoters: classes.reduce((total, c) => total + ballotsOf(c), 0),
    ...overrides,
  };
}

function supports(result: ChoiceTallyResult): (string | null)[] {
  return result.classes.map((c) => c.support?.toString() ?? null);
}

/** Worked example V1 of DOMAIN.md §3. */
const V1: ClassCounts[] = [
  cls('FOUNDER', 2, { yes: 2 }),
  cls('FUNDER', 4, { yes: 1, no: 3 }),
  cls('WORKER', 10, { yes: 6, no: 3, abstain: 1 }),
  cls('USER', 20, { yes: 5, no: 15 }),
];

/** Four classes of equal weight with the given (yes, no) pairs. */
function fourClasses(...votes: [number, number][]): ClassCounts[] {
  return CLASS_NAMES.map((name, i) => cls(name, votes[i][0] + votes[i][1], { yes: votes[i][0], no: votes[i][1] }));
}

describe('tallyChoices (class-weighted YES_NO and CONSENT tally)', () => {
  it('takes the same class names as the StakeholderClass enum, in CLASS_ORDER', () => {
    expect(enumMatchesClassName).toBe(true);
    expect(CLASS_NAMES).toEqual(['FOUNDER', 'FUNDER', 'WORKER', 'USER']);
  });

  describe('worked examples', () => {
    it('V1: weighted support is exactly 13/24 with class supports 1, 1/4, 2/3, 1/4', () => {
      const result = tallyChoices(inputOf(V1));

      expect(result.weightedSupport?.toString()).toBe('13/24');
      expect(supports(result)).toEqual(['1', '1/4', '2/3', '1/4']);
      expect(result.classes.map((c) => c.decided)).toEqual([2, 4, 9, 20]);
      expect(result.classes.map((c) => c.turnout.toString())).toEqual(['1', '1', '1', '1']);
      expect(result.classes.every((c) => c.active && c.quorumMet)).toBe(true);
      expect(result.overallTurnout.toString()).toBe('1');
    });

    it('V1: passes as ORDINARY', () => {
      const result = tallyChoices(inputOf(V1, { kind: 'ORDINARY' }));

      expect(result.quorumMet).toBe(true);
      expect(result.blocked).toBe(false);
      expect(result.outcome).toBe('PASSED');
    });

    it('V1: is rejected as SPECIAL (S < 3/4 and two classes at 1/4)', () => {
      expect(tallyChoices(inputOf(V1, { kind: 'SPECIAL' })).outcome).toBe('REJECTED');
    });

    it('V1: a head count (14 yes against 21 no) would have rejected it', () => {
      const yes = V1.reduce((total, c) => total + c.yes, 0);
      const no = V1.reduce((total, c) => total + c.no, 0);

      expect([yes, no]).toEqual([14, 21]);
      expect(new Fraction(BigInt(yes), BigInt(yes + no)).gt(new Fraction(1n, 2n))).toBe(false);
      expect(tallyChoices(inputOf(V1)).outcome).toBe('PASSED');
    });

    it('V2: W1 is also a user and voted yes, counting fully in both classes: S = 185/336', () => {
      const v2 = [...V1.slice(0, 3), cls('USER', 21, { yes: 6, no: 15 })];
      // W1 is one member: the distinct counts stay at 36.
      const result = tallyChoices(inputOf(v2, { distinctEligible: 36, distinctVoters: 36 }));

      expect(supports(result)).toEqual(['1', '1/4', '2/3', '2/7']);
      expect(result.weightedSupport?.toString()).toBe('185/336');
      expect(result.overallTurnout.toString()).toBe('1');
      expect(result.outcome).toBe('PASSED');
    });

    it('lists the classes in FOUNDER, FUNDER, WORKER, USER order whatever the input order', () => {
      const result = tallyChoices(inputOf([...V1].reverse()));

      expect(result.classes.map((c) => c.class)).toEqual(['FOUNDER', 'FUNDER', 'WORKER', 'USER']);
      expect(supports(result)).toEqual(['1', '1/4', '2/3', '1/4']);
    });

    it('lists only the classes it was given', () => {
      const result = tallyChoices(inputOf([cls('USER', 3, { yes: 2, no: 1 }), cls('FUNDER', 1, { yes: 1 })]));

      expect(result.classes.map((c) => c.class)).toEqual(['FUNDER', 'USER']);
      expect(result.weightedSupport?.toString()).toBe('5/6');
    });
  });

  describe('the ordinary threshold (S > 1/2)', () => {
    it('rejects exactly one half in a single class', () => {
      const result = tallyChoices(inputOf([cls('WORKER', 10, { yes: 5, no: 5 })]));

      expect(result.weightedSupport?.toString()).toBe('1/2');
      expect(result.outcome).toBe('REJECTED');
    });

    it('rejects exactly one half across classes (support 1 and 0 at equal weights)', () => {
      const result = tallyChoices(inputOf([cls('FOUNDER', 1, { yes: 1 }), cls('FUNDER', 1, { no: 1 })]));

      expect(result.weightedSupport?.toString()).toBe('1/2');
      expect(result.outcome).toBe('REJECTED');
    });

    it('rejects exactly one half with weights 0.1, 0.7, 0.8 (which floating point puts just off one half)', () => {
      const result = tallyChoices(
        inputOf([
          cls('FOUNDER', 1, { yes: 1 }, Fraction.fromDecimal('0.1')),
          cls('FUNDER', 1, { yes: 1 }, Fraction.fromDecimal('0.7')),
          cls('WORKER', 1, { no: 1 }, Fraction.fromDecimal('0.8')),
        ]),
      );

      expect((0.1 + 0.7) / (0.1 + 0.7 + 0.8)).not.toBe(0.5);
      expect(result.weightedSupport?.toString()).toBe('1/2');
      expect(result.outcome).toBe('REJECTED');
    });

    it('rejects exactly one half with thirds as weights (1/3 + 1/3 + 1/3 = 1)', () => {
      const third = new Fraction(1n, 3n);
      const result = tallyChoices(
        inputOf([cls('FOUNDER', 1, { yes: 1 }, third), cls('FUNDER', 2, { yes: 1, no: 1 }, third), cls('WORKER', 1, { no: 1 }, third)]),
      );

      expect(result.weightedSupport?.toString()).toBe('1/2');
      expect(result.outcome).toBe('REJECTED');
    });

    it('passes just above one half in a single class (501/1000)', () => {
      const result = tallyChoices(inputOf([cls('USER', 1000, { yes: 501, no: 499 })]));

      expect(result.weightedSupport?.toString()).toBe('501/1000');
      expect(result.outcome).toBe('PASSED');
    });

    it('passes just above one half across classes (1001/2000)', () => {
      const result = tallyChoices(inputOf([cls('FOUNDER', 1, { yes: 1 }), cls('FUNDER', 1000, { yes: 1, no: 999 })]));

      expect(result.weightedSupport?.toString()).toBe('1001/2000');
      expect(result.outcome).toBe('PASSED');
    });
  });

  describe('the special threshold (every class > 1/2 and S >= 3/4)', () => {
    it('passes at exactly S = 3/4 when every class is above one half (1, 2/3, 2/3, 2/3)', () => {
      const result = tallyChoices(inputOf(fourClasses([1, 0], [2, 1], [2, 1], [2, 1]), { kind: 'SPECIAL' }));

      expect(supports(result)).toEqual(['1', '2/3', '2/3', '2/3']);
      expect(result.weightedSupport?.toString()).toBe('3/4');
      expect(result.outcome).toBe('PASSED');
    });

    it('passes exactly 3/4 from weights 0.1, 0.3 and supports 1, 2/3 (floating point gives 0.7499999999999999)', () => {
      const classes = [cls('FOUNDER', 1, { yes: 1 }, Fraction.fromDecimal('0.1')), cls('USER', 3, { yes: 2, no: 1 }, Fraction.fromDecimal('0.3'))];
      const result = tallyChoices(inputOf(classes, { kind: 'SPECIAL' }));

      expect((0.1 * 1 + 0.3 * (2 / 3)) / (0.1 + 0.3)).toBeLessThan(0.75);
      expect(result.weightedSupport?.toString()).toBe('3/4');
      expect(result.outcome).toBe('PASSED');
    });

    it('rejects just below 3/4 (11/15) although every class is above one half', () => {
      const classes = fourClasses([1, 0], [2, 1], [2, 1], [3, 2]);
      const result = tallyChoices(inputOf(classes, { kind: 'SPECIAL' }));

      expect(result.weightedSupport?.toString()).toBe('11/15');
      expect(result.outcome).toBe('REJECTED');
      expect(tallyChoices(inputOf(classes, { kind: 'ORDINARY' })).outcome).toBe('PASSED');
    });

    it('rejects S = 2/3 with every class at 2/3', () => {
      const result = tallyChoices(inputOf(fourClasses([2, 1], [2, 1], [2, 1], [2, 1]), { kind: 'SPECIAL' }));

      expect(result.weightedSupport?.toString()).toBe('2/3');
      expect(result.outcome).toBe('REJECTED');
    });

    it('rejects S = 7/8 >= 3/4 when one class is at exactly one half', () => {
      const classes = fourClasses([1, 0], [1, 0], [1, 0], [1, 1]);
      const result = tallyChoices(inputOf(classes, { kind: 'SPECIAL' }));

      expect(supports(result)).toEqual(['1', '1', '1', '1/2']);
      expect(result.weightedSupport?.toString()).toBe('7/8');
      expect(result.outcome).toBe('REJECTED');
      expect(tallyChoices(inputOf(classes, { kind: 'ORDINARY' })).outcome).toBe('PASSED');
    });

    it('rejects when a class is below one half even though S is high (heavy weights elsewhere)', () => {
      const classes = [cls('FOUNDER', 1, { yes: 1 }, Fraction.of(9)), cls('USER', 1, { no: 1 }, Fraction.of(1))];
      const result = tallyChoices(inputOf(classes, { kind: 'SPECIAL' }));

      expect(result.weightedSupport?.toString()).toBe('9/10');
      expect(result.outcome).toBe('REJECTED');
    });
  });

  describe('a class with no eligible members', () => {
    const classes = [cls('FOUNDER', 2, { yes: 2 }), cls('FUNDER', 3, { yes: 3 }), cls('WORKER', 4, { yes: 4 }), cls('USER', 0)];

    it('is not active and does not count in S', () => {
      const result = tallyChoices(inputOf(classes));
      const user = result.classes[3];

      expect(result.weightedSupport?.toString()).toBe('1');
      expect(user).toMatchObject({ class: 'USER', decided: 0, support: null, active: false, quorumMet: true });
      expect(user.turnout.toString()).toBe('0');
    });

    it('does not fail a SPECIAL', () => {
      expect(tallyChoices(inputOf(classes, { kind: 'SPECIAL' })).outcome).toBe('PASSED');
    });

    it('is left out of the per-class quorum', () => {
      const result = tallyChoices(inputOf(classes, { kind: 'SPECIAL', quorumPerClass: Fraction.ONE }));

      expect(result.quorumMet).toBe(true);
      expect(result.outcome).toBe('PASSED');
    });
  });

  describe('a class with eligible members but no decided vote', () => {
    const others = [cls('FOUNDER', 2, { yes: 2 }), cls('FUNDER', 4, { yes: 3, no: 1 })];

    it('with only abstentions: does not count in S but fails a SPECIAL', () => {
      const classes = [...others, cls('USER', 5, { abstain: 5 })];
      const result = tallyChoices(inputOf(classes, { kind: 'SPECIAL' }));
      const user = result.classes[2];

      expect(result.weightedSupport?.toString()).toBe('7/8');
      expect(user).toMatchObject({ decided: 0, support: null, active: false, quorumMet: true });
      expect(user.turnout.toString()).toBe('1');
      expect(result.outcome).toBe('REJECTED');
      expect(tallyChoices(inputOf(classes, { kind: 'ORDINARY' })).outcome).toBe('PASSED');
    });

    it('where nobody voted: does not count in S but fails a SPECIAL', () => {
      const classes = [...others, cls('USER', 5)];
      const result = tallyChoices(inputOf(classes, { kind: 'SPECIAL' }));

      expect(result.weightedSupport?.toString()).toBe('7/8');
      expect(result.classes[2].turnout.toString()).toBe('0');
      expect(result.outcome).toBe('REJECTED');
      expect(tallyChoices(inputOf(classes, { kind: 'ORDINARY' })).outcome).toBe('PASSED');
    });
  });

  describe('quorum', () => {
    const withWorkers = (ballots: Ballots) => [cls('FOUNDER', 2, { yes: 2 }), cls('WORKER', 10, ballots)];

    it('per class: one class below the quorum gives NO_QUORUM even when everything else passes', () => {
      const result = tallyChoices(inputOf(withWorkers({ yes: 4 }), { quorumPerClass: new Fraction(1n, 2n) }));

      expect(result.classes.map((c) => c.quorumMet)).toEqual([true, false]);
      expect(result.classes[1].turnout.toString()).toBe('2/5');
      expect(result.quorumMet).toBe(false);
      expect(result.outcome).toBe('NO_QUORUM');
    });

    it('per class: turnout exactly at the quorum meets it, abstentions included', () => {
      const result = tallyChoices(inputOf(withWorkers({ yes: 4, abstain: 1 }), { quorumPerClass: new Fraction(1n, 2n) }));

      expect(result.classes[1].turnout.toString()).toBe('1/2');
      expect(result.quorumMet).toBe(true);
      expect(result.outcome).toBe('PASSED');
    });

    it('overall: distinctVoters / distinctEligible below the quorum gives NO_QUORUM', () => {
      const classes = [cls('FOUNDER', 3, { yes: 2 }), cls('WORKER', 10, { yes: 1 })];
      const result = tallyChoices(inputOf(classes, { distinctEligible: 10, distinctVoters: 2, quorumOverall: Fraction.fromDecimal('0.3') }));

      expect(result.overallTurnout.toString()).toBe('1/5');
      expect(result.quorumMet).toBe(false);
      expect(result.outcome).toBe('NO_QUORUM');
    });

    it('overall: turnout exactly at the quorum (3/10 against 0.3) meets it', () => {
      const classes = [cls('FOUNDER', 3, { yes: 2 }), cls('WORKER', 10, { yes: 3 })];
      const result = tallyChoices(inputOf(classes, { distinctEligible: 10, distinctVoters: 3, quorumOverall: Fraction.fromDecimal('0.3') }));

      expect(result.overallTurnout.toString()).toBe('3/10');
      expect(result.quorumMet).toBe(true);
      expect(result.outcome).toBe('PASSED');
    });

    it('overall: uses the distinct counts, not the sum of the class counts', () => {
      // Two members, each in both classes, one voted: the classes sum to 4 eligible and 2 ballots.
      const classes = [cls('FOUNDER', 2, { yes: 1 }), cls('WORKER', 2, { yes: 1 })];
      const result = tallyChoices(inputOf(classes, { distinctEligible: 2, distinctVoters: 1, quorumOverall: new Fraction(1n, 2n) }));

      expect(result.overallTurnout.toString()).toBe('1/2');
      expect(result.outcome).toBe('PASSED');
    });

    it('with quorums of 0 is met even with no votes at all', () => {
      const result = tallyChoices(inputOf([cls('FOUNDER', 2), cls('USER', 5)]));

      expect(result.quorumMet).toBe(true);
      expect(result.overallTurnout.toString()).toBe('0');
    });

    it('overall turnout is 0 when nobody is eligible, so a positive overall quorum fails', () => {
      const result = tallyChoices(inputOf([cls('USER', 0)], { quorumOverall: new Fraction(1n, 100n) }));

      expect(result.overallTurnout.toString()).toBe('0');
      expect(result.outcome).toBe('NO_QUORUM');
    });
  });

  describe('BLOCK under CONSENT', () => {
    const blockedV1 = [V1[0], cls('FUNDER', 4, { yes: 1, no: 2, block: 1 }), V1[2], V1[3]];

    it('blocks even when S would pass', () => {
      const result = tallyChoices(inputOf(blockedV1, { consent: true }));

      expect(result.weightedSupport?.toString()).toBe('13/24');
      expect(result.blocked).toBe(true);
      expect(result.outcome).toBe('BLOCKED');
    });

    it('blocks a SPECIAL that would pass', () => {
      const classes = [cls('FOUNDER', 5, { yes: 4, block: 1 }), cls('USER', 3, { yes: 3 })];

      expect(tallyChoices(inputOf(classes, { consent: true, kind: 'SPECIAL' })).outcome).toBe('BLOCKED');
    });

    it('gives way to NO_QUORUM', () => {
      const classes = [...blockedV1.slice(0, 3), cls('USER', 21, { yes: 5, no: 15 })];
      const result = tallyChoices(inputOf(classes, { consent: true, quorumPerClass: Fraction.ONE, distinctEligible: 37 }));

      expect(result.blocked).toBe(true);
      expect(result.quorumMet).toBe(false);
      expect(result.outcome).toBe('NO_QUORUM');
    });

    it('counts as decided, lowering the support', () => {
      const result = tallyChoices(inputOf([cls('FOUNDER', 4, { yes: 3, block: 1 })], { consent: true }));

      expect(result.classes[0].decided).toBe(4);
      expect(result.classes[0].support?.toString()).toBe('3/4');
      expect(result.classes[0].turnout.toString()).toBe('1');
    });

    it('without any BLOCK a CONSENT vote passes or fails on S like YES_NO', () => {
      const result = tallyChoices(inputOf(V1, { consent: true }));

      expect(result.blocked).toBe(false);
      expect(result.outcome).toBe('PASSED');
    });
  });

  describe('vote weights', () => {
    const weighted = (weights: string[], classes: ClassCounts[]) =>
      classes.map((c, i) => ({ ...c, weight: Fraction.fromDecimal(weights[i]) }));

    it('V1 with weights 0.1, 0.2, 0.3, 0.4: S = 0.1 + 0.05 + 0.2 + 0.1 = 9/20, rejected', () => {
      const result = tallyChoices(inputOf(weighted(['0.1', '0.2', '0.3', '0.4'], V1)));

      expect(result.weightedSupport?.toString()).toBe('9/20');
      expect(result.outcome).toBe('REJECTED');
    });

    it('only the ratios of the weights matter (1, 2, 3, 4 gives the same 9/20)', () => {
      expect(tallyChoices(inputOf(weighted(['1', '2', '3', '4'], V1))).weightedSupport?.toString()).toBe('9/20');
    });

    it('renormalizes over the active classes: users abstaining leaves (0.1 + 0.05 + 0.2) / 0.6 = 7/12', () => {
      const classes = weighted(['0.1', '0.2', '0.3', '0.4'], [...V1.slice(0, 3), cls('USER', 20, { abstain: 3 })]);
      const result = tallyChoices(inputOf(classes));

      expect(result.weightedSupport?.toString()).toBe('7/12');
      expect(result.outcome).toBe('PASSED');
    });
  });

  describe('no votes', () => {
    it('no votes at all with quorum 0: weightedSupport null, REJECTED', () => {
      const result = tallyChoices(inputOf(CLASS_NAMES.map((name) => cls(name, 3))));

      expect(result.weightedSupport).toBeNull();
      expect(result.quorumMet).toBe(true);
      expect(result.classes.every((c) => !c.active && c.support === null)).toBe(true);
      expect(result.outcome).toBe('REJECTED');
      expect(tallyChoices(inputOf(CLASS_NAMES.map((name) => cls(name, 3)), { kind: 'SPECIAL' })).outcome).toBe('REJECTED');
    });

    it('only abstentions: weightedSupport null, REJECTED', () => {
      const result = tallyChoices(inputOf([cls('WORKER', 2, { abstain: 2 })]));

      expect(result.weightedSupport).toBeNull();
      expect(result.outcome).toBe('REJECTED');
    });

    it('no classes and no electorate: REJECTED with turnout 0', () => {
      const result = tallyChoices(inputOf([]));

      expect(result.classes).toEqual([]);
      expect(result.weightedSupport).toBeNull();
      expect(result.overallTurnout.toString()).toBe('0');
      expect(result.outcome).toBe('REJECTED');
    });
  });

  describe('validation', () => {
    const valid = () => inputOf(V1);
    const withClass = (index: number, change: Partial<ClassCounts>): ChoiceTallyInput => {
      const input = valid();
      return { ...input, classes: input.classes.map((c, i) => (i === index ? { ...c, ...change } : c)) };
    };

    it('refuses negative counts', () => {
      expect(() => tallyChoices(withClass(1, { no: -1 }))).toThrow('tallyChoices: FUNDER.no must be a non-negative safe integer, got -1');
    });

    it('refuses counts that are not integers', () => {
      expect(() => tallyChoices(withClass(2, { abstain: 0.5 }))).toThrow(/WORKER\.abstain must be a non-negative safe integer, got 0.5/);
      expect(() => tallyChoices(withClass(2, { eligible: Number.NaN }))).toThrow(/WORKER\.eligible must be a non-negative safe integer/);
    });

    it('refuses counts beyond the safe integers', () => {
      expect(() => tallyChoices(withClass(3, { eligible: 2 ** 53 }))).toThrow(/USER\.eligible must be a non-negative safe integer/);
    });

    it('refuses more ballots than eligible members', () => {
      expect(() => tallyChoices(withClass(0, { abstain: 1 }))).toThrow(/FOUNDER has 3 ballots .* but only 2 eligible members/);
    });

    it('refuses a duplicate class', () => {
      expect(() => tallyChoices(inputOf([...V1, cls('WORKER', 1, { yes: 1 })]))).toThrow(/class WORKER appears more than once/);
    });

    it('refuses an unknown class', () => {
      expect(() => tallyChoices(withClass(0, { class: 'BOARD' as ClassName }))).toThrow(/unknown class BOARD/);
    });

    it('refuses a zero or negative weight', () => {
      expect(() => tallyChoices(withClass(0, { weight: Fraction.ZERO }))).toThrow(/FOUNDER\.weight must be greater than 0, got 0/);
      expect(() => tallyChoices(withClass(0, { weight: new Fraction(-1n, 4n) }))).toThrow(/FOUNDER\.weight must be greater than 0, got -1\/4/);
    });

    it('refuses BLOCK ballots under YES_NO', () => {
      const classes = [cls('FOUNDER', 2, { yes: 1, block: 1 })];

      expect(() => tallyChoices(inputOf(classes))).toThrow(/FOUNDER has 1 BLOCK ballots, which only the CONSENT method allows/);
      expect(tallyChoices(inputOf(classes, { consent: true })).outcome).toBe('BLOCKED');
    });

    it('refuses quorums outside [0, 1]', () => {
      expect(() => tallyChoices({ ...valid(), quorumPerClass: new Fraction(-1n, 2n) })).toThrow(/quorumPerClass must be between 0 and 1, got -1\/2/);
      expect(() => tallyChoices({ ...valid(), quorumOverall: new Fraction(3n, 2n) })).toThrow(/quorumOverall must be between 0 and 1, got 3\/2/);
    });

    it('refuses invalid distinct counts', () => {
      expect(() => tallyChoices({ ...valid(), distinctVoters: -2 })).toThrow(/distinctVoters must be a non-negative safe integer, got -2/);
      expect(() => tallyChoices({ ...valid(), distinctEligible: 1.5 })).toThrow(/distinctEligible must be a non-negative safe integer/);
    });

    it('refuses more distinct voters than distinct eligible members', () => {
      expect(() => tallyChoices({ ...valid(), distinctVoters: 37 })).toThrow(/distinctVoters \(37\) exceeds distinctEligible \(36\)/);
    });

    it('refuses a class larger than the distinct counts', () => {
      expect(() => tallyChoices({ ...valid(), distinctEligible: 19, distinctVoters: 19 })).toThrow(/USER\.eligible \(20\) exceeds distinctEligible \(19\)/);
      expect(() => tallyChoices({ ...valid(), distinctVoters: 19 })).toThrow(/USER has 20 ballots but distinctVoters is only 19/);
    });
  });

  describe('properties', () => {
    const numRuns = 300;
    const HALF = new Fraction(1n, 2n);

    const positiveFraction = fc
      .tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }))
      .map(([num, den]) => new Fraction(BigInt(num), BigInt(den)));
    const unitFraction = fc
      .integer({ min: 1, max: 20 })
      .chain((den) => fc.integer({ min: 0, max: den }).map((num) => new Fraction(BigInt(num), BigInt(den))));
    const quorum = fc.oneof(fc.constant(Fraction.ZERO), unitFraction);
    const count = fc.integer({ min: 0, max: 12 });

    function classCounts(name: ClassName, consent: boolean): fc.Arbitrary<ClassCounts> {
      const counts = fc
        .record({ weight: positiveFraction, yes: count, no: count, abstain: count, block: consent ? count : fc.constant(0), absent: count })
        .map(({ absent, ...c }): ClassCounts => ({ class: name, ...c, eligible: c.yes + c.no + c.abstain + c.block + absent }));
      const empty = positiveFraction.map((weight) => cls(name, 0, {}, weight));
      return fc.oneof({ arbitrary: counts, weight: 5 }, { arbitrary: empty, weight: 1 });
    }

    /** Class counts with distinct counts any overlap between the classes could produce. */
    const tallyInput: fc.Arbitrary<ChoiceTallyInput> = fc
      .record({
        kind: fc.constantFrom('ORDINARY' as const, 'SPECIAL' as const),
        consent: fc.boolean(),
        quorumPerClass: quorum,
        quorumOverall: quorum,
        names: fc.shuffledSubarray([...CLASS_NAMES]),
      })
      .chain(({ names, ...rest }) =>
        fc.tuple(...names.map((name) => classCounts(name, rest.consent))).chain((classes) => {
          const eligible = classes.map((c) => c.eligible);
          const voted = classes.map(ballotsOf);
          const max = (values: number[]) => Math.max(0, ...values);
          const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
          return fc.integer({ min: max(eligible), max: sum(eligible) }).chain((distinctEligible) =>
            fc
              .integer({ min: max(voted), max: Math.min(sum(voted), distinctEligible) })
              .map((distinctVoters): ChoiceTallyInput => ({ ...rest, classes, distinctEligible, distinctVoters })),
          );
        }),
      );

    function serialize(result: ChoiceTallyResult): string {
      return JSON.stringify(result, (_key, value: unknown) => (value instanceof Fraction ? value.toString() : value));
    }

    it('S is null or within [0, 1], and null exactly when no class is active', () => {
      fc.assert(
        fc.property(tallyInput, (input) => {
          const { weightedSupport, classes } = tallyChoices(input);
          if (weightedSupport === null) {
            expect(classes.some((c) => c.active)).toBe(false);
          } else {
            expect(weightedSupport.gte(Fraction.ZERO) && !weightedSupport.gt(Fraction.ONE)).toBe(true);
          }
        }),
        { numRuns },
      );
    });

    it('does not depend on the order of the classes', () => {
      const shuffled = tallyInput.chain((input) =>
        fc
          .shuffledSubarray(input.classes, { minLength: input.classes.length, maxLength: input.classes.length })
          .map((classes) => [input, { ...input, classes }] as const),
      );
      fc.assert(
        fc.property(shuffled, ([input, reordered]) => {
          expect(serialize(tallyChoices(reordered))).toBe(serialize(tallyChoices(input)));
        }),
        { numRuns },
      );
    });

    it('one more YES vote never lowers S nor undoes a PASSED (YES_NO)', () => {
      const withRoom = tallyInput
        .map((input): ChoiceTallyInput => ({ ...input, consent: false, classes: input.classes.map((c) => ({ ...c, block: 0 })) }))
        .filter((input) => input.classes.some((c) => ballotsOf(c) < c.eligible))
        .chain((input) => {
          const candidates = input.classes.flatMap((c, i) => (ballotsOf(c) < c.eligible ? [i] : []));
          return fc.constantFrom(...candidates).map((index) => ({ input, index }));
        });
      fc.assert(
        fc.property(withRoom, ({ input, index }) => {
          const more: ChoiceTallyInput = {
            ...input,
            classes: input.classes.map((c, i) => (i === index ? { ...c, yes: c.yes + 1 } : c)),
            // The new voter had not voted in any class (a ballot counts in all of a member's classes).
            distinctVoters: Math.min(input.distinctVoters + 1, input.distinctEligible),
          };
          const before = tallyChoices(input);
          const after = tallyChoices(more);
          if (before.weightedSupport !== null) expect(after.weightedSupport?.gte(before.weightedSupport)).toBe(true);
          expect(after.weightedSupport).not.toBeNull();
          if (before.outcome === 'PASSED') expect(after.outcome).toBe('PASSED');
        }),
        { numRuns },
      );
    });

    it('passes, for both kinds and any quorum, when every eligible member votes YES', () => {
      const unanimous = tallyInput
        .map((input): ChoiceTallyInput => ({
          ...input,
          classes: input.classes.map((c) => ({ ...c, yes: c.eligible, no: 0, abstain: 0, block: 0 })),
          distinctVoters: input.distinctEligible,
        }))
        .filter((input) => input.classes.some((c) => c.eligible > 0));
      fc.assert(
        fc.property(unanimous, fc.constantFrom('ORDINARY' as const, 'SPECIAL' as const), (input, kind) => {
          const result = tallyChoices({ ...input, kind });
          expect(result.weightedSupport?.toString()).toBe('1');
          expect(result.outcome).toBe('PASSED');
        }),
        { numRuns },
      );
    });

    it('S equals the weighted mean of yes / (yes + no + block) over the classes with decided votes', () => {
      fc.assert(
        fc.property(tallyInput, (input) => {
          let weightedSum = Fraction.ZERO;
          let weights = Fraction.ZERO;
          for (const c of input.classes) {
            const decided = c.yes + c.no + c.block;
            if (c.eligible === 0 || decided === 0) continue;
            weightedSum = weightedSum.plus(c.weight.times(new Fraction(BigInt(c.yes), BigInt(decided))));
            weights = weights.plus(c.weight);
          }
          const expected = weights.isZero() ? null : weightedSum.dividedBy(weights).toString();
          expect(tallyChoices(input).weightedSupport?.toString() ?? null).toBe(expected);
        }),
        { numRuns },
      );
    });

    it('the outcome follows the rules in their order of precedence', () => {
      fc.assert(
        fc.property(tallyInput, (input) => {
          const result = tallyChoices(input);
          const S = result.weightedSupport;
          const eligibleClasses = result.classes.filter((c) => c.eligible > 0);
          const quorumMet =
            result.overallTurnout.gte(input.quorumOverall) && eligibleClasses.every((c) => c.turnout.gte(input.quorumPerClass));
          const blocked = input.consent && input.classes.some((c) => c.block > 0);
          const ordinary = S !== null && S.gt(HALF);
          const special = S !== null && S.gte(new Fraction(3n, 4n)) && eligibleClasses.every((c) => c.support?.gt(HALF) === true);
          const passes = input.kind === 'ORDINARY' ? ordinary : special;
          const expected = !quorumMet ? 'NO_QUORUM' : blocked ? 'BLOCKED' : passes ? 'PASSED' : 'REJECTED';

          expect(result.quorumMet).toBe(quorumMet);
          expect(result.blocked).toBe(blocked);
          expect(result.outcome).toBe(expected);
        }),
        { numRuns },
      );
    });

    it('a SPECIAL that passes would also pass as ORDINARY', () => {
      fc.assert(
        fc.property(tallyInput, (input) => {
          if (tallyChoices({ ...input, kind: 'SPECIAL' }).outcome === 'PASSED') {
            expect(tallyChoices({ ...input, kind: 'ORDINARY' }).outcome).toBe('PASSED');
          }
        }),
        { numRuns },
      );
    });
  });
});
