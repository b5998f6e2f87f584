import { FieldProblem } from 'src/common/errors/domain-error';
import { VotingMethod } from './governance.enums';

/** Per-method settings of an option proposal, as stored (null where the method has none). */
export interface OptionSettings {
  minChoices: number | null;
  maxChoices: number | null;
  maxScore: number | null;
  dots: number | null;
  credits: number | null;
}

const SETTING_OF: Record<keyof OptionSettings, VotingMethod[]> = {
  minChoices: [VotingMethod.APPROVAL],
  maxChoices: [VotingMethod.APPROVAL],
  maxScore: [VotingMethod.SCORE],
  dots: [VotingMethod.DOT_VOTE],
  credits: [VotingMethod.QUADRATIC],
};
const DEFAULTS = { maxScore: 5, dots: 10, credits: 100 };
export const MAX_OPTIONS = 50;

/**
 * The options and settings of a new proposal: 2 to 50 distinct options for an option method and none
 * otherwise, each setting only for its method, and the defaults (APPROVAL 1 to all, SCORE 5, DOT_VOTE
 * 10 dots, QUADRATIC 100 credits) filled in. SPECIAL proposals use YES_NO or CONSENT only.
 */
export function checkedOptions(
  method: VotingMethod,
  kind: 'ORDINARY' | 'SPECIAL',
  options: string[] | undefined,
  given: Partial<Record<keyof OptionSettings, number | null | undefined>>,
): { problems: FieldProblem[]; labels: string[]; settings: OptionSettings } {
  const problems: FieldProblem[] = [];
  const labels = (options ?? []).map((label) => label.trim());
  const optionMethod = method !== VotingMethod.YES_NO && method !== VotingMethod.CONSENT;
  if (optionMethod && kind === 'SPECIAL') problems.push({ field: 'method', message: 'a SPECIAL proposal uses YES_NO or CONSENT' });
  if (!optionMethod && labels.length) problems.push({ field: 'options', message: `${method} takes no options` });
  if (optionMethod && (labels.length < 2 || labels.length > MAX_OPTIONS)) problems.push({ field: 'options', message: `${method} needs 2 to ${MAX_OPTIONS} options` });
  if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) problems.push({ field: 'options', message: 'options must be distinct' });
  for (const key of Object.keys(SETTING_OF) as (keyof OptionSettings)[]) {
    if (given[key] != null && !SETTING_OF[key].includes(method)) problems.push({ field: key, message: `applies to ${SETTING_OF[key].join(', ')} only` });
  }
  const settings: OptionSettings = { minChoices: null, maxChoices: null, maxScore: null, dots: null, credits: null };
  if (method === VotingMethod.APPROVAL) {
    settings.minChoices = given.minChoices ?? 1;
    settings.maxChoices = given.maxChoices ?? labels.length;
    if (settings.minChoices < 1 || settings.maxChoices > labels.length || settings.minChoices > settings.maxChoices) {
      problems.push({ field: 'maxChoices', message: `need 1 ≤ minChoices ≤ maxChoices ≤ the number of options (${labels.length})` });
    }
  }
  if (method === VotingMethod.SCORE) settings.maxScore = given.maxScore ?? DEFAULTS.maxScore;
  if (method === VotingMethod.DOT_VOTE) settings.dots = given.dots ?? DEFAULTS.dots;
  if (method === VotingMethod.QUADRATIC) settings.credits = given.credits ?? DEFAULTS.credits;
  return { problems, labels, settings };
}

export interface OptionBallotInput {
  choice?: string | null;
  optionIds?: string[] | null;
  ranking?: string[] | null;
  scores?: { optionId: string; score: number }[] | null;
  allocations?: { optionId: string; amount: number }[] | null;
}

/** A ballot as stored: chosen or ranked option positions, or one amount per option position. ABSTAIN has neither. */
export interface StoredOptionBallot {
  abstain: boolean;
  positions: number[] | null;
  amounts: number[] | null;
}

class BallotProblem extends Error {
  constructor(readonly problem: FieldProblem) {
    super(problem.message);
  }
}

const refuse = (field: string, message: string): never => {
  throw new BallotProblem({ field, message });
};

/**
 * Checks an option ballot against its method's rules and turns option ids into positions. The field
 * of each refusal is the input field at fault. `optionIds` are the proposal's options in listing order.
 */
