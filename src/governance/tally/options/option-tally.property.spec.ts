import fc from 'fast-check';
import { Fraction } from 'src/common/money/fraction';
import type { ClassName } from 'src/governance/tally/types';
import { tallyOptions } from './option-tally';
import type { OptionClassInput, OptionMethod, RankingGroup } from './types';

const CLASSES: ClassName[] = ['FOUNDER', 'FUNDER', 'WORKER', 'USER'];

interface RawBallot {
  cls: number;
  /** A strict ranking (ranked methods), the chosen set's order irrelevant otherwise. */
  ranking: number[];
  amounts: number[];
}

const ballotArb = (options: number) =>
  fc.record({
    cls: fc.integer({ min: 0, max: 3 }),
    ranking: fc.shuffledSubarray(Array.from({ length: options }, (_, i) => i), { minLength: 1 }),
    amounts: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: options, maxLength: options }),
  });

/** What the server's SQL aggregates from raw ballots, per class. */
function aggregate(method: OptionMethod, ballots: RawBallot[], options: number, weights: Fraction[], classes = CLASSES): OptionClassInput[] {
  return classes.map((name, i) => {
    const mine = ballots.filter((b) => b.cls === i);
    const totals = new Array<number>(options).fill(0);
    for (const b of mine) {
      if (method === 'SINGLE_CHOICE') totals[b.ranking[0]]++;
      else if (method === 'APPROVAL') b.ranking.forEach((o) => totals[o]++);
      else b.amounts.forEach((a, o) => (totals[o] += a));
    }
    const groups = new Map<string, RankingGroup>();
    for (const b of mine) {
      const key = b.ranking.join(',');
      groups.set(key, { ranking: b.ranking, n: (groups.get(key)?.n ?? 0) + 1 });
    }
    return { class: name, weight: weights[i], eligible: mine.length, ballots: mine.length, abstain: 0, totals, rankings: [...groups.values()] };
  });
}

const tally = (method: OptionMethod, classes: OptionClassInput[], options: number) =>
  tallyOptions({ method, optionCount: options, maxScore: 5, quorumPerClass: Fraction.ZERO, quorumOverall: Fraction.ZERO, classes, distinctEligible: 1, distinctVoters: 1 });

// --- Plain, unweighted reference implementations, written independently of the modules under test.

function plainShares(method: OptionMethod, ballots: RawBallot[], options: number): Fraction[] {
  const n = BigInt(ballots.length);
  const sum = (f: (b: RawBallot, o: number) => number) => Array.from({ length: options }, (_, o) => ballots.reduce((t, b) => t + f(b, o), 0));
  switch (method) {
    case 'SINGLE_CHOICE':
      return sum((b, o) => (b.ranking[0] === o ? 1 : 0)).map((c) => new Fraction(BigInt(c), n));
    case 'APPROVAL':
      return sum((b, o) => (b.ranking.includes(o) ? 1 : 0)).map((c) => new Fraction(BigInt(c), n));
    case 'SCORE':
      return sum((b, o) => b.amounts[o]).map((c) => new Fraction(BigInt(c), n * 5n));
    case 'DOT_VOTE':
    case 'QUADRATIC':
    case 'RANKED_CHOICE':
    case 'CONDORCET': {
      const totals = sum((b, o) => b.amounts[o]);
      const all = totals.reduce((a, b) => a + b, 0);
      return totals.map((c) => (all ? new Fraction(BigInt(c), BigInt(all)) : Fraction.ZERO));
    }
  }
}

/** Plain instant runoff by head count: majority of continuing ballots wins; lowest count goes (earlier rounds, then last listed). */
function plainIrv(ballots: RawBallot[], options: number): number | null {
  let continuing = Array.from({ length: options }, (_, i) => i);
  const history: Map<number, Fraction>[] = [];
  for (;;) {
    const counts = new Map(continuing.map((o) => [o, 0]));
    let live = 0;
    for (const b of ballots) {
      const top = b.ranking.find((o) => continuing.includes(o));
      if (top === undefined) continue;
      counts.set(top, counts.get(top)! + 1);
      live++;
    }
    if (!live) return null;
    const share = new Map(continuing.map((o) => [o, new Fraction(BigInt(counts.get(o)!), BigInt(live))]));
    history.push(share);
    const half = new Fraction(1n, 2n);
    const win = continuing.find((o) => share.get(o)!.gt(half));
    if (win !== undefined) return win;
    if (continuing.length === 1) return continuing[0];
    if (continuing.length === 2 && continuing.every((o) => share.get(o)!.eq(half))) return null;
    let tied = [...continuing];
    for (let r = history.length - 1; r >= 0 && tied.length > 1; r--) {
      const min = tied.map((o) => history[r].get(o)!).reduce((a, b) => (b.lt(a) ? b : a));
      tied = tied.filter((o) => history[r].get(o)!.eq(min));
    }
    const out = Math.max(...tied);
    continuing = continuing.filter((o) => o !== out);
  }
}

