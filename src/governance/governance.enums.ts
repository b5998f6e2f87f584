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
}
/** The methods this version can tally; the others are refused at creation. */
export const SUPPORTED_METHODS = [VotingMethod.YES_NO, VotingMethod.CONSENT];

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
}
export enum Choice {
  YES = 'YES',
  NO = 'NO',
  ABSTAIN = 'ABSTAIN',
  BLOCK = 'BLOCK',
}

registerEnumType(ProposalKind, { name: 'ProposalKind', description: 'ORDINARY needs weighted support > 1/2; SPECIAL needs ≥ 3/4 and a majority in every class.' });
registerEnumType(VotingMethod, { name: 'VotingMethod', description: 'YES_NO and CONSENT are tallied today; the others are refused until their tally lands.' });
registerEnumType(ResultsVisibility, { name: 'ResultsVisibility' });
registerEnumType(ProposalStatus, { name: 'ProposalStatus', description: 'DRAFT before opensAt, OPEN until closesAt (or an early close), then CLOSED.' });
registerEnumType(ProposalOutcome, { name: 'ProposalOutcome' });
registerEnumType(Choice, { name: 'Choice', description: 'BLOCK exists only under CONSENT and needs a reason.' });
