import fc from 'fast-check';

/** Real records of the seeded cooperative, so fuzzed inputs get past "not found" and reach deeper checks. */
export interface SeededData {
  /** IDs by the argument or input field name that takes them (cooperativeId, memberId, …). */
  idsByName: Record<string, string[]>;
  slug: string;
  emails: string[];
}

const HUGE = 100_000;
const uuidV4 = fc.uuid({ version: 4 });

/** Values of the wrong JSON type for any input. */
export const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(0, -1, 1.5, 2 ** 53, true, false, 'text', [], ['a', 'b'], {}, { a: 1 });

const nastyText = fc.constantFrom(
  '',
  ' ',
  '   ',
  '\t\n\r',
  '\u00a0\u2003',
  '\u200b',
  '\ufeff',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '\udc00\ud800',
  'ok\ud83d',
  '\ud83d\ude00',
  'e\u0301',
  'x\ufe0f'.repeat(300),
  '\ud83d\ude00'.repeat(320),
  "'; DROP TABLE users; --",
  '%s%n%x',
  '${7*7}',
  '<script>alert(1)</script>',
  'null',
  '\\',
  '"',
  'x'.repeat(HUGE),
  ' '.repeat(HUGE),
  'é'.repeat(HUGE),
);

export const nastyString: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyText, weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 400 }), weight: 1 },
  { arbitrary: wrongType, weight: 1 },
);

const plausibleText = fc.oneof(fc.constantFrom('Open Bakery', 'A title', 'Some words.', 'Zoë & Søren', '2026', 'Q1'), fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== ''));

/** Cursors are base64url of a sort key: bigint sequences or UUIDs. */
const cursorKeys = fc.oneof(
  fc.constantFrom('0', '1', '20', '9223372036854775807', '9223372036854775808', '99999999999999999999', '-1', '007', '1.5', 'abc', '', ' ', '\u0000', '00000000-0000-0000-0000-000000000000'),
  uuidV4,
  uuidV4.map((u) => u.toUpperCase()),
  fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String),
);
const cursor = fc.oneof(
  { arbitrary: cursorKeys.map((key) => Buffer.from(key, 'utf8').toString('base64url')), weight: 4 },
  { arbitrary: cursorKeys.map((key) => Buffer.from(key, 'utf8').toString('base64')), weight: 1 },
  { arbitrary: fc.constantFrom('MTA', 'MTA=', 'MTA!!', '%%%', '....', 'x'.repeat(201), 'AAAA'), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('base64url')), weight: 1 },
);

function plausibleStringFor(name: string, seeded: SeededData): fc.Arbitrary<unknown> {
  switch (name) {
    case 'slug':
      return fc.oneof(fc.constant(seeded.slug), fc.stringMatching(/^[a-z0-9]{1,20}$/));
    case 'email':
      return fc.oneof(fc.constantFrom(...seeded.emails), fc.emailAddress());
    case 'currency':
      return fc.constantFrom('EUR', 'USD', 'eur', 'EURO');
    case 'period':
      return fc.constantFrom('2026', '2026-01', '2025-12', '2026-Q1', '2026-13');
    case 'password':
      return fc.constantFrom('correct horse battery', 'short', 'x'.repeat(201));
    case 'after':
      return cursor;
    default:
      return plausibleText;
  }
}

export function stringValue(name: string, seeded: SeededData): { plausible: fc.Arbitrary<unknown>; nasty: fc.Arbitrary<unknown> } {
  const nasty = name === 'after' ? fc.oneof(cursor, nastyString) : nastyString;
  return { plausible: plausibleStringFor(name, seeded), nasty };
}

export function idValue(name: string, seeded: SeededData): { plausible: fc.Arbitrary<unknown>; nasty: fc.Arbitrary<unknown> } {
  const all = Object.values(seeded.idsByName).flat();
  const named = seeded.idsByName[name] ?? [];
  const plausible = fc.oneof(
    { arbitrary: named.length ? fc.constantFrom(...named) : fc.constantFrom(...all), weight: 5 },
    { arbitrary: fc.constantFrom(...all), weight: 2 },
    { arbitrary: uuidV4, weight: 2 },
    { arbitrary: fc.uuid(), weight: 1 },
  );
  const nasty = fc.oneof(
    fc.constantFrom<unknown>(
      'not-a-uuid',
      '1',
      '0',
      '-1',
      '9223372036854775808',
      '',
      ' ',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
      '{12345678-1234-4234-8234-123456789012}',
      '12345678123442348234123456789012',
      '12345678-1234-4234-8234-1234567890123',
      '12345678-1234-4234-8234-12345678901\u0000',
      'x'.repeat(HUGE),
      42,
      2 ** 31,
      2 ** 53,
    ),
    fc.constantFrom(...all).map((id) => id.toUpperCase()),
    fc.constantFrom(...all).map((id) => ` ${id}`),
    nastyString,
  );
  return { plausible, nasty };
}

