import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { ErrorCode } from 'src/common/errors/domain-error';
import { calendarDate } from './calendar';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD, years 0001 to 9999 (no 2026-02-30, no 0000-01-01). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  return !!match && calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) !== undefined;
}

function parse(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : 'A non-string value';
    throw new GraphQLError(`${shown} is not a calendar date written YYYY-MM-DD`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  }
  return value;
}

/** A calendar day without time or zone, e.g. "2026-01-31". */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  serialize: (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : parse(value)),
});
