import { sum } from './dot-vote';
import { sharesByTotals } from './shares';
import type { MethodResult, OptionClassInput } from './types';

/** share_c(o) = votes_c(o) / all votes cast in c (each ballot paid n² credits for its n votes on an option). */
export const quadratic = (classes: readonly OptionClassInput[], optionCount: number): MethodResult => sharesByTotals(classes, optionCount, (c) => sum(c.totals));
