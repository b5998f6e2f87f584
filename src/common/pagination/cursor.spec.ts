import { decodeCursor, encodeCursor, INT_CURSOR, SEQ_CURSOR, UUID_CURSOR } from './cursor';

const refusal = (cursor: string, format = SEQ_CURSOR) => {
  try {
    decodeCursor(cursor, format);
  } catch (error) {
    return error as { code: string; fields: { field: string }[] };
  }
  throw new Error(`${cursor} was accepted`);
};

describe('cursors', () => {
  it('round-trips the keys it made', () => {
    expect(decodeCursor(encodeCursor('42'), SEQ_CURSOR)).toBe('42');
    expect(decodeCursor(encodeCursor('9223372036854775807'), SEQ_CURSOR)).toBe('9223372036854775807');
    expect(decodeCursor(encodeCursor('2147483647'), INT_CURSOR)).toBe('2147483647');
    const uuid = '0fbd6f97-7996-49b3-aba0-05c5989c16ff';
    expect(decodeCursor(encodeCursor(uuid), UUID_CURSOR)).toBe(uuid);
    expect(decodeCursor(null, SEQ_CURSOR)).toBeNull();
    expect(decodeCursor(undefined, SEQ_CURSOR)).toBeNull();
  });

  it.each([
    ['past the bigint range', encodeCursor('9223372036854775808'), SEQ_CURSOR],
    ['20 digits', encodeCursor('99999999999999999999'), SEQ_CURSOR],
    ['past the integer range', encodeCursor('2147483648'), INT_CURSOR],
    ['negative', encodeCursor('-1'), SEQ_CURSOR],
    ['leading zeros', encodeCursor('007'), SEQ_CURSOR],
    ['not digits', encodeCursor('1.5'), SEQ_CURSOR],
    ['empty key', encodeCursor(''), SEQ_CURSOR],
    ['an upper-case UUID', encodeCursor('0FBD6F97-7996-49B3-ABA0-05C5989C16FF'), UUID_CURSOR],
    ['a sequence for a UUID list', encodeCursor('12'), UUID_CURSOR],
    ['padded base64', 'MTA=', SEQ_CURSOR],
    ['standard base64 characters', Buffer.from('\u00ff\u00fe').toString('base64'), SEQ_CURSOR],
    ['stray characters', 'MTA!!', SEQ_CURSOR],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe]).toString('base64url'), SEQ_CURSOR],
  ])('refuses %s as BAD_USER_INPUT on `after`', (_label, cursor, format) => {
    const error = refusal(cursor, format);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.fields).toEqual([{ field: 'after', message: 'is not a cursor from this list' }]);
  });
});
