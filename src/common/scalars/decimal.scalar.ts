import Decimal from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DECIMAL_PATTERN, ExactDecimal } from 'src/common/money/decimal';
import { ErrorCode } from 'src/common/errors/domain-error';

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

/**
 * What the scalar hands to resolvers. The ValidationPipe runs class-transformer over every input,
 * which re-creates class instances with a no-argument `new value.constructor()` and copies their
 * fields; plain Decimal throws on that, this subclass starts from 0 and ends up an exact copy.
 */
export class InputDecimal extends ExactDecimal {
  constructor(value?: Decimal.Value) {
    super(value ?? 0);
  }
}

const NEGATIVE_ZERO = /^-0+(\.0+)?$/;

/**
 * Parses decimal text strictly: at most 30 integer and 40 fractional digits, no exponent, NaN,
 * Infinity, empty string, number literal or negative zero.
 */
export function parseDecimalText(value: unknown): Decimal {
  if (typeof value !== 'string') throw invalid('Decimal values are strings, e.g. "611.11"');
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (!DECIMAL_PATTERN.test(value)) throw invalid(`${shown} is not a plain decimal number (at most 30 digits before the point and 40 after)`);
  if (NEGATIVE_ZERO.test(value)) throw invalid(`${shown} is a negative zero: write 0`);
  return new InputDecimal(value);
}

/** Exact decimals travel as strings so no float ever touches money or ratios. */
export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "611.11" or "0.541666666666666666666666666667".',
  parseValue: parseDecimalText,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid('Decimal values are strings, e.g. "611.11"');
    return parseDecimalText(ast.value);
  },
  serialize(value: unknown): string {
    if (value instanceof Decimal) return value.toString();
    if (typeof value === 'string' && DECIMAL_PATTERN.test(value)) return value;
    throw new GraphQLError('Decimal fields must be produced as decimal.js values or decimal strings');
  },
});
