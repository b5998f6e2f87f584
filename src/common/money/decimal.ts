import Decimal from 'decimal.js';
import { ValueTransformer } from 'typeorm';

/** One precision for the whole service: shares and ratios keep at least 34 significant digits. */
export const ExactDecimal = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });
export type ExactDecimal = Decimal;

/** Canonical decimal text: digits, an optional sign and an optional fraction; no exponent, no NaN. */
export const DECIMAL_PATTERN = /^-?\d{1,30}(\.\d{1,40})?$/;

export function toDecimal(value: string | number | Decimal): Decimal {
  return new ExactDecimal(value);
}

/** Minor units (cents) of a 2-decimal money amount. */
export function toCents(amount: Decimal): bigint {
  const cents = amount.times(100);
  if (!cents.isInteger()) throw new Error(`money amount ${amount.toString()} has more than 2 decimals`);
  return BigInt(cents.toString());
}

export function fromCents(cents: bigint): Decimal {
  return new ExactDecimal(cents.toString()).dividedBy(100);
}

/** Money as text with exactly two decimals, e.g. "611.10". */
export function formatMoney(amount: Decimal): string {
  return formatCents(toCents(amount));
}

export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** TypeORM transformer: `numeric` columns arrive as strings and leave as Decimal. */
export const decimalTransformer: ValueTransformer = {
  to: (value: Decimal | string | null | undefined) => (value == null ? value : value.toString()),
  from: (value: string | null) => (value == null ? value : new ExactDecimal(value)),
};
