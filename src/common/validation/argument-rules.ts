import { getNullableType, GraphQLArgument, GraphQLInputType, isInputObjectType, isListType, isNonNullType, isScalarType } from 'graphql';
import { FieldProblem } from 'src/common/errors/domain-error';
import { ScalarRule } from './scalar-rules';

type Rules = Readonly<Record<string, ScalarRule>>;

/** Whether values of this type can contain a scalar that has a rule (directly, in a list or in an input object). */
export function holdsRuledScalar(type: GraphQLInputType, rules: Rules, seen = new Set<GraphQLInputType>()): boolean {
  if (isNonNullType(type) || isListType(type)) return holdsRuledScalar(type.ofType, rules, seen);
  if (isScalarType(type)) return type.name in rules;
  if (!isInputObjectType(type) || seen.has(type)) return false;
  seen.add(type);
  return Object.values(type.getFields()).some((field) => holdsRuledScalar(field.type, rules, seen));
}

const join = (path: string, name: string | number) => (path ? `${path}.${name}` : String(name));

function collect(type: GraphQLInputType, value: unknown, path: string, rules: Rules, problems: FieldProblem[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return collect(type.ofType, value, path, rules, problems);
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, index) => collect(type.ofType, item, join(path, index), rules, problems));
    return;
  }
  if (isInputObjectType(type)) {
    const record = value as Record<string, unknown>;
    for (const field of Object.values(type.getFields())) collect(field.type, record[field.name], join(path, field.name), rules, problems);
    return;
  }
  const rule = isScalarType(type) ? rules[type.name] : undefined;
  const problem = rule && typeof value === 'string' ? rule(value) : undefined;
  if (problem) problems.push({ field: path, message: problem });
}

/**
 * The problems in a field's coerced argument values. Fields are named as the ValidationPipe names
 * them: relative to an input object argument ("title", "bylaws.voteWeights.founder"), otherwise by
 * the argument ("id", "optionIds.2").
 */
export function argumentProblems(args: readonly GraphQLArgument[], values: Record<string, unknown>, rules: Rules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const arg of args) {
    const root = isInputObjectType(getNullableType(arg.type)) ? '' : arg.name;
    collect(arg.type, values[arg.name], root, rules, problems);
  }
  return problems;
}
