/** The four fair-shares stakeholder classes (registered as a GraphQL enum in graphql/enums.ts). */
export enum StakeholderClass {
  FOUNDER = 'FOUNDER',
  FUNDER = 'FUNDER',
  WORKER = 'WORKER',
  USER = 'USER',
}

/** The fixed order used everywhere classes are listed or tie-broken. */
export const CLASS_ORDER: readonly StakeholderClass[] = [
  StakeholderClass.FOUNDER,
  StakeholderClass.FUNDER,
  StakeholderClass.WORKER,
  StakeholderClass.USER,
];
