import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { ErrorCode } from 'src/common/errors/domain-error';
import { calendarDate, inYearRange } from './calendar';

/** RFC 3339 date-time: a date, a time with seconds and an optional fraction, and a zone (Z or ±hh:mm). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * The instant a date-time text names, or undefined when it is not a real one: no 2026-02-30, no
 * 24:00, no offsets past ±23:59, years 0001 to 9999 both as written and at UTC (so the instant
 * always prints back as a four-digit ISO-8601 year).
 */
export function parseDateTime(text: string): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const [offsetHours, offsetMinutes] = [Number(match[10] ?? 0), Number(match[11] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const date = calendarDate(year, month, day);
  if (!date) return undefined;
  const offset = (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const instant = new Date(date.getTime() + ((hour * 60 + minute - offset) * 60 + second) * 1000 + milliseconds);
  return inYearRange(instant) ? instant : undefined;
}

function invalid(value: unknown): GraphQLError {
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : 'A non-string value';
  return new GraphQLError(`${shown} is not a date-time: write RFC 3339 with a zone, e.g. "2026-01-31T09:00:00Z"`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

function parse(value: unknown): Date {
  const date = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (!date) throw invalid(value);
  return date;
}

/**
 * Replaces @nestjs/graphql's DateTime (which turned any text into a Date, "Invalid Date" included)
 * under the same name and description. Output is ISO-8601 at UTC, as before.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  serialize(value: unknown): string {
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime fields must be produced as valid Date values');
    return date.toISOString();
  },
});
