export const PG_UNIQUE_VIOLATION = '23505';
export const PG_CHECK_VIOLATION = '23514';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK_DETECTED = '40P01';

export interface DatabaseError {
  code: string;
  constraint?: string;
}

/** TypeORM wraps driver errors in QueryFailedError, which copies the SQLSTATE `code` onto itself. */
export function isDatabaseError(error: unknown): error is DatabaseError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((error as { code: string }).code);
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return isDatabaseError(error) && error.code === PG_UNIQUE_VIOLATION && (!constraint || error.constraint === constraint);
}

/**
 * PostgreSQL refused a value the client sent: SQLSTATE class 22 (data exception: malformed, out of
 * range, too long, bad date) or a check constraint.
 */
export function isInputValueError(error: unknown): error is DatabaseError {
  return isDatabaseError(error) && (error.code.startsWith('22') || error.code === PG_CHECK_VIOLATION);
}

/** A client-safe explanation of an input value error: no SQL, constraint names or values. */
export function inputValueMessage(code: string): string {
  switch (code) {
    case '22001':
      return 'A text value is too long';
    case '22003':
      return 'A number is out of range';
    case '22007':
    case '22008':
      return 'A date or time is malformed or out of range';
    case '22P02':
    case '22021':
    case '22P05':
      return 'A value is malformed';
    case PG_CHECK_VIOLATION:
      return 'A value is not allowed here';
    default:
      return 'A value is not acceptable';
  }
}
