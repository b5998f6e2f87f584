import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fromCents, toCents, toDecimal } from 'src/common/money/decimal';
import { Fraction } from 'src/common/money/fraction';
import { LedgerService } from 'src/ledger/ledger.service';
import { ACCOUNTS, PostingLine } from 'src/ledger/posting';
import { BucketStatus, BudgetRule } from './budgeting.types';
import type { RoundRow } from './rounds.service';
import type { BudgetElection, BudgetOutcome } from './rules/types';
import { pickWinnersOffThread } from './winners/off-thread';

/** A BALLOT round's result as stored in `budget_rounds.result`: cents and fractions as text. */
export interface StoredRoundResult {
  rule: BudgetRule;
  selected: string[];
  spent: string;
  perVoterBudget: string | null;
  mesRuns: number;
  explanations: { bucketId: string; selected: boolean; approvals: number; supportersLeft: string | null; reason: string }[];
  journalEntryId: string;
}

/**
 * Closes a BALLOT round inside the caller's transaction (round row locked): the rule picks the
 * winners from the ballots, one journal entry funds each winner from the round's pool and returns
 * the rest to the reserve, and the result is stored with the buckets' statuses.
 */
@Injectable()
export class BallotRoundCloser {
  constructor(private readonly ledger: LedgerService) {}

  async closeLocked(manager: EntityManager, round: RoundRow, userId: string): Promise<StoredRoundResult> {
    const buckets = await manager.query<{ id: string; status: BucketStatus; cost: string }[]>(
      `SELECT id, status, max_goal::text AS cost FROM buckets WHERE round_id = $1 ORDER BY seq FOR UPDATE`,
      [round.id],
    );
    const election = await this.election(manager, round, buckets.filter((b) => b.status === BucketStatus.OPEN));
    const outcome = await pickWinnersOffThread(round.rule!, election);
    const poolCents = toCents(toDecimal(round.pool));
    const lines: PostingLine[] = [{ account: { kind: ACCOUNTS.ROUND_POOL, scopeId: round.id }, amount: fromCents(poolCents) }];
    const costOf = new Map(election.projects.map((p) => [p.id, p.cost]));
    for (const id of outcome.selected) lines.push({ account: { kind: ACCOUNTS.BUCKET_FUNDS, scopeId: id }, amount: fromCents(-costOf.get(id)!) });
    if (poolCents > outcome.spent) lines.push({ account: { kind: ACCOUNTS.RESERVE }, amount: fromCents(outcome.spent - poolCents) });
    const entry = await this.ledger.post(manager, {
      cooperativeId: round.cooperativeId,
      description: `Budget round "${round.title}": ${outcome.selected.length} winner${outcome.selected.length === 1 ? '' : 's'} funded, the rest returned to the reserve`,
      sourceType: 'BUDGET_ROUND_CLOSE',
      sourceId: round.id,
      postedByUserId: userId,
      lines,
    });
    await manager.query(`UPDATE buckets SET status = CASE WHEN id = ANY($2::uuid[]) THEN 'FUNDED' ELSE 'NOT_FUNDED' END WHERE round_id = $1`, [round.id, outcome.selected]);
    const result = storedResult(round.rule!, outcome, entry.id);
    await manager.query(`UPDATE budget_rounds SET result = $2 WHERE id = $1`, [round.id, JSON.stringify(result)]);
    return result;
  }

  /** The approved buckets in the order they were proposed, and every ballot with the voter's classes in the round. */
  private async election(manager: EntityManager, round: RoundRow, buckets: { id: string; cost: string }[]): Promise<BudgetElection> {
    const open = new Set(buckets.map((b) => b.id));
    const ballots = await manager.query<{ memberId: string; classes: string[]; bucketIds: string[] }[]>(
      `SELECT member_id AS "memberId", classes, bucket_ids AS "bucketIds" FROM budget_ballots WHERE round_id = $1 ORDER BY member_id`,
      [round.id],
    );
    return {
      pool: toCents(toDecimal(round.pool)),
      projects: buckets.map((b) => ({ id: b.id, cost: toCents(toDecimal(b.cost)) })),
      voters: ballots.map((b) => ({ id: b.memberId, groups: b.classes, approvals: b.bucketIds.filter((id) => open.has(id)) })),
      groupWeights: new Map(round.classes!.map((c, i) => [c, Fraction.fromDecimal(round.classWeights![i])])),
      currencyUnit: 100n,
    };
  }
}

function storedResult(rule: BudgetRule, outcome: BudgetOutcome, journalEntryId: string): StoredRoundResult {
  return {
    rule,
    selected: outcome.selected,
    spent: outcome.spent.toString(),
    perVoterBudget: outcome.perVoterBudget?.toString() ?? null,
    mesRuns: outcome.mesRuns,
    explanations: outcome.explanations.map((e) => ({
      bucketId: e.projectId,
      selected: e.selected,
      approvals: e.approvals,
      supportersLeft: e.supportersLeft?.toString() ?? null,
      reason: e.reason,
    })),
    journalEntryId,
  };
}
