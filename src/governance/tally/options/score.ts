import { sharesByTotals } from './shares';
import type { MethodResult, OptionClassInput } from './types';

/** share_c(o) = Σ scores_c(o) / (ballots_c × maxScore). */
export const score = (classes: readonly OptionClassInput[], optionCount: number, maxScore: number): MethodResult => sharesByTotals(classes, optionCount, (c) => c.ballots * maxScore);
