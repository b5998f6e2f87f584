import { Injectable } from '@nestjs/common';
import { CLASS_ORDER, StakeholderClass } from 'src/common/stakeholder-class';
import { MembershipService } from 'src/membership/membership.service';
import { listCell, textCell, timeCell } from './cells';
import { CsvColumn, CsvExport, ExportPlan, ExportRequest } from './csv-export';

interface MemberRow {
  id: string;
  displayName: string | null;
  status: string;
  roles: string[];
  classes: StakeholderClass[];
  invitedClass: string | null;
  invitedAt: Date | null;
  admittedAt: Date;
  leftAt: Date | null;
}

const COLUMNS: CsvColumn<MemberRow>[] = [
  { header: 'member_id', cell: (r) => r.id },
  { header: 'display_name', cell: (r) => textCell(r.displayName) },
  { header: 'status', cell: (r) => r.status },
  { header: 'roles', cell: (r) => listCell(r.roles) },
  // As `Member.classes`: classes with more than 0 units, in class order.
  { header: 'classes', cell: (r) => listCell(CLASS_ORDER.filter((c) => r.classes.includes(c))) },
  { header: 'invited_class', cell: (r) => r.invitedClass },
  { header: 'invited_at', cell: (r) => timeCell(r.invitedAt) },
  { header: 'admitted_at', cell: (r) => timeCell(r.admittedAt) },
  { header: 'left_at', cell: (r) => timeCell(r.leftAt) },
];

// MembershipService.list pages; it has no streaming read, so the rows are read here from members,
// users (display names) and member_class_units (classes). Invited addresses are left out: only
// coordinators may see them (`Member.invitedEmail`).
const SQL = `
  SELECT m.id, u.display_name AS "displayName", m.status, m.roles, m.invited_class AS "invitedClass", m.invited_at AS "invitedAt",
         m.admitted_at AS "admittedAt", m.left_at AS "leftAt",
         ARRAY(SELECT h.stakeholder_class FROM member_class_units h WHERE h.member_id = m.id AND h.units > 0) AS classes
    FROM members m
    LEFT JOIN users u ON u.id = m.user_id
   WHERE m.cooperative_id = $1
   ORDER BY m.seniority`;

/** `members.csv`: every member, invited and left ones included, in admission order; members only, as `Cooperative.members`. */
@Injectable()
export class MembersExport implements CsvExport {
  readonly name = 'members';

  constructor(private readonly membership: MembershipService) {}

  async plan({ viewer, cooperative }: ExportRequest): Promise<ExportPlan<MemberRow>> {
    await this.membership.requireMember(viewer.userId, cooperative.id);
    return { sql: SQL, params: [cooperative.id], columns: () => Promise.resolve(COLUMNS) };
  }
}
