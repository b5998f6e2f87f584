import Decimal from 'decimal.js';
import { apportion } from 'src/common/money/apportion';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';

/** A member who may receive a share: their units per class and their place in admission order. */
export interface Holder {
  memberId: string;
  /** Admission order: lower comes first when remainders tie (earlier admission, then member id). */
  rank: number;
  units: ReadonlyMap<StakeholderClass, Decimal>;
}

export interface ClassShare {
  memberId: string;
  class: StakeholderClass;
  cents: bigint;
}

export interface Distribution {
  shares: ClassShare[];
  /** The parts of classes with no holders: they go to the reserve. */
  toReserveCents: bigint;
}

/** Splits a surplus by the bylaws percents into reserve, dividends and co-budget (ties in that order). */
export function splitSurplus(totalCents: bigint, percents: { reserve: Decimal; dividends: Decimal; cobudget: Decimal }): { reserve: bigint; dividends: bigint; cobudget: bigint } {
  const [reserve, dividends, cobudget] = apportion(totalCents, [
    { key: 'reserve', weight: percents.reserve, rank: 0 },
    { key: 'dividends', weight: percents.dividends, rank: 1 },
    { key: 'cobudget', weight: percents.cobudget, rank: 2 },
  ]).map((share) => share.cents);
  return { reserve, dividends, cobudget };
}

export type WithinClass = 'PRO_RATA' | 'EQUAL';

export interface ClassPool {
  class: StakeholderClass;
  cents: bigint;
}

/** A quarter of the pool per class (the classes' equity weights are equal), ties FOUNDER, FUNDER, WORKER, USER. */
export function classPools(poolCents: bigint): ClassPool[] {
  return apportion(
    poolCents,
    CLASS_ORDER.map((c, rank) => ({ key: c, weight: new Decimal(1), rank })),
  ).map(({ key, cents }) => ({ class: key, cents }));
}

/**
 * The fair-shares split: a quarter of the pool per class, then within each class pro rata to units
 * or equally per member, ties by admission order. In a per-member equity class ("one member, one
 * share") it is always equally per member. A member in two classes receives from both; an empty
 * class's quarter goes to the reserve.
 *
 * This is the reference model: at 100,000 members the database computes the same split while it
 * writes the ledger lines (`member-shares.sql.ts`), and an integration property test checks that both
 * agree on every share.
 */
export function distributeByClass(poolCents: bigint, holders: readonly Holder[], within: WithinClass, perMemberClasses: readonly StakeholderClass[] = []): Distribution {
  const shares: ClassShare[] = [];
  let toReserveCents = 0n;
  for (const { class: stakeholderClass, cents } of classPools(poolCents)) {
    const members = holders.filter((h) => h.units.get(stakeholderClass)?.gt(0));
    if (members.length === 0) {
      toReserveCents += cents;
      continue;
    }
    const parts = apportion(
      cents,
      members.map((h) => ({
        key: h.memberId,
        weight: within === 'PRO_RATA' && !perMemberClasses.includes(stakeholderClass) ? h.units.get(stakeholderClass)! : new Decimal(1),
        rank: h.rank,
      })),
    );
    for (const part of parts) shares.push({ memberId: part.key, class: stakeholderClass, cents: part.cents });
  }
  return { shares, toReserveCents };
}
