import { GraphQLError, Kind } from 'graphql';
import { isCalendarDate, LocalDateScalar } from './local-date.scalar';

describe('Date (a calendar day)', () => {
  it.each(['2026-01-31', '2024-02-29', '0001-01-01', '0099-12-31', '9999-12-31'])('accepts %s', (text) => {
    expect(isCalendarDate(text)).toBe(true);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '0000-01-01', '10000-01-01', '+010000-01-01', '-0001-01-01', '2026-01-31T00:00:00Z', '', '١٢٣٤-٠١-٠١'])(
    'refuses %j',
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
    },
  );

  it('refuses numbers and non-strings as BAD_USER_INPUT', () => {
    for (const run of [() => LocalDateScalar.parseValue(20260101), () => LocalDateScalar.parseLiteral({ kind: Kind.INT, value: '20260101' }), () => LocalDateScalar.parseValue('2026-02-30')]) {
      expect(run).toThrow(GraphQLError);
      try {
        run();
      } catch (error) {
        expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});
