import { sharesByTotals } from './shares';
import type { MethodResult, OptionClassInput } from './types';

/** share_c(o) = ballots choosing o / ballots_c. */
export const singleChoice = (classes: readonly OptionClassInput[], optionCount: number): MethodResult => sharesByTotals(classes, optionCount, (c) => c.ballots);
