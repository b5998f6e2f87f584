import { sharesByTotals } from './shares';
import type { MethodResult, OptionClassInput } from './types';

export const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

/** share_c(o) = dots_c(o) / all dots cast in c. */
export const dotVote = (classes: readonly OptionClassInput[], optionCount: number): MethodResult => sharesByTotals(classes, optionCount, (c) => sum(c.totals));
