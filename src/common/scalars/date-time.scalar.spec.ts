import { GraphQLError, Kind } from 'graphql';
import { DateTimeScalar, parseDateTime } from './date-time.scalar';

const parsed = (text: string) => parseDateTime(text)?.toISOString();

describe('DateTime', () => {
  it.each([
    ['2026-01-31T09:00:00Z', '2026-01-31T09:00:00.000Z'],
    ['2026-01-31T09:00:00.123456789Z', '2026-01-31T09:00:00.123Z'],
    ['2026-01-31t09:00:00z', '2026-01-31T09:00:00.000Z'],
    ['2026-01-31T10:30:00+01:30', '2026-01-31T09:00:00.000Z'],
    ['2026-01-31T00:00:00-05:00', '2026-01-31T05:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parsed(text)).toBe(iso);
  });

  it.each([
    'not a date',
    '',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-31T24:00:00Z',
    '2026-01-31T12:60:00Z',
    '2026-01-31T12:00:60Z',
    '2026-01-31T12:00:00+24:00',
    '2026-01-31T12:00:00',
    '2026-01-31',
    '2026-01-31 12:00:00Z',
    '2026-01-31T12:00Z',
    '0000-01-01T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '+010000-01-01T00:00:00.000Z',
    '-000001-01-01T00:00:00.000Z',
    '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:59:59-01:00',
    'Tue, 01 Jun 2099 12:00:00 GMT',
    '2026-01-31T12:00:00.Z',
  ])('refuses %j', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });

  it('refuses as BAD_USER_INPUT, for variables and literals, numbers included', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof GraphQLError ? error.extensions.code : 'not a GraphQLError';
      }
      return 'accepted';
    };
    expect(codeOf(() => DateTimeScalar.parseValue('not a date'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => DateTimeScalar.parseValue(1_700_000_000_000))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1700000000000' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-02-30T00:00:00Z' }))).toBe('BAD_USER_INPUT');
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-01-31T09:00:00Z' })).toEqual(new Date('2026-01-31T09:00:00Z'));
  });

  it('writes ISO-8601 at UTC', () => {
    expect(DateTimeScalar.serialize(new Date('2026-01-31T10:30:00+01:30'))).toBe('2026-01-31T09:00:00.000Z');
    expect(() => DateTimeScalar.serialize(new Date('nope'))).toThrow(GraphQLError);
  });
});
