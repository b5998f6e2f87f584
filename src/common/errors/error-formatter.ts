import { defaultErrorFormatter, MercuriusContext } from 'mercurius';
import { ExecutionResult, FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './domain-error';

type Execution = ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>;

/**
 * Every error leaves with an `extensions.code`. Errors without a path never reached a resolver:
 * they are parse, validation or variable-coercion failures (a bad Decimal, say), so they are
 * the client's input errors. The exception filter already coded every resolver error.
 */
export function errorFormatter(execution: Execution, context: MercuriusContext): { statusCode: number; response: FormattedExecutionResult } {
  const formatted = defaultErrorFormatter(execution, context);
  const errors = (formatted.response.errors ?? []).map((error): GraphQLFormattedError => {
    if (typeof error.extensions?.code === 'string') return error;
    if (!error.path) return { ...error, extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT } };
    return { message: 'Internal server error', path: error.path, locations: error.locations, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  });
  return { statusCode: formatted.statusCode, response: { ...formatted.response, errors } };
}
