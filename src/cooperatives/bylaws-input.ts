import { BylawsTerms } from './bylaws.rules';
import { BylawsInput } from './dto/cooperative.inputs';

/** Flattens the GraphQL input shape into bylaws terms (only the fields that were given). */
export function termsFromInput(input: BylawsInput | undefined): Partial<BylawsTerms> {
  if (!input) return {};
  const { voteWeights, ...rest } = input;
  return {
    ...rest,
    ...(voteWeights && {
      voteWeightFounder: voteWeights.founder,
      voteWeightFunder: voteWeights.funder,
      voteWeightWorker: voteWeights.worker,
      voteWeightUser: voteWeights.user,
    }),
  };
}
