import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource } from 'typeorm';
import { groupByKeys, Loaders } from 'src/common/loaders/loaders';
import { Fraction } from 'src/common/money/fraction';
import { Connection, decodeCursor, PageArgs, SEQ_CURSOR, toConnection } from 'src/common/pagination/connection';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { Member } from 'src/membership/member.entity';
import { ClassTotal, ClassUnitsMap, equityBasis, equityShare, unallocatedShare } from './cap-table';
import { ClassUnits } from './cap-table.types';

export type { ClassTotal };

/** Reads of the register's per-holder totals (member_class_units), batched per request. */
@Injectable()
export class CapTableService {
  constructor(private readonly dataSource: DataSource) {}

  /** Units and holders per class, in class order (empty classes included with zeros), with the bylaws' per-member classes. */
  classTotals(loaders: Loaders, cooperativeId: string): Promise<ClassTotal[]> {
    return loaders
      .get<string, ClassTotal[]>('classTotals', async (ids) => {
        const rows = await this.dataSource.query<{ cooperativeId: string; class: StakeholderClass; units: string; members: number; perMember: StakeholderClass[] }[]>(
          `SELECT c.id AS "cooperativeId", t.class, t.units, t.members, b.per_member_equity_classes AS "perMember"
             FROM unnest($1::uuid[]) AS c(id)
             CROSS JOIN LATERAL (SELECT per_member_equity_classes FROM bylaws WHERE cooperative_id = c.id ORDER BY version DESC LIMIT 1) b
             LEFT JOIN LATERAL (SELECT stakeholder_class AS class, sum(units)::text AS units, count(*)::int AS members
                                  FROM member_class_units WHERE cooperative_id = c.id AND units > 0 GROUP BY 1) t ON true`,
          [ids],
        );
        return groupByKeys(ids, rows, (r) => r.cooperativeId).map((found) =>
          CLASS_ORDER.map((c) => {
            const row = found.find((r) => r.class === c);
            return { class: c, units: new Decimal(row?.units ?? 0), members: row?.members ?? 0, perMember: found[0]?.perMember.includes(c) ?? false };
          }),
        );
      })
      .load(cooperativeId);
  }

  /** A member's units per class (classes with units only), in class order. */
  holding(loaders: Loaders, memberId: string): Promise<ClassUnits[]> {
    return loaders
      .get<string, ClassUnits[]>('holding', async (ids) => {
        const rows = await this.dataSource.query<{ memberId: string; class: StakeholderClass; units: string }[]>(
          `SELECT member_id AS "memberId", stakeholder_class AS "class", units::text AS units FROM member_class_units WHERE member_id = ANY($1) AND units > 0`,
          [ids],
        );
        return groupByKeys(ids, rows, (r) => r.memberId).map((held) =>
          CLASS_ORDER.flatMap((c) => held.filter((r) => r.class === c).map((r) => ({ class: c, units: new Decimal(r.units) }))),
        );
      })
      .load(memberId);
  }

  async equityShare(loaders: Loaders, member: Member): Promise<Fraction> {
    const [holding, totals] = await Promise.all([this.holding(loaders, member.id), this.classTotals(loaders, member.cooperativeId)]);
    const basis = equityBasis(toMap(holding), totals);
    return equityShare(basis.holding, basis.totals);
  }

  async unallocatedShare(loaders: Loaders, cooperativeId: string): Promise<Fraction> {
    return unallocatedShare(toMap(await this.classTotals(loaders, cooperativeId)));
  }

  /** Members holding units in any class, in admission order. */
  async holders(cooperativeId: string, page: PageArgs): Promise<Connection<Member>> {
    const after = decodeCursor(page.after, SEQ_CURSOR) ?? '0';
    const holds = 'EXISTS (SELECT 1 FROM member_class_units u WHERE u.member_id = m.id AND u.units > 0)';
    const query = this.dataSource.getRepository(Member).createQueryBuilder('m').where(`m.cooperative_id = :cooperativeId AND ${holds}`, { cooperativeId });
    const [totalCount, rows] = await Promise.all([
      query.clone().getCount(),
      query.clone().andWhere('m.seniority > :after', { after }).orderBy('m.seniority').limit(page.first + 1).getMany(),
    ]);
    return toConnection(rows, page.first, totalCount, (m) => m.seniority);
  }
}

function toMap(rows: readonly { class: StakeholderClass; units: Decimal }[]): ClassUnitsMap {
  return new Map(rows.map((r) => [r.class, r.units]));
}
