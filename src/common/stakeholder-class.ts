import { registerEnumType } from '@nestjs/graphql';

export enum StakeholderClass {
  FOUNDER = 'FOUNDER',
  FUNDER = 'FUNDER',
  WORKER = 'WORKER',
  USER = 'USER',
}
registerEnumType(StakeholderClass, { name: 'StakeholderClass', description: 'The four fair-shares stakeholder classes.' });

/** The fixed order used everywhere classes are listed or tie-broken. */
export const CLASS_ORDER: readonly StakeholderClass[] = [
  StakeholderClass.FOUNDER,
  StakeholderClass.FUNDER,
  StakeholderClass.WORKER,
  StakeholderClass.USER,
];
