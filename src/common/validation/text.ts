import { registerDecorator, ValidationOptions } from 'class-validator';
import { characterCount, isBlank, unstorableTextProblem } from './text-rules';

export interface TextRule {
  /** At most this many characters, counted as PostgreSQL counts them. */
  max: number;
  /** Accept '' (never whitespace alone), for optional free text such as a description. */
  allowEmpty?: boolean;
}

/** What is wrong with a text field's value under the rule, or undefined. One message, so a field is reported once. */
export function textFieldProblem(value: unknown, rule: TextRule): string | undefined {
  if (typeof value !== 'string') return 'must be text';
  if (value === '' && rule.allowEmpty) return undefined;
  if (isBlank(value)) return 'must not be blank';
  if (characterCount(value) > rule.max) return `must be at most ${rule.max} characters`;
  return unstorableTextProblem(value);
}

/**
 * A free-text field (a name, title, description): a string, not blank, at most `max` characters.
 * Use with @IsOptional() when the field may be omitted.
 */
export function Text(rule: TextRule, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'text',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => textFieldProblem(value, rule) === undefined,
        // With `each`, class-validator passes the whole array here: report its first bad item.
        defaultMessage: (args) => {
          const values: unknown[] = options?.each && Array.isArray(args?.value) ? args.value : [args?.value];
          return values.map((value) => textFieldProblem(value, rule)).find((problem) => problem !== undefined) ?? 'must be text';
        },
      },
    });
}
