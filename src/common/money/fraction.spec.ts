import fc from 'fast-check';
import { Fraction } from './fraction';

describe('Fraction', () => {
  it('adds thirds to exactly one, which no decimal can', () => {
    const third = Fraction.ONE.dividedBy(Fraction.of(3));
    expect(third.plus(third).plus(third).eq(Fraction.ONE)).toBe(true);
  });

  it('normalises sign and common factors', () => {
    expect(new Fraction(6n, -8n).toString()).toBe('-3/4');
    expect(new Fraction(0n, 5n).toString()).toBe('0');
  });

  it('converts decimals exactly and back', () => {
    expect(Fraction.fromDecimal('0.25').toString()).toBe('1/4');
    expect(Fraction.fromDecimal('-12.5').toString()).toBe('-25/2');
    expect(Fraction.fromDecimal('100').toString()).toBe('100');
    expect(new Fraction(13n, 24n).toDecimal().toString()).toBe('0.5416666666666666666666666666666666666667');
    expect(new Fraction(5n, 24n).toDecimal(34).toString()).toBe('0.2083333333333333333333333333333333');
  });

  it('compares exactly at the thresholds', () => {
    const half = new Fraction(1n, 2n);
    expect(new Fraction(2n, 4n).gt(half)).toBe(false);
    expect(new Fraction(2n, 4n).gte(half)).toBe(true);
    expect(new Fraction(500000000000000000001n, 1000000000000000000000n).gt(half)).toBe(true);
  });

  it('parses its own text form', () => {
    expect(Fraction.parse('13/24').eq(new Fraction(13n, 24n))).toBe(true);
    expect(Fraction.parse('-2').toString()).toBe('-2');
    expect(() => Fraction.parse('0.5')).toThrow(RangeError);
  });

  it('refuses a zero denominator', () => {
    expect(() => new Fraction(1n, 0n)).toThrow(RangeError);
    expect(() => Fraction.ONE.dividedBy(Fraction.ZERO)).toThrow(RangeError);
  });

  it('is a field: (a + b) × c = a×c + b×c and (a / b) × b = a', () => {
    const frac = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 9n })).map(([n, d]) => new Fraction(n, d));
    fc.assert(
      fc.property(frac, frac, frac, (a, b, c) => {
        expect(a.plus(b).times(c).eq(a.times(c).plus(b.times(c)))).toBe(true);
        if (!b.isZero()) expect(a.dividedBy(b).times(b).eq(a)).toBe(true);
      }),
    );
  });
});
