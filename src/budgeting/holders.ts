import Decimal from 'decimal.js';
import { EntityManager } from 'typeorm';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Holder } from './distribution';

/** Active members holding units, in admission order (their rank breaks ties), with units per class. */
export async function loadHolders(manager: EntityManager, cooperativeId: string): Promise<Holder[]> {
  const rows = await manager.query<{ memberId: string; class: StakeholderClass; units: string }[]>(
    `SELECT m.id AS "memberId", u.stakeholder_class AS "class", u.units::text AS units
       FROM members m JOIN member_class_units u ON u.member_id = m.id AND u.units > 0
      WHERE m.cooperative_id = $1 AND m.status = 'ACTIVE'
      ORDER BY m.seniority`,
    [cooperativeId],
  );
  const holders: Holder[] = [];
  let current: (Holder & { units: Map<StakeholderClass, Decimal> }) | undefined;
  for (const row of rows) {
    if (current?.memberId !== row.memberId) {
      current = { memberId: row.memberId, rank: holders.length, units: new Map() };
      holders.push(current);
    }
    current.units.set(row.class, new Decimal(row.units));
  }
  return holders;
}
