import Decimal from 'decimal.js';
import { ExactDecimal } from './decimal';

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * An exact rational number. Shares and tallies are sums of quotients (1/3 + 2/3 must be exactly 1,
 * and 3/4 must compare equal to 3/4), which no fixed-precision decimal guarantees.
 */
export class Fraction {
  static readonly ZERO = new Fraction(0n, 1n);
  static readonly ONE = new Fraction(1n, 1n);

  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den = 1n) {
    if (den === 0n) throw new RangeError('Fraction with a zero denominator');
    const sign = den < 0n ? -1n : 1n;
    const divisor = gcd(num, den) || 1n;
    this.num = (sign * num) / divisor;
    this.den = (sign * den) / divisor;
  }

  static of(value: bigint | number): Fraction {
    if (typeof value === 'number' && !Number.isInteger(value)) throw new RangeError('Fraction.of takes integers; use fromDecimal');
    return new Fraction(BigInt(value));
  }

  /** Exact conversion of a finite decimal. */
  static fromDecimal(value: Decimal | string): Fraction {
    const decimal = new ExactDecimal(value);
    const places = decimal.decimalPlaces();
    const scale = 10n ** BigInt(places);
    // Shifting by its own decimal places makes it an integer, printed without exponent (toExpPos 60).
    return new Fraction(BigInt(decimal.times(new ExactDecimal(10).pow(places)).toString()), scale);
  }

  /** Reads the `toString()` form back: "13/24", "-3/4" or "2". */
  static parse(text: string): Fraction {
    const match = /^(-?\d+)(?:\/(\d+))?$/.exec(text);
    if (!match) throw new RangeError(`"${text}" is not a fraction`);
    return new Fraction(BigInt(match[1]), BigInt(match[2] ?? '1'));
  }

  plus(other: Fraction): Fraction {
    return new Fraction(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  minus(other: Fraction): Fraction {
    return new Fraction(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  times(other: Fraction): Fraction {
    return new Fraction(this.num * other.num, this.den * other.den);
  }

  dividedBy(other: Fraction): Fraction {
    if (other.num === 0n) throw new RangeError('Division by zero');
    return new Fraction(this.num * other.den, this.den * other.num);
  }

  compare(other: Fraction): -1 | 0 | 1 {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  eq(other: Fraction): boolean {
    return this.compare(other) === 0;
  }
  gt(other: Fraction): boolean {
    return this.compare(other) > 0;
  }
  gte(other: Fraction): boolean {
    return this.compare(other) >= 0;
  }
  lt(other: Fraction): boolean {
    return this.compare(other) < 0;
  }
  isZero(): boolean {
    return this.num === 0n;
  }

  /** The value as a decimal, rounded half-even to `significantDigits` (exact when it terminates sooner). */
  toDecimal(significantDigits = 40): Decimal {
    return new ExactDecimal(this.num.toString()).dividedBy(this.den.toString()).toSignificantDigits(significantDigits);
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}
