import { GraphQLError, Kind } from 'graphql';
import { DecimalScalar, parseDecimalText } from './decimal.scalar';

const code = (value: unknown) => {
  try {
    parseDecimalText(value);
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : 'crash';
  }
  return 'accepted';
};

describe('Decimal input', () => {
  it.each(['0', '611.11', '-5', '0.25', '9'.repeat(30), `0.${'0'.repeat(39)}1`])('accepts %s', (text) => {
    expect(parseDecimalText(text).toFixed()).toBe(text);
  });

  it.each([
    '1e999999',
    '1E3',
    'NaN',
    'Infinity',
    '-Infinity',
    '',
    ' 1',
    '1.',
    '.5',
    '+1',
    '0x10',
    '١٢',
    '-0',
    '-0.00',
    '9'.repeat(31),
    '9'.repeat(10_000),
    `1.${'0'.repeat(9_998)}1`,
  ])('refuses %s as BAD_USER_INPUT', (text) => {
    expect(code(text)).toBe('BAD_USER_INPUT');
  });

  it('refuses numbers, in variables and literals', () => {
    expect(code(1.5)).toBe('BAD_USER_INPUT');
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.5' })).toThrow(GraphQLError);
  });

  it('keeps the message short for huge input', () => {
    try {
      parseDecimalText('9'.repeat(10_000));
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(200);
    }
  });
});
