import fc from 'fast-check';
import Decimal from 'decimal.js';
import { fromCents, toCents } from 'src/common/money/decimal';
import { ACCOUNTS, AccountRef, assertBalanced, PostingLine } from './posting';

/** What LedgerService.reverse writes: the same lines with opposite signs. */
const reversalLines = (lines: PostingLine[]): PostingLine[] => lines.map((l) => ({ ...l, amount: l.amount.negated() }));

const cash: AccountRef = { kind: ACCOUNTS.CASH };
const capital: AccountRef = { kind: ACCOUNTS.MEMBER_CAPITAL };
const line = (account: AccountRef, amount: string, memberId?: string): PostingLine => ({ account, amount: new Decimal(amount), memberId });

describe('journal postings', () => {
  it('accepts a balanced entry and refuses unbalanced, single-line, zero or sub-cent ones', () => {
    expect(() => assertBalanced([line(cash, '10.00'), line(capital, '-10.00', 'm1')])).not.toThrow();
    expect(() => assertBalanced([line(cash, '10.00'), line(capital, '-9.99', 'm1')])).toThrow(/unbalanced by 1 cents/);
    expect(() => assertBalanced([line(cash, '0')])).toThrow(/at least two lines/);
    expect(() => assertBalanced([line(cash, '0'), line(capital, '0', 'm1')])).toThrow(/cannot be zero/);
    expect(() => assertBalanced([line(cash, '0.001'), line(capital, '-0.001', 'm1')])).toThrow(/more than 2 decimals/);
    expect(() => assertBalanced([line(cash, '5.00'), line(capital, '-5.00')])).toThrow(/needs member/);
    expect(() => assertBalanced([line(cash, '5.00', 'm1'), line(capital, '-5.00', 'm1')])).toThrow(/takes no member/);
  });

  it('balances fixed lines against computed lines of a known total', () => {
    expect(() => assertBalanced([line(cash, '10.00')], -1000n)).not.toThrow();
    expect(() => assertBalanced([line(cash, '10.00')], -999n)).toThrow(/unbalanced by 1 cents/);
    expect(() => assertBalanced([], 0n)).toThrow(/at least two lines/);
  });

  // A random balanced entry: amounts in cents over several accounts, the last line closing the sum.
  const entry = fc
    .array(fc.record({ member: fc.constantFrom('m1', 'm2', 'm3', null), cents: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }).filter((c) => c !== 0n) }), { minLength: 1, maxLength: 6 })
    .filter((parts) => parts.reduce((s, p) => s + p.cents, 0n) !== 0n)
    .map((parts): PostingLine[] => {
      const lines = parts.map((p) => (p.member ? { account: capital, memberId: p.member, amount: fromCents(p.cents) } : { account: cash, amount: fromCents(p.cents) }));
      const closing = -parts.reduce((s, p) => s + p.cents, 0n);
      return [...lines, { account: cash, amount: fromCents(closing) }];
    });

  it('keeps the trial balance at zero over any sequence of postings and reversals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(entry, fc.boolean()), { maxLength: 40 }), (postings) => {
        const balances = new Map<string, bigint>();
        const apply = (lines: PostingLine[]) => {
          assertBalanced(lines);
          for (const l of lines) {
            const key = `${l.account.kind.code}:${l.memberId ?? ''}`;
            balances.set(key, (balances.get(key) ?? 0n) + toCents(l.amount));
          }
        };
        for (const [lines, reverse] of postings) {
          apply(lines);
          if (reverse) apply(reversalLines(lines));
        }
        expect([...balances.values()].reduce((s, b) => s + b, 0n)).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });
});
