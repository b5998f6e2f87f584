import { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './domain-error';

/**
 * Every error leaves with an `extensions.code`. Errors without a path never reached a resolver:
 * they are parse, validation or variable-coercion failures (a bad Decimal, say), so they are the
 * client's input errors. The exception filter codes resolver errors; anything still uncoded with a
 * path is a bug, and its message may hold internals, so it is replaced.
 */
export function ensureErrorCodes(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  return errors.map((error) => {
    if (typeof error.extensions?.code === 'string') return error;
    if (!error.path) return { ...error, extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT } };
    return { message: 'Internal server error', path: error.path, locations: error.locations, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  });
}

/** graphql-js appends " Did you mean …?" naming schema fields, types, arguments or enum values. */
const SUGGESTION = / Did you mean [^?]*\?/g;

/** The same errors without schema suggestions, which would map the schema for a stranger (production). */
export function withoutSuggestions(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  return errors.map((error) => (error.message.includes(' Did you mean ') ? { ...error, message: error.message.replace(SUGGESTION, '') } : error));
}