export function intValue(name: string): { plausible: fc.Arbitrary<unknown>; nasty: fc.Arbitrary<unknown> } {
  const plausible = name === 'first' ? fc.integer({ min: 1, max: 100 }) : fc.integer({ min: 0, max: 3650 });
  const nasty = fc.oneof(
    fc.constantFrom<unknown>(0, -1, 101, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 1e21, 1.5, '1', 'NaN', -0),
    fc.integer(),
    wrongType,
  );
  return { plausible, nasty };
}

export const floatValue = { plausible: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), nasty: fc.oneof(fc.constantFrom<unknown>(1e308, -1e308, 'NaN', 'Infinity'), wrongType) };

export const booleanValue = { plausible: fc.boolean(), nasty: fc.oneof(fc.constantFrom<unknown>('true', 1, 0, 'yes'), wrongType) };

export const decimalValue = {
  plausible: fc.constantFrom('1', '0.25', '0.5', '10.00', '100', '611.11', '0.10', '8', '3650', '0.01'),
  nasty: fc.oneof(
    fc.constantFrom<unknown>(
      '0',
      '-0',
      '-0.00',
      '-5',
      '1.005',
      '1e999999',
      '1E3',
      '-1e-999999',
      'NaN',
      '-NaN',
      'Infinity',
      '-Infinity',
      '',
      ' 1',
      '1 ',
      '1.',
      '.5',
      '+1',
      '0x10',
      '١٢',
      '1_000',
      '9'.repeat(10_000),
      `1.${'0'.repeat(9_998)}1`,
      '9'.repeat(30),
      '9'.repeat(31),
      `0.${'0'.repeat(39)}1`,
      '999999999999999999.99',
      '99999999999999999999.99',
      '1000000000000000',
      '999999999999999',
      '100.0001',
      1.5,
      100,
    ),
    fc.double().map(String),
    fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
    nastyString,
  ),
};

/** No date-time near now: a proposal closing mid-run would write outcome rows on its own. */
const farDateTime = fc.date({ min: new Date('2030-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
const pastDateTime = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('2020-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

export const dateTimeValue = {
  plausible: fc.oneof(farDateTime, pastDateTime, fc.constantFrom('2099-06-01T12:00:00Z', '2099-06-01T12:00:00.123+02:00')),
  nasty: fc.oneof(
    fc.constantFrom<unknown>(
      'not a date',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2099-06-01T25:00:00Z',
      '2099-06-01T12:60:00Z',
      '2099-06-01T12:00:60Z',
      '2099-06-01T12:00:00+25:00',
      '10000-01-01T00:00:00Z',
      '+010000-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '0001-01-01T00:00:00+01:00',
      '9999-12-31T23:59:59Z',
      '9999-12-31T23:59:59-01:00',
      '2099-06-01',
      '2099-06-01T12:00:00',
      '2099-06-01 12:00:00Z',
      'Tue, 01 Jun 2099 12:00:00 GMT',
      '0',
      '',
      1_700_000_000_000,
      -1,
      8.64e15 + 1,
    ),
    fc.string({ maxLength: 30 }),
    nastyString,
  ),
};

export const dateValue = {
  plausible: fc.constantFrom('2026-01-01', '2025-12-01', '2024-02-29', '2026-01-15', '2030-01-01', '2000-01-01'),
  nasty: fc.oneof(
    fc.constantFrom<unknown>(
      'not a date',
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-1-1',
      '0000-01-01',
      '0001-01-01',
      '0099-12-31',
      '9999-12-31',
      '10000-01-01',
      '+010000-01-01',
      '-0001-01-01',
      '2026-01-01T00:00:00Z',
      '',
      20260101,
      '١٢٣٤-٠١-٠١',
    ),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    nastyString,
  ),
};
