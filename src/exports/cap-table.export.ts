import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { ClassTotal, ClassUnitsMap, equityBasis, equityShare } from 'src/equity/cap-table';
import { MembershipService } from 'src/membership/membership.service';
import { textCell, unitsCell } from './cells';
import { CsvColumn, CsvExport, ExportPlan, ExportRequest, SnapshotRead } from './csv-export';

interface HolderRow {
  id: string;
  displayName: string | null;
  classes: StakeholderClass[];
  units: string[];
}

// CapTableService pages the holders and reads the class totals through the pool, outside this
// export's snapshot; both are read here from member_class_units instead, in one snapshot.
const TOTALS_SQL = `
  SELECT t.stakeholder_class AS "class", sum(t.units)::text AS units, count(*)::int AS members,
         bool_or(t.stakeholder_class = ANY(b.per_member_equity_classes)) AS "perMember"
    FROM member_class_units t
    CROSS JOIN LATERAL (SELECT per_member_equity_classes FROM bylaws WHERE cooperative_id = $1 ORDER BY version DESC LIMIT 1) b
   WHERE t.cooperative_id = $1 AND t.units > 0 GROUP BY 1`;

const HOLDERS_SQL = `
  SELECT m.id, u.display_name AS "displayName", h.classes, h.units
    FROM members m
    LEFT JOIN users u ON u.id = m.user_id
    CROSS JOIN LATERAL (SELECT array_agg(stakeholder_class) AS classes, array_agg(units::text) AS units
                          FROM member_class_units WHERE member_id = m.id AND units > 0) h
   WHERE m.cooperative_id = $1 AND h.classes IS NOT NULL
   ORDER BY m.seniority`;

const holdingOf = (row: HolderRow): ClassUnitsMap => new Map(row.classes.map((c, i) => [c, new Decimal(row.units[i])]));

/** `cap-table.csv`: the holders in admission order with their units per class and exact equity share; members only, as `Cooperative.capTable`. */
@Injectable()
export class CapTableExport implements CsvExport {
  readonly name = 'cap-table';

  constructor(private readonly membership: MembershipService) {}

  async plan({ viewer, cooperative }: ExportRequest): Promise<ExportPlan<HolderRow>> {
    await this.membership.requireMember(viewer.userId, cooperative.id);
    return { sql: HOLDERS_SQL, params: [cooperative.id], columns: (read) => columns(read, cooperative.id) };
  }
}

async function columns(read: SnapshotRead, cooperativeId: string): Promise<CsvColumn<HolderRow>[]> {
  const totals: ClassTotal[] = (await read<{ class: StakeholderClass; units: string; members: number; perMember: boolean }>(TOTALS_SQL, [cooperativeId])).map((t) => ({
    ...t,
    units: new Decimal(t.units),
  }));
  const unitsIn = (stakeholderClass: StakeholderClass): CsvColumn<HolderRow> => ({
    header: `${stakeholderClass.toLowerCase()}_units`,
    cell: (row) => {
      const i = row.classes.indexOf(stakeholderClass);
      return i < 0 ? null : unitsCell(row.units[i]);
    },
  });
  return [
    { header: 'member_id', cell: (row) => row.id },
    { header: 'display_name', cell: (row) => textCell(row.displayName) },
    ...CLASS_ORDER.map(unitsIn),
    // The cap table's own exact rule and rounding (`CapTableHolder.equityShare`).
    {
      header: 'equity_share',
      cell: (row) => {
        const basis = equityBasis(holdingOf(row), totals);
        return DecimalScalar.serialize(equityShare(basis.holding, basis.totals).toDecimal());
      },
    },
  ];
}
