import { badInput } from 'src/common/errors/domain-error';

/** Cursors are opaque to clients: the base64url of the sort key. */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** The sort keys a list can have; a cursor decoding to anything else is refused. */
export interface KeyFormat {
  test(key: string): boolean;
}

/**
 * The sort key in a cursor, or null for the first page. Only what encodeCursor makes is accepted
 * (canonical base64url of UTF-8, no padding), and only keys of the list's format and range, so a
 * forged cursor is BAD_USER_INPUT and never reaches PostgreSQL as an out-of-range value.
 */
export function decodeCursor(cursor: string | null | undefined, format: KeyFormat): string | null {
  if (cursor == null) return null;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (encodeCursor(key) !== cursor || !format.test(key)) throw badInput([{ field: 'after', message: 'is not a cursor from this list' }]);
  return key;
}

/** Non-negative integers written canonically (no sign, no leading zeros), up to `max`. */
export function integerKeyFormat(max: bigint): KeyFormat {
  return { test: (key) => /^(0|[1-9]\d{0,18})$/.test(key) && BigInt(key) <= max };
}

/** Sort keys that are bigint sequence numbers. */
export const SEQ_CURSOR: KeyFormat = integerKeyFormat(9223372036854775807n);

/** Sort keys that are integer (int4) numbers, such as journal line numbers. */
export const INT_CURSOR: KeyFormat = integerKeyFormat(2147483647n);

/** Sort keys that are UUIDs, as PostgreSQL prints them (lower case). */
export const UUID_CURSOR: KeyFormat = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
