import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { badInput, FieldProblem } from 'src/common/errors/domain-error';
import { formatMoney, toDecimal } from 'src/common/money/decimal';
import { moneyFromText } from 'src/common/money/money.type';
import { Loaders } from 'src/common/loaders/loaders';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS } from 'src/ledger/posting';
import { ProposalOutcome, VotingMethod } from './governance.enums';
import { Proposal } from './proposal.entity';
import { Spend, SpendInput, SpendStatus } from './spend.types';

interface SpendRow {
  proposalId: string;
  amount: string;
  bucketId: string | null;
  payee: string | null;
  memo: string | null;
  status: SpendStatus;
  shortfall: string | null;
  journalEntryId: string | null;
  currency: string;
}

const SPEND = `SELECT s.proposal_id AS "proposalId", s.amount::text, s.bucket_id AS "bucketId", s.payee, s.memo, s.status, s.shortfall::text, s.journal_entry_id AS "journalEntryId", c.currency
  FROM proposal_spends s JOIN proposals p ON p.id = s.proposal_id JOIN cooperatives c ON c.id = p.cooperative_id`;

const toSpend = (row: SpendRow): Spend => ({
  ...row,
  amount: moneyFromText(row.amount, row.currency),
  shortfall: row.shortfall === null ? null : moneyFromText(row.shortfall, row.currency),
});

/** Only a yes/no decision can pass or fail as a whole; an option method picks among options. */
const SPENDING_METHODS: readonly VotingMethod[] = [VotingMethod.YES_NO, VotingMethod.CONSENT];

/**
 * Decisions that move money: a proposal's spend is recorded with it, and posted from the reserve in
 * the transaction that stores a PASSED outcome (which the closing service runs exactly once).
 */
@Injectable()
export class SpendsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
  ) {}

  problems(method: VotingMethod, spend: SpendInput | undefined): FieldProblem[] {
    if (!spend) return [];
    const problems: FieldProblem[] = [];
    if (!SPENDING_METHODS.includes(method)) problems.push({ field: 'spend', message: 'only a YES_NO or CONSENT proposal can release money' });
    if (Boolean(spend.bucketId) === Boolean(spend.payee)) problems.push({ field: 'spend.bucketId', message: 'give either bucketId or payee' });
    return problems;
  }

  /** Records the spend with its proposal (in the proposal's creating transaction). */
  async record(manager: EntityManager, proposal: Proposal, spend: SpendInput): Promise<void> {
    if (spend.bucketId) {
      const [bucket] = await manager.query<{ id: string }[]>(`SELECT b.id FROM buckets b JOIN budget_rounds r ON r.id = b.round_id WHERE b.id = $1 AND r.cooperative_id = $2`, [
        spend.bucketId,
        proposal.cooperativeId,
      ]);
      if (!bucket) throw badInput([{ field: 'spend.bucketId', message: 'no bucket of this cooperative has this id' }]);
    }
    await manager.query(`INSERT INTO proposal_spends (proposal_id, amount, bucket_id, payee, memo) VALUES ($1, $2, $3, $4, $5)`, [
      proposal.id,
      spend.amount.toString(),
      spend.bucketId ?? null,
      spend.payee?.trim() ?? null,
      spend.memo ?? null,
    ]);
  }

  /**
   * Settles a closing proposal's spend: when it PASSED, the reserve (locked) either covers the whole
   * amount and one entry moves it, or it is UNFUNDED with the shortfall and nothing is posted.
   */
  async settleLocked(manager: EntityManager, proposal: Proposal, outcome: ProposalOutcome): Promise<void> {
    if (outcome !== ProposalOutcome.PASSED) return;
    const [spend] = await manager.query<SpendRow[]>(`${SPEND} WHERE s.proposal_id = $1 AND s.status = 'PENDING' FOR UPDATE OF s`, [proposal.id]);
    if (!spend) return;
    const amount = toDecimal(spend.amount);
    const reserve = await this.ledger.account(manager, proposal.cooperativeId, { kind: ACCOUNTS.RESERVE });
    await this.ledger.lockAccount(manager, reserve);
    // Equity holds credits: the reserve's balance is the negated sum of its lines.
    const available = (await this.ledger.balance(manager, reserve)).negated();
    if (amount.gt(available)) {
      const shortfall = amount.minus(available.isNegative() ? 0 : available);
      await manager.query(`UPDATE proposal_spends SET status = 'UNFUNDED', shortfall = $2 WHERE proposal_id = $1`, [proposal.id, shortfall.toString()]);
      await this.audit.record(manager, { cooperativeId: proposal.cooperativeId, actorUserId: null, action: 'SPEND_UNFUNDED', subjectId: proposal.id, data: { amount: spend.amount, shortfall: formatMoney(shortfall) } });
      return;
    }
    const entry = await this.ledger.post(manager, {
      cooperativeId: proposal.cooperativeId,
      description: `Spend approved by "${proposal.title}"${spend.payee ? ` to ${spend.payee}` : ''}${spend.memo ? `: ${spend.memo}` : ''}`,
      sourceType: 'PROPOSAL_SPEND',
      sourceId: proposal.id,
      postedByUserId: null,
      lines: [
        { account: { kind: ACCOUNTS.RESERVE }, amount },
        { account: spend.bucketId ? { kind: ACCOUNTS.BUCKET_FUNDS, scopeId: spend.bucketId } : { kind: ACCOUNTS.SPENDS_PAYABLE }, amount: amount.negated() },
      ],
    });
    await manager.query(`UPDATE proposal_spends SET status = 'POSTED', journal_entry_id = $2 WHERE proposal_id = $1`, [proposal.id, entry.id]);
    await this.audit.record(manager, { cooperativeId: proposal.cooperativeId, actorUserId: null, action: 'SPEND_POSTED', subjectId: proposal.id, data: { amount: spend.amount, journalEntryId: entry.id } });
  }

  /** A proposal's spend, batched per request (proposal lists). */
  load(loaders: Loaders, proposalId: string): Promise<Spend | null> {
    return loaders
      .get<string, Spend | null>('proposalSpend', async (ids) => {
        const rows = await this.dataSource.query<SpendRow[]>(`${SPEND} WHERE s.proposal_id = ANY($1)`, [ids]);
        return ids.map((id) => {
          const row = rows.find((r) => r.proposalId === id);
          return row ? toSpend(row) : null;
        });
      })
      .load(proposalId);
  }
}
