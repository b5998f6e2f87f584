import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, notFound } from 'src/common/errors/domain-error';
import { formatCents, fromCents, toCents } from 'src/common/money/decimal';
import { moneyFromText } from 'src/common/money/money.type';
import { Connection, PageArgs } from 'src/common/pagination/connection';
import { CooperativesService } from 'src/cooperatives/cooperatives.service';
import { AuditService } from 'src/audit/audit.service';
import { inTransaction } from 'src/database/transaction';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS, accountKey, AccountRef, PostingLine } from 'src/ledger/posting';
import { Role } from 'src/membership/member.entity';
import { MembershipService } from 'src/membership/membership.service';
import { DividendPayout, SurplusDeclaration } from './budgeting.types';
import { classPools, splitSurplus } from './distribution';
import { DeclareSurplusInput } from './dto/budgeting.inputs';
import { memberLinesPage } from './member-lines';
import { memberShareLines } from './member-shares.sql';

interface DeclarationRow {
  id: string;
  cooperativeId: string;
  currency: string;
  period: string;
  amount: string;
  reserve: string;
  dividends: string;
  cobudget: string;
  idempotencyKey: string;
  declaredAt: Date;
  journalEntryId: string;
}

const DECLARATION = `SELECT d.id, d.cooperative_id AS "cooperativeId", c.currency, d.period, d.amount::text, d.reserve::text, d.dividends::text, d.cobudget::text,
  d.idempotency_key AS "idempotencyKey", d.declared_at AS "declaredAt", d.journal_entry_id AS "journalEntryId" FROM surplus_declarations d JOIN cooperatives c ON c.id = d.cooperative_id`;

function toDeclaration(row: DeclarationRow): SurplusDeclaration {
  const m = (amount: string) => moneyFromText(amount, row.currency);
  return { ...row, amount: m(row.amount), reserve: m(row.reserve), dividends: m(row.dividends), cobudget: m(row.cobudget) };
}

/** Declaring surplus: split by the bylaws, dividends payable per member and class, all in one ledger entry. */
@Injectable()
export class SurplusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly membership: MembershipService,
    private readonly cooperatives: CooperativesService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
  ) {}

  async declare(userId: string, input: DeclareSurplusInput): Promise<SurplusDeclaration> {
    return inTransaction(this.dataSource, async (manager) => {
      // The cooperative's row lock serialises declarations, so a replayed key finds the first one.
      await this.cooperatives.lockCooperative(manager, input.cooperativeId);
      await this.membership.requireMember(userId, input.cooperativeId, [Role.COORDINATOR], manager);
      const [replayed] = await manager.query<DeclarationRow[]>(`${DECLARATION} WHERE d.cooperative_id = $1 AND d.idempotency_key = $2`, [input.cooperativeId, input.idempotencyKey]);
      if (replayed) {
        if (replayed.period !== input.period || !input.amount.eq(replayed.amount)) throw conflict('This idempotency key was already used for another declaration');
        return toDeclaration(replayed);
      }
      const [samePeriod] = await manager.query<unknown[]>(`SELECT 1 FROM surplus_declarations WHERE cooperative_id = $1 AND period = $2`, [input.cooperativeId, input.period]);
      if (samePeriod) throw conflict(`Surplus for period ${input.period} has already been declared`);
      const id = await this.write(manager, userId, input);
      const [row] = await manager.query<DeclarationRow[]>(`${DECLARATION} WHERE d.id = $1`, [id]);
      await this.audit.record(manager, { cooperativeId: input.cooperativeId, actorUserId: userId, action: 'SURPLUS_DECLARED', subjectId: id, data: { period: row.period, amount: row.amount, reserve: row.reserve, dividends: row.dividends, cobudget: row.cobudget } });
      return toDeclaration(row);
    });
  }

  private async write(manager: EntityManager, userId: string, input: DeclareSurplusInput): Promise<string> {
    const bylaws = await this.cooperatives.currentBylaws(input.cooperativeId, manager);
    const total = toCents(input.amount);
    const split = splitSurplus(total, { reserve: bylaws.reservePercent, dividends: bylaws.dividendPercent, cobudget: bylaws.cobudgetPercent });
    const payable: AccountRef = { kind: ACCOUNTS.DIVIDENDS_PAYABLE };
    const reserve: AccountRef = { kind: ACCOUNTS.RESERVE };
    const accounts = await this.ledger.accounts(manager, input.cooperativeId, [payable, reserve]);

    const lines: PostingLine[] = [{ account: { kind: ACCOUNTS.RETAINED_SURPLUS }, amount: fromCents(total) }];
    if (split.reserve > 0n) lines.push({ account: reserve, amount: fromCents(-split.reserve) });
    if (split.cobudget > 0n) lines.push({ account: { kind: ACCOUNTS.COBUDGET_FUND }, amount: fromCents(-split.cobudget) });
    const entry = await this.ledger.post(manager, {
      cooperativeId: input.cooperativeId,
      description: `Surplus declared for ${input.period}`,
      sourceType: 'SURPLUS_DECLARATION',
      postedByUserId: userId,
      lines,
      // Dividends: a quarter per class, pro rata to units within it; empty classes' quarters to the reserve.
      computed: memberShareLines({
        cooperativeId: input.cooperativeId,
        pools: classPools(split.dividends),
        within: 'PRO_RATA',
        perMemberClasses: bylaws.perMemberEquityClasses,
        memberAccountId: accounts.get(accountKey(payable))!,
        unclaimedAccountId: accounts.get(accountKey(reserve))!,
      }),
    });

    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO surplus_declarations (cooperative_id, period, amount, reserve, dividends, cobudget, idempotency_key, journal_entry_id, declared_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [input.cooperativeId, input.period, formatCents(total), formatCents(split.reserve), formatCents(split.dividends), formatCents(split.cobudget), input.idempotencyKey, entry.id, userId],
    );
    return id;
  }

  async byId(id: string): Promise<SurplusDeclaration> {
    const [row] = await this.dataSource.query<DeclarationRow[]>(`${DECLARATION} WHERE d.id = $1`, [id]);
    if (!row) throw notFound('Surplus declaration');
    return toDeclaration(row);
  }

  /** A declaration as its cooperative's members see it (`Cooperative.surplusDeclarations`). */
  async readableDeclaration(userId: string, id: string): Promise<SurplusDeclaration> {
    const declaration = await this.byId(id);
    await this.membership.requireMember(userId, declaration.cooperativeId);
    return declaration;
  }

  async list(cooperativeId: string): Promise<SurplusDeclaration[]> {
    return (await this.dataSource.query<DeclarationRow[]>(`${DECLARATION} WHERE d.cooperative_id = $1 ORDER BY d.seq`, [cooperativeId])).map(toDeclaration);
  }

  /** The payouts are the member lines of the declaration's journal entry. */
  async payouts(declaration: SurplusDeclaration, page: PageArgs): Promise<Connection<DividendPayout>> {
    return memberLinesPage(this.dataSource, declaration.journalEntryId, declaration.currency, page);
  }
}
