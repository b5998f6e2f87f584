import { defaultErrorFormatter, MercuriusContext } from 'mercurius';
import { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { ensureErrorCodes, withoutSuggestions } from './error-codes';

type Execution = ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>;
type ErrorFormatter = (execution: Execution, context: MercuriusContext) => { statusCode: number; response: FormattedExecutionResult };

/** Mercurius's formatter, then a code on every error, and (unless `suggestions`) no "Did you mean …?". */
export function createErrorFormatter({ suggestions }: { suggestions: boolean }): ErrorFormatter {
  return (execution, context) => {
    const formatted = defaultErrorFormatter(execution, context);
    const errors = ensureErrorCodes(formatted.response.errors ?? []);
    return { statusCode: formatted.statusCode, response: { ...formatted.response, errors: suggestions ? errors : withoutSuggestions(errors) } };
  };
}

/** The development formatter: suggestions kept. */
export const errorFormatter = createErrorFormatter({ suggestions: true });
