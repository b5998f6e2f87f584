import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';

/**
 * A voter's classes as bits (FOUNDER 1, FUNDER 2, WORKER 4, USER 8). Ballots store this small integer
 * rather than an array: grouping a million ballots by it is about twice as fast as by text[].
 */
export function classMask(classes: readonly StakeholderClass[]): number {
  return CLASS_ORDER.reduce((mask, c, bit) => (classes.includes(c) ? mask | (1 << bit) : mask), 0);
}

export function classesOf(mask: number): StakeholderClass[] {
  return CLASS_ORDER.filter((_, bit) => (mask & (1 << bit)) !== 0);
}