/** The plain Condorcet winner by head count, if any. */
function condorcetWinner(ballots: RawBallot[], options: number): number | null {
  const rank = (b: RawBallot, o: number) => (b.ranking.includes(o) ? b.ranking.indexOf(o) : Infinity);
  for (let a = 0; a < options; a++) {
    let beatsAll = true;
    for (let b = 0; b < options && beatsAll; b++) {
      if (a === b) continue;
      const margin = ballots.reduce((m, x) => m + (rank(x, a) < rank(x, b) ? 1 : rank(x, b) < rank(x, a) ? -1 : 0), 0);
      if (margin <= 0) beatsAll = false;
    }
    if (beatsAll) return a;
  }
  return null;
}

const PLURALITY: OptionMethod[] = ['SINGLE_CHOICE', 'APPROVAL', 'SCORE', 'DOT_VOTE', 'QUADRATIC'];
const ALL: OptionMethod[] = [...PLURALITY, 'RANKED_CHOICE', 'CONDORCET'];
const QUARTERS = CLASSES.map(() => new Fraction(1n, 4n));
const oneClass = (ballots: RawBallot[]) => ballots.map((b) => ({ ...b, cls: 3 }));

describe('option tallies, properties', () => {
  const scenario = fc.integer({ min: 2, max: 5 }).chain((options) => fc.tuple(fc.constant(options), fc.array(ballotArb(options), { minLength: 1, maxLength: 40 })));

  it('with one class, the plurality-style methods equal a plain unweighted count', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...PLURALITY), ([options, raw], method) => {
        const ballots = oneClass(raw);
        const result = tally(method, aggregate(method, ballots, options, QUARTERS), options);
        expect(result.options.map((o) => o.share.toString())).toEqual(plainShares(method, ballots, options).map(String));
      }),
    );
  });

  it('with one class, RANKED_CHOICE equals a plain instant runoff', () => {
    fc.assert(
      fc.property(scenario, ([options, raw]) => {
        const ballots = oneClass(raw);
        expect(tally('RANKED_CHOICE', aggregate('RANKED_CHOICE', ballots, options, QUARTERS), options).winner).toBe(plainIrv(ballots, options));
      }),
    );
  });

  it('a Condorcet winner, when one exists, wins CONDORCET (with one class)', () => {
    fc.assert(
      fc.property(scenario, ([options, raw]) => {
        const ballots = oneClass(raw);
        const winner = condorcetWinner(ballots, options);
        fc.pre(winner !== null);
        expect(tally('CONDORCET', aggregate('CONDORCET', ballots, options, QUARTERS), options).winner).toBe(winner);
      }),
    );
  });

  it('permuting the ballots changes nothing', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom(...ALL), fc.integer(), ([options, ballots], method, seed) => {
        const shuffled = [...ballots].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7));
        const a = tally(method, aggregate(method, ballots, options, QUARTERS), options);
        const b = tally(method, aggregate(method, shuffled.reverse(), options, QUARTERS), options);
        expect([b.winner, b.outcome, b.options.map((o) => o.share.toString())]).toEqual([a.winner, a.outcome, a.options.map((o) => o.share.toString())]);
      }),
    );
  });

  it('scaling every class weight by a constant changes nothing', () => {
    const weights = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(scenario, fc.constantFrom(...ALL), weights, fc.integer({ min: 2, max: 7 }), ([options, ballots], method, w, k) => {
        const base = w.map((x) => new Fraction(BigInt(x), 10n));
        const scaled = base.map((x) => x.times(Fraction.of(k)));
        const a = tally(method, aggregate(method, ballots, options, base), options);
        const b = tally(method, aggregate(method, ballots, options, scaled), options);
        expect([b.winner, b.options.map((o) => o.share.toString()), b.rounds?.map((r) => r.eliminated)]).toEqual([a.winner, a.options.map((o) => o.share.toString()), a.rounds?.map((r) => r.eliminated)]);
      }),
    );
  });

  it('every instant-runoff round shares exactly 1 among the continuing options while a ballot continues', () => {
    fc.assert(
      fc.property(scenario, ([options, ballots]) => {
        const result = tally('RANKED_CHOICE', aggregate('RANKED_CHOICE', ballots, options, QUARTERS), options);
        for (const round of result.rounds!) {
          const total = round.shares.reduce((sum, s) => sum.plus(s.share), Fraction.ZERO);
          if (!total.isZero()) expect(total.toString()).toBe('1');
        }
      }),
    );
  });
});
