import { defaultFieldResolver, GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';
import { badInput } from 'src/common/errors/domain-error';
import { toGraphQLError } from 'src/common/errors/graphql-errors';
import { argumentProblems, holdsRuledScalar } from './argument-rules';
import { BUILT_IN_SCALAR_RULES, ScalarRule } from './scalar-rules';

type Resolver = GraphQLFieldResolver<unknown, unknown>;

/**
 * Makes every field whose arguments hold an ID or a String (directly, in lists or in input objects)
 * refuse bad values as BAD_USER_INPUT before its resolver (or subscribe function) runs. This checks
 * the values after coercion, so variables and inline literals, with or without graphql-jit, are
 * judged alike, and a refused mutation never reaches its service.
 *
 * The resolvers are wrapped in place: Nest hands `transformSchema` a schema it has just built.
 */
export function guardScalarArguments(schema: GraphQLSchema, rules: Readonly<Record<string, ScalarRule>> = BUILT_IN_SCALAR_RULES): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.some((arg) => holdsRuledScalar(arg.type, rules))) continue;
      const guarded = (next: Resolver): Resolver => (source, args: Record<string, unknown>, context, info) => {
        const problems = argumentProblems(field.args, args, rules);
        if (problems.length) throw toGraphQLError(badInput(problems));
        return next(source, args, context, info);
      };
      if (field.subscribe) field.subscribe = guarded(field.subscribe);
      else field.resolve = guarded(field.resolve ?? defaultFieldResolver);
    }
  }
  return schema;
}
