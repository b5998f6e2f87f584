import { DECIMAL_PATTERN, formatCents, fromCents, toCents, toDecimal } from 'src/common/money/decimal';

describe('decimal text and money helpers', () => {
  it.each(['0', '611.11', '-3.5', '0.541666666666666666666666666667', '1000000000000'])('accepts %s', (text) => {
    expect(DECIMAL_PATTERN.test(text)).toBe(true);
  });

  it.each(['', '1e2', 'NaN', 'Infinity', '-Infinity', '1.', '.5', '+1', '1,5', ' 1', '0x10'])('refuses %j', (text) => {
    expect(DECIMAL_PATTERN.test(text)).toBe(false);
  });

  it('converts money to cents and back exactly', () => {
    expect(toCents(toDecimal('11000.00'))).toBe(1_100_000n);
    expect(toCents(toDecimal('-0.07'))).toBe(-7n);
    expect(fromCents(61112n).toString()).toBe('611.12');
    expect(() => toCents(toDecimal('0.001'))).toThrow(/more than 2 decimals/);
  });

  it('formats cents with exactly two decimals', () => {
    expect(formatCents(61110n)).toBe('611.10');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(-250n)).toBe('-2.50');
    expect(formatCents(0n)).toBe('0.00');
  });

  it('keeps at least 34 significant digits in ratios', () => {
    expect(toDecimal(13).dividedBy(24).toString()).toBe('0.541666666666666666666666666666666666666666666666666666666667');
  });
});
