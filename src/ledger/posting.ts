import Decimal from 'decimal.js';
import { toCents } from 'src/common/money/decimal';
import { StakeholderClass } from 'src/common/stakeholder-class';

export enum AccountType {
  ASSET = 'ASSET',
  LIABILITY = 'LIABILITY',
  EQUITY = 'EQUITY',
  REVENUE = 'REVENUE',
  EXPENSE = 'EXPENSE',
}

/**
 * The chart of accounts: one account per cooperative (and scope). A per-member account is a control
 * account whose lines each name a member, so members' balances are a sub-ledger of it.
 */
export const ACCOUNTS = {
  CASH: { code: 'CASH', type: AccountType.ASSET, perMember: false },
  MEMBER_CAPITAL: { code: 'MEMBER_CAPITAL', type: AccountType.EQUITY, perMember: true },
  /** Surplus the cooperative has made and not yet distributed; a declaration draws on it. */
  RETAINED_SURPLUS: { code: 'RETAINED_SURPLUS', type: AccountType.EQUITY, perMember: false },
  /** The indivisible reserve (including the shares of empty classes and unspent co-budget). */
  RESERVE: { code: 'RESERVE', type: AccountType.EQUITY, perMember: false },
  DIVIDENDS_PAYABLE: { code: 'DIVIDENDS_PAYABLE', type: AccountType.LIABILITY, perMember: true },
  /** Co-budget parts of declared surplus waiting for a round. */
  COBUDGET_FUND: { code: 'COBUDGET_FUND', type: AccountType.EQUITY, perMember: false },
  /** A member's allocation in one budget round (scope: the round). */
  MEMBER_ALLOCATION: { code: 'MEMBER_ALLOCATION', type: AccountType.LIABILITY, perMember: true },
  /** A BALLOT round's pool until its close funds the winners (scope: the round). */
  ROUND_POOL: { code: 'ROUND_POOL', type: AccountType.LIABILITY, perMember: false },
  /** Spending a passed proposal approved for a named payee, owed until paid out. */
  SPENDS_PAYABLE: { code: 'SPENDS_PAYABLE', type: AccountType.LIABILITY, perMember: false },
  /** Money contributed to one bucket (scope: the bucket). */
  BUCKET_FUNDS: { code: 'BUCKET_FUNDS', type: AccountType.LIABILITY, perMember: false },
  /** Licence fees received (cash basis: recognised when a payment settles an invoice). */
  FEE_REVENUE: { code: 'FEE_REVENUE', type: AccountType.REVENUE, perMember: false },
  /** Rent received from tenants of the commune's assets (never a share of their income). */
  RENT_REVENUE: { code: 'RENT_REVENUE', type: AccountType.REVENUE, perMember: false },
  /** Land, buildings and equipment the commune owns, at cost (scope: the asset). */
  PROPERTY: { code: 'PROPERTY', type: AccountType.ASSET, perMember: false },
  /** Principal owed to bond holders (scope: the holding), so a holding is the sum of its lines. */
  BONDS_PAYABLE: { code: 'BONDS_PAYABLE', type: AccountType.LIABILITY, perMember: false },
  /** Coupons paid on bonds. */
  INTEREST_EXPENSE: { code: 'INTEREST_EXPENSE', type: AccountType.EXPENSE, perMember: false },
  /** Membership dues received from converted licensees. */
  DUES_REVENUE: { code: 'DUES_REVENUE', type: AccountType.REVENUE, perMember: false },
  /** Overpayments owed back to licensees until later invoices use them; per-licensee amounts live in the licensing tables. */
  LICENSEE_CREDIT: { code: 'LICENSEE_CREDIT', type: AccountType.LIABILITY, perMember: false },
} as const;

export type AccountKind = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

export interface AccountRef {
  kind: AccountKind;
  /** The round, bucket, … an account is kept for, when one account per cooperative is not enough. */
  scopeId?: string;
}

export function accountKey(ref: AccountRef): string {
  return keyOfAccount(ref.kind.code, ref.scopeId ?? null);
}

/** The same key from a stored account's columns, so lookups match what postings ask for. */
export function keyOfAccount(code: string, scopeId: string | null): string {
  return `${code}|${scopeId ?? ''}`;
}

/** A line: debit when positive, credit when negative, in the cooperative's currency. */
export interface PostingLine {
  account: AccountRef;
  amount: Decimal;
  /** Required on per-member accounts, refused on the others. */
  memberId?: string;
  /** The class a dividend payout or an allocation was earned in. */
  stakeholderClass?: StakeholderClass;
}

/**
 * Lines the database computes while it writes the entry (bulk distributions: 100,000 lines never
 * travel through the application). `sql` is a SELECT yielding `account_id uuid, member_id uuid,
 * stakeholder_class text, cents bigint`, one row per line; rows of 0 cents are skipped. Its
 * parameters are `params`, numbered from $1.
 */
export interface ComputedLines {
  sql: string;
  params: unknown[];
  /** What the rows sum to, known in advance: the entry must balance with it (the database checks the rows). */
  totalCents: bigint;
}

/**
 * The rules every journal entry obeys before it reaches the database (which checks balance again
 * at commit): at least two lines, non-zero amounts in whole cents, summing to exactly zero.
 */
export function assertBalanced(lines: readonly PostingLine[], computedCents = 0n): void {
  if (lines.length + (computedCents === 0n ? 0 : 1) < 2) throw new Error('a journal entry needs at least two lines');
  let sum = computedCents;
  for (const line of lines) {
    const cents = toCents(line.amount);
    if (cents === 0n) throw new Error('a journal line cannot be zero');
    if (line.account.kind.perMember !== Boolean(line.memberId)) throw new Error(`account ${line.account.kind.code} ${line.account.kind.perMember ? 'needs' : 'takes no'} member`);
    sum += cents;
  }
  if (sum !== 0n) throw new Error(`journal entry is unbalanced by ${sum} cents`);
}
