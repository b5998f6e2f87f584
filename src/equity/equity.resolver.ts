import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import Decimal from 'decimal.js';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { Loaders } from 'src/common/loaders/loaders';
import { CLASS_EQUITY_SHARE } from './cap-table';
import { ConnectionType, PageArgs } from 'src/common/pagination/connection';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { StakeholderClass } from 'src/common/stakeholder-class';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { Member } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { CapTableService } from './cap-table.service';
import { CapTable, CapTableHolder, ClassEquity, ClassUnits } from './cap-table.types';
import { MemberRefInput, RecordLabourInput, RecordMoneyInput } from './dto/equity.inputs';
import { RegisterService } from './register.service';
import { UnitEntry } from './unit-entry.entity';

const CapTableHolderConnection = ConnectionType(CapTableHolder, 'CapTableHolder');

@Resolver(() => UnitEntry)
export class RegisterResolver {
  constructor(private readonly register: RegisterService) {}

  @Mutation(() => UnitEntry, { description: 'COORDINATOR: one FOUNDER unit, only while founding is open.' })
  issueFounderUnits(@CurrentViewer() viewer: Viewer, @Args('input') input: MemberRefInput): Promise<UnitEntry> {
    return this.register.issueFounderUnits(viewer.userId, input.memberId);
  }

  @Mutation(() => Cooperative, { description: 'COORDINATOR: closes founding, irreversibly.' })
  closeFounding(@CurrentViewer() viewer: Viewer, @Args('cooperativeId', { type: () => ID }) cooperativeId: string): Promise<Cooperative> {
    return this.register.closeFounding(viewer.userId, cooperativeId);
  }

  @Mutation(() => UnitEntry, { description: 'COORDINATOR: WORKER units = hours × the bylaws rate.' })
  recordLabour(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordLabourInput): Promise<UnitEntry> {
    return this.register.recordLabour(viewer.userId, input);
  }

  @Mutation(() => UnitEntry, { description: 'COORDINATOR: FUNDER units from a capital contribution, posted to the ledger.' })
  recordCapital(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordMoneyInput): Promise<UnitEntry> {
    return this.register.recordCapital(viewer.userId, input);
  }

  @Mutation(() => UnitEntry, { description: 'COORDINATOR: USER units from patronage.' })
  recordPatronage(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordMoneyInput): Promise<UnitEntry> {
    return this.register.recordPatronage(viewer.userId, input);
  }
}

@Resolver(() => Member)
export class MemberEquityResolver {
  constructor(private readonly capTable: CapTableService) {}

  @ResolveField(() => [StakeholderClass], { description: 'Classes in which the member holds more than 0 units.' })
  async classes(@Parent() member: Member, @RequestLoaders() loaders: Loaders): Promise<StakeholderClass[]> {
    return (await this.capTable.holding(loaders, member.id)).map((h) => h.class);
  }

  @ResolveField(() => [ClassUnits])
  units(@Parent() member: Member, @RequestLoaders() loaders: Loaders): Promise<ClassUnits[]> {
    return this.capTable.holding(loaders, member.id);
  }

  @ResolveField(() => DecimalScalar, { description: 'Exact share of the equity (40 significant digits).' })
  async equityShare(@Parent() member: Member, @RequestLoaders() loaders: Loaders): Promise<Decimal> {
    return (await this.capTable.equityShare(loaders, member)).toDecimal();
  }
}

@Resolver(() => Cooperative)
export class CooperativeCapTableResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => CapTable, { description: 'Members only.' })
  async capTable(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<CapTable> {
    await this.membership.requireMember(requireViewer(viewer).userId, cooperative.id);
    return { cooperativeId: cooperative.id };
  }
}

@Resolver(() => CapTable)
export class CapTableResolver {
  constructor(
    private readonly capTable: CapTableService,
    private readonly cooperatives: CooperativesService,
  ) {}

  @ResolveField(() => [ClassEquity], { description: 'In the order FOUNDER, FUNDER, WORKER, USER.' })
  async classes(@Parent() table: CapTable, @RequestLoaders() loaders: Loaders): Promise<ClassEquity[]> {
    const [totals, bylaws] = await Promise.all([this.capTable.classTotals(loaders, table.cooperativeId), this.cooperatives.loadCurrentBylaws(loaders, table.cooperativeId)]);
    return totals.map((t) => ({ class: t.class, equityWeight: CLASS_EQUITY_SHARE.toDecimal(), voteWeight: bylaws.voteWeight(t.class), totalUnits: t.units, memberCount: t.members }));
  }

  @ResolveField(() => DecimalScalar, { description: 'The quarters of empty classes, held in the indivisible reserve.' })
  async unallocatedShare(@Parent() table: CapTable, @RequestLoaders() loaders: Loaders): Promise<Decimal> {
    return (await this.capTable.unallocatedShare(loaders, table.cooperativeId)).toDecimal();
  }

  @ResolveField(() => CapTableHolderConnection, { description: 'Holders in admission order.' })
  async holders(@Parent() table: CapTable, @RequestLoaders() loaders: Loaders, @Args() page: PageArgs) {
    const connection = await this.capTable.holders(table.cooperativeId, page);
    const edges = await Promise.all(
      connection.edges.map(async ({ node, cursor }) => {
        const [units, share] = await Promise.all([this.capTable.holding(loaders, node.id), this.capTable.equityShare(loaders, node)]);
        return { cursor, node: { member: node, units, equityShare: share.toDecimal() } };
      }),
    );
    return { ...connection, edges };
  }
}
