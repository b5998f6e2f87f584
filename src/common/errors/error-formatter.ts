import { defaultErrorFormatter, MercuriusContext } from 'mercurius';
import { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { ensureErrorCodes } from './error-codes';

type Execution = ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>;

/** Mercurius's formatter, then a code on every error. */
export function errorFormatter(execution: Execution, context: MercuriusContext): { statusCode: number; response: FormattedExecutionResult } {
  const formatted = defaultErrorFormatter(execution, context);
  return { statusCode: formatted.statusCode, response: { ...formatted.response, errors: ensureErrorCodes(formatted.response.errors ?? []) } };
}
