import { validate } from 'class-validator';
import { DomainError, ErrorCode } from 'src/common/errors/domain-error';

/** A parsed query string or urlencoded body; absent when a POST has no body. */
export type FormFields = Record<string, unknown> | undefined;

/** A field's text. A field sent more than once, or not at all, reads as empty. */
export function fieldOf(fields: FormFields, name: string): string {
  const value = fields?.[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Applies the GraphQL input class's rules (class-validator) to form values, so a page accepts
 * exactly what the API accepts; refuses with the first problem, in words.
 */
export async function assertValid<T extends object>(input: T, labels: Partial<Record<keyof T & string, string>>): Promise<void> {
  const [problem] = await validate(input);
  if (!problem) return;
  const label = labels[problem.property as keyof T & string] ?? problem.property;
  const message = (Object.values(problem.constraints ?? {})[0] ?? 'is not valid').replace(`${problem.property} `, '');
  throw new DomainError(ErrorCode.BAD_USER_INPUT, `${label} ${message}`);
}