export function optionBallot(method: VotingMethod, settings: OptionSettings, optionIds: readonly string[], input: OptionBallotInput): StoredOptionBallot | FieldProblem {
  try {
    return parse(method, settings, optionIds, input);
  } catch (error) {
    if (error instanceof BallotProblem) return error.problem;
    throw error;
  }
}

function parse(method: VotingMethod, settings: OptionSettings, optionIds: readonly string[], input: OptionBallotInput): StoredOptionBallot {
  const given = (['optionIds', 'ranking', 'scores', 'allocations'] as const).filter((field) => input[field]?.length);
  if (input.choice) {
    if (input.choice !== 'ABSTAIN') refuse('choice', `${method} takes options; the only choice is ABSTAIN`);
    if (given.length) refuse(given[0], 'an ABSTAIN carries no options');
    return { abstain: true, positions: null, amounts: null };
  }
  const expected = { SINGLE_CHOICE: 'optionIds', APPROVAL: 'optionIds', RANKED_CHOICE: 'ranking', CONDORCET: 'ranking', SCORE: 'scores', DOT_VOTE: 'allocations', QUADRATIC: 'allocations' }[method as string] as (typeof given)[number];
  const stray = given.find((field) => field !== expected);
  if (stray) refuse(stray, `${method} takes ${expected}`);
  const positionOf = (field: string, id: string, seen: Set<number>) => {
    const position = optionIds.indexOf(id);
    if (position < 0) refuse(field, `${id} is not an option of this proposal`);
    if (seen.has(position)) refuse(field, `${id} is listed twice`);
    seen.add(position);
    return position;
  };
  const seen = new Set<number>();
  switch (method) {
    case VotingMethod.SINGLE_CHOICE: {
      const ids = input.optionIds ?? [];
      if (ids.length !== 1) refuse('optionIds', 'choose exactly one option');
      return { abstain: false, positions: [positionOf('optionIds', ids[0], seen)], amounts: null };
    }
    case VotingMethod.APPROVAL: {
      const ids = input.optionIds ?? [];
      const positions = ids.map((id) => positionOf('optionIds', id, seen));
      if (positions.length < settings.minChoices! || positions.length > settings.maxChoices!) refuse('optionIds', `approve ${settings.minChoices} to ${settings.maxChoices} options`);
      return { abstain: false, positions: positions.sort((a, b) => a - b), amounts: null };
    }
    case VotingMethod.RANKED_CHOICE:
    case VotingMethod.CONDORCET: {
      const ids = input.ranking ?? [];
      if (!ids.length) refuse('ranking', 'rank at least one option');
      return { abstain: false, positions: ids.map((id) => positionOf('ranking', id, seen)), amounts: null };
    }
    case VotingMethod.SCORE: {
      const amounts = new Array<number>(optionIds.length).fill(0);
      for (const { optionId, score } of input.scores ?? []) {
        if (!Number.isInteger(score) || score < 0 || score > settings.maxScore!) refuse('scores', `a score is a whole number from 0 to ${settings.maxScore}`);
        amounts[positionOf('scores', optionId, seen)] = score;
      }
      if (seen.size !== optionIds.length) refuse('scores', 'score every option');
      return { abstain: false, positions: null, amounts };
    }
    case VotingMethod.DOT_VOTE:
    case VotingMethod.QUADRATIC: {
      const amounts = new Array<number>(optionIds.length).fill(0);
      for (const { optionId, amount } of input.allocations ?? []) {
        if (!Number.isInteger(amount) || amount < 0) refuse('allocations', 'an amount is a whole number, 0 or more');
        amounts[positionOf('allocations', optionId, seen)] = amount;
      }
      const spent = amounts.reduce((sum, a) => sum + (method === VotingMethod.QUADRATIC ? a * a : a), 0);
      const budget = method === VotingMethod.QUADRATIC ? settings.credits! : settings.dots!;
      if (spent > budget) refuse('allocations', method === VotingMethod.QUADRATIC ? `these votes cost ${spent} credits (n votes cost n²); you have ${budget}` : `these are ${spent} dots; you have ${budget}`);
      if (spent === 0) refuse('allocations', 'give at least one; ABSTAIN to give none');
      return { abstain: false, positions: null, amounts };
    }
    case VotingMethod.YES_NO:
    case VotingMethod.CONSENT:
      return refuse('choice', `${method} takes a choice`);
  }
}
