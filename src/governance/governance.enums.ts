import { registerEnumType } from '@nestjs/graphql';

export enum ProposalKind {
  ORDINARY = 'ORDINARY',
  SPECIAL = 'SPECIAL',
}
export enum VotingMethod {
  YES_NO = 'YES_NO',
  CONSENT = 'CONSENT',
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  APPROVAL = 'APPROVAL',
  RANKED_CHOICE = 'RANKED_CHOICE',
  SCORE = 'SCORE',
  DOT_VOTE = 'DOT_VOTE',
  QUADRATIC = 'QUADRATIC',
  CONDORCET = 'CONDORCET',
}
/** The methods whose ballots are a choice (YES, NO, ABSTAIN, BLOCK); every other method votes on options. */
export const CHOICE_METHODS = [VotingMethod.YES_NO, VotingMethod.CONSENT];
export const isOptionMethod = (method: VotingMethod) => !CHOICE_METHODS.includes(method);

export enum ResultsVisibility {
  ALWAYS = 'ALWAYS',
  AFTER_VOTE = 'AFTER_VOTE',
  AFTER_CLOSE = 'AFTER_CLOSE',
}
export enum ProposalStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
export enum ProposalOutcome {
  PASSED = 'PASSED',
  REJECTED = 'REJECTED',
  BLOCKED = 'BLOCKED',
  NO_QUORUM = 'NO_QUORUM',
  TIED = 'TIED',
}
export enum Choice {
  YES = 'YES',
  NO = 'NO',
  ABSTAIN = 'ABSTAIN',
  BLOCK = 'BLOCK',
}

registerEnumType(ProposalKind, { name: 'ProposalKind', description: 'ORDINARY needs weighted support > 1/2; SPECIAL needs ≥ 3/4 and a majority in every class.' });
registerEnumType(VotingMethod, {
  name: 'VotingMethod',
  description: 'YES_NO and CONSENT take a choice; SINGLE_CHOICE, APPROVAL, SCORE, DOT_VOTE, QUADRATIC, RANKED_CHOICE (instant runoff) and CONDORCET (Copeland) vote on options. Every method is class-weighted.',
});
registerEnumType(ResultsVisibility, { name: 'ResultsVisibility' });
registerEnumType(ProposalStatus, { name: 'ProposalStatus', description: 'DRAFT before opensAt, OPEN until closesAt (or an early close), then CLOSED.' });
registerEnumType(ProposalOutcome, { name: 'ProposalOutcome', description: 'TIED: several options share the top of an option method; no tie is broken silently.' });
registerEnumType(Choice, { name: 'Choice', description: 'BLOCK exists only under CONSENT and needs a reason.' });
