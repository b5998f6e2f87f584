import { conflict, DomainError, ErrorCode } from 'src/common/errors/domain-error';
import { inputValueMessage, isDatabaseError, isInputValueError, PG_UNIQUE_VIOLATION } from 'src/database/pg-errors';

/** The refusal an error stands for (as the GraphQL filter reads it), or undefined when it is unexpected. */
export function refusalOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  // A unique constraint caught a race that the service's own check could not see.
  if (isDatabaseError(error) && error.code === PG_UNIQUE_VIOLATION) return conflict('This record already exists');
  // PostgreSQL refused a value the form sent (a NUL byte in an address, say).
  if (isInputValueError(error)) return new DomainError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${inputValueMessage(error.code)}`);
  return undefined;
}

export { httpStatusOf as statusOf } from 'src/common/errors/domain-error';

/** The link is unknown, expired, used or no longer applies: showing its form again cannot help. */
export const linkIsSpent = (refusal: DomainError): boolean => refusal.code === ErrorCode.NOT_FOUND || refusal.code === ErrorCode.CONFLICT;
