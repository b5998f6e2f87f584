export { tallyChoices } from 'src/governance/tally/choice-tally';
export { validateChoiceTallyInput } from 'src/governance/tally/validate';
export { CLASS_NAMES } from 'src/governance/tally/types';
export type {
  ChoiceTallyInput,
  ChoiceTallyResult,
  ClassCounts,
  ClassName,
  ClassResult,
  Outcome,
  ProposalKind,
} from 'src/governance/tally/types';
