import { Fraction } from 'src/common/money/fraction';
import { combineClassShares } from 'src/governance/tally/class-weighted';
import { positions } from './shares';
import type { ClassShare, MethodResult, OptionClassInput, OptionResult, RunoffRound } from './types';

const HALF = new Fraction(1n, 2n);

interface Round {
  shares: Map<number, Fraction>;
  perClass: Map<string, { ballots: number; shares: Map<number, Fraction> }>;
}

/** One round: each continuing ballot counts for its highest-ranked option still in the count; exhausted ballots leave. */
function count(classes: readonly OptionClassInput[], continuing: readonly number[]): Round {
  const inCount = new Set(continuing);
  const perClass = new Map<string, { ballots: number; shares: Map<number, Fraction> }>();
  const active = [];
  for (const c of classes) {
    const counts = new Map<number, number>(continuing.map((o) => [o, 0]));
    let continuingBallots = 0;
    for (const group of c.rankings) {
      const top = group.ranking.find((o) => inCount.has(o));
      if (top === undefined) continue;
      counts.set(top, counts.get(top)! + group.n);
      continuingBallots += group.n;
    }
    if (continuingBallots === 0) continue;
    const shares = new Map(continuing.map((o) => [o, new Fraction(BigInt(counts.get(o)!), BigInt(continuingBallots))]));
    perClass.set(c.class, { ballots: continuingBallots, shares });
    active.push({ class: c.class, weight: c.weight, shares });
  }
  return { shares: combineClassShares(active, continuing), perClass };
}

/**
 * Instant runoff, class-weighted: an option with S > 1/2 wins; otherwise the lowest S is eliminated,
 * a tie for lowest going to the lowest S in the round before, and so back to round 1, and then to the
 * option listed last (the round records that). Two options left at exactly 1/2 each are TIED.
 */
export function instantRunoff(classes: readonly OptionClassInput[], optionCount: number): MethodResult {
  let continuing = positions(optionCount);
  const rounds: RunoffRound[] = [];
  const history: Round[] = [];
  const lastShare = new Map<number, Fraction>();
  const lastClasses = new Map<number, ClassShare[]>();
  let top: number[] = [];
  for (;;) {
    const round = count(classes, continuing);
    history.push(round);
    for (const o of continuing) {
      lastShare.set(o, round.shares.get(o)!);
      lastClasses.set(o, classes.map((c) => ({ class: c.class, ballots: round.perClass.get(c.class)?.ballots ?? 0, share: round.perClass.get(c.class)?.shares.get(o) ?? null })));
    }
    const record: RunoffRound = { round: rounds.length + 1, shares: continuing.map((o) => ({ position: o, share: round.shares.get(o)! })), eliminated: null, tieBrokenByOrder: false };
    rounds.push(record);
    if (round.perClass.size === 0) break;
    const majority = continuing.find((o) => round.shares.get(o)!.gt(HALF));
    if (majority !== undefined) {
      top = [majority];
      break;
    }
    if (continuing.length === 1) {
      top = [continuing[0]];
      break;
    }
    if (continuing.length === 2 && continuing.every((o) => round.shares.get(o)!.eq(HALF))) {
      top = [...continuing];
      break;
    }
    const { eliminated, byOrder } = lowest(continuing, history);
    record.eliminated = eliminated;
    record.tieBrokenByOrder = byOrder;
    continuing = continuing.filter((o) => o !== eliminated);
  }
  const options: OptionResult[] = positions(optionCount).map((o) => ({ position: o, share: lastShare.get(o) ?? Fraction.ZERO, classes: lastClasses.get(o) ?? [], copelandScore: null }));
  return { options, top, rounds };
}

/** The option to eliminate: lowest S now, ties broken by earlier rounds (latest first), then by listing order (last listed goes). */
function lowest(continuing: readonly number[], history: readonly Round[]): { eliminated: number; byOrder: boolean } {
  let tied = [...continuing];
  for (let r = history.length - 1; r >= 0 && tied.length > 1; r--) {
    const shares = history[r].shares;
    const min = tied.reduce((m, o) => (shares.get(o)!.lt(m) ? shares.get(o)! : m), shares.get(tied[0])!);
    tied = tied.filter((o) => shares.get(o)!.eq(min));
  }
  if (tied.length === 1) return { eliminated: tied[0], byOrder: false };
  return { eliminated: Math.max(...tied), byOrder: true };
}
