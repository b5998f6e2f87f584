import { isBlank, unstorableTextProblem } from './text-rules';
import { isUuid } from './uuid';

/** A rule on the value of a scalar argument: a problem to report, or undefined when it is fine. */
export type ScalarRule = (value: string) => string | undefined;

/** The value, quoted and cut short, for an error message. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Every ID in this schema is a UUID (any version, either case). */
export function idProblem(value: string): string | undefined {
  return isUuid(value) ? undefined : `${quoted(value)} is not a valid ID (a UUID)`;
}

/** Any string: storable, and not whitespace alone unless empty (whether empty is allowed is each field's rule). */
export function stringProblem(value: string): string | undefined {
  return unstorableTextProblem(value) ?? (value !== '' && isBlank(value) ? 'must not be blank (only whitespace)' : undefined);
}

/**
 * Rules for the built-in scalars, which cannot carry them in their own parseValue: graphql-jit
 * coerces variables of the types named ID and String inline, by name, without calling the
 * schema's scalar (graphql-jit/dist/variables.js), so a replaced scalar would only hold until a
 * query is compiled.
 */
export const BUILT_IN_SCALAR_RULES: Readonly<Record<string, ScalarRule>> = { ID: idProblem, String: stringProblem };
