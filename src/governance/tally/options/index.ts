export { tallyOptions } from './option-tally';
export { OPTION_METHODS } from './types';
export type { OptionClassInput, OptionMethod, OptionOutcome, OptionTallyInput, OptionTallyResult, RankingGroup } from './types';
