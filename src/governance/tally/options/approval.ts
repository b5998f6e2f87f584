import { sharesByTotals } from './shares';
import type { MethodResult, OptionClassInput } from './types';

/** share_c(o) = ballots approving o / ballots_c: options are judged one by one, so shares need not sum to 1. */
export const approval = (classes: readonly OptionClassInput[], optionCount: number): MethodResult => sharesByTotals(classes, optionCount, (c) => c.ballots);
