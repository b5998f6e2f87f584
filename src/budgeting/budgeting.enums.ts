/** Enums the pure budgeting modules share; registered with GraphQL in budgeting.types.ts. */
export enum BudgetRoundMode {
  CONTRIBUTIONS = 'CONTRIBUTIONS',
  BALLOT = 'BALLOT',
}

export enum BudgetRule {
  GREEDY = 'GREEDY',
  EQUAL_SHARES = 'EQUAL_SHARES',
}
