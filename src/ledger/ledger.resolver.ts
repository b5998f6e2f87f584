import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, RequestLoaders } from 'src/common/auth/auth.decorators';
import { Viewer } from 'src/common/auth/graphql-context';
import { requireViewer } from 'src/common/auth/viewer';
import { groupByKeys, Loaders } from 'src/common/loaders/loaders';
import { money } from 'src/common/money/money.type';
import { Connection, ConnectionType, mapConnection, PageArgs, toConnection } from 'src/common/pagination/connection';
import { DecimalScalar } from 'src/common/scalars/decimal.scalar';
import { Cooperative } from 'src/cooperatives/cooperative.entity';
import { Member } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { JournalEntry } from './ledger.entities';
import { EntryLine, LedgerService } from './ledger.service';
import { JournalLineView, Ledger, LedgerAccountView, LedgerMemberBalance } from './ledger.types';

const JournalEntryConnection = ConnectionType(JournalEntry, 'JournalEntry');
const LedgerMemberBalanceConnection = ConnectionType(LedgerMemberBalance, 'LedgerMemberBalance');

@Resolver(() => Cooperative)
export class CooperativeLedgerResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => Ledger, { description: 'Members only.' })
  async ledger(@Parent() cooperative: Cooperative, @CurrentViewer() viewer: Viewer | undefined): Promise<Ledger> {
    await this.membership.requireMember(requireViewer(viewer).userId, cooperative.id);
    return { cooperativeId: cooperative.id, currency: cooperative.currency };
  }
}

@Resolver(() => Ledger)
export class LedgerResolver {
  constructor(private readonly ledger: LedgerService) {}

  @ResolveField(() => [LedgerAccountView], { description: 'One row per account; members\' balances on a per-member account are paged by its memberBalances.' })
  async accounts(@Parent() ledger: Ledger): Promise<LedgerAccountView[]> {
    const balances = await this.ledger.balances(ledger.cooperativeId);
    return balances.map(({ account, balance }) => ({
      id: account.id,
      code: account.code,
      type: account.type,
      scopeId: account.scopeId,
      perMember: account.perMember,
      balance: money(balance, ledger.currency),
      currency: ledger.currency,
    }));
  }

  @ResolveField(() => JournalEntryConnection, { description: 'Journal entries in posting order.' })
  entries(@Parent() ledger: Ledger, @Args() page: PageArgs) {
    return this.ledger.entries(ledger.cooperativeId, page);
  }

  @ResolveField(() => DecimalScalar, { description: 'The sum of all lines: always "0.00".' })
  trialBalance(@Parent() ledger: Ledger): Promise<string> {
    return this.ledger.trialBalance(ledger.cooperativeId);
  }
}

@Resolver(() => LedgerAccountView)
export class LedgerAccountResolver {
  constructor(private readonly ledger: LedgerService) {}

  @ResolveField(() => LedgerMemberBalanceConnection, { description: "The members' balances on a per-member account, in member id order; empty on other accounts." })
  async memberBalances(@Parent() account: LedgerAccountView, @Args() page: PageArgs): Promise<Connection<LedgerMemberBalance>> {
    if (!account.perMember) return toConnection([], page.first, 0, () => '');
    const connection = await this.ledger.memberBalances(account.id, page);
    return mapConnection(connection, ({ memberId, balance }) => ({ memberId, balance: money(balance, account.currency) }));
  }
}

@Resolver(() => LedgerMemberBalance)
export class LedgerMemberBalanceResolver {
  constructor(private readonly membership: MembershipService) {}

  @ResolveField(() => Member)
  member(@Parent() row: LedgerMemberBalance, @RequestLoaders() loaders: Loaders): Promise<Member> {
    return this.membership.load(loaders, row.memberId);
  }
}

@Resolver(() => JournalEntry)
export class JournalEntryResolver {
  constructor(private readonly ledger: LedgerService) {}

  @ResolveField(() => [JournalLineView])
  async lines(@Parent() entry: JournalEntry, @RequestLoaders() loaders: Loaders): Promise<JournalLineView[]> {
    const lines = await loaders.get<string, EntryLine[]>('journalLines', async (ids) => groupByKeys(ids, await this.ledger.linesOf(ids), (l) => l.entryId)).load(entry.id);
    return lines.map((line) => ({ accountCode: line.code, memberId: line.memberId, amount: money(line.amount, line.currency) }));
  }
}
