import fc from 'fast-check';
import Decimal from 'decimal.js';
import { fromCents, toCents } from 'src/common/money/decimal';
import { ACCOUNTS, AccountRef, assertBalanced, PostingLine, reversalLines } from './posting';

const cash: AccountRef = { kind: ACCOUNTS.CASH };
const capitalOf = (memberId: string): AccountRef => ({ kind: ACCOUNTS.MEMBER_CAPITAL, memberId });
const line = (account: AccountRef, amount: string): PostingLine => ({ account, amount: new Decimal(amount) });

describe('journal postings', () => {
  it('accepts a balanced entry and refuses unbalanced, single-line, zero or sub-cent ones', () => {
    expect(() => assertBalanced([line(cash, '10.00'), line(capitalOf('m1'), '-10.00')])).not.toThrow();
    expect(() => assertBalanced([line(cash, '10.00'), line(capitalOf('m1'), '-9.99')])).toThrow(/unbalanced by 1 cents/);
    expect(() => assertBalanced([line(cash, '0')])).toThrow(/at least two lines/);
    expect(() => assertBalanced([line(cash, '0'), line(capitalOf('m1'), '0')])).toThrow(/cannot be zero/);
    expect(() => assertBalanced([line(cash, '0.001'), line(capitalOf('m1'), '-0.001')])).toThrow(/more than 2 decimals/);
    expect(() => assertBalanced([line(cash, '5.00'), line({ kind: ACCOUNTS.MEMBER_CAPITAL }, '-5.00')])).toThrow(/needs member/);
  });

  // A random balanced entry: amounts in cents over several accounts, the last line closing the sum.
  const entry = fc
    .array(fc.record({ member: fc.constantFrom('m1', 'm2', 'm3', null), cents: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }).filter((c) => c !== 0n) }), { minLength: 1, maxLength: 6 })
    .filter((parts) => parts.reduce((s, p) => s + p.cents, 0n) !== 0n)
    .map((parts): PostingLine[] => {
      const lines = parts.map((p) => ({ account: p.member ? capitalOf(p.member) : cash, amount: fromCents(p.cents) }));
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
            const key = `${l.account.kind.code}:${l.account.memberId ?? ''}`;
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

  it('reverses an entry back to zero on every account', () => {
    const lines = [line(cash, '1000.00'), line(capitalOf('m1'), '-600.00'), line(capitalOf('m2'), '-400.00')];
    const reversed = reversalLines(lines);
    expect(reversed.map((l) => l.amount.toString())).toEqual(['-1000', '600', '400']);
    expect(() => assertBalanced(reversed)).not.toThrow();
  });
});
