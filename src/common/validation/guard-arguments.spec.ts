import { buildSchema, execute, GraphQLError, GraphQLScalarType, GraphQLSchema, parse, subscribe } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { guardScalarArguments } from './guard-arguments';

const SDL = `
  input TitleInput { title: String!, ids: [ID!], nested: NestedInput }
  input NestedInput { note: String }
  type Thing { id: ID!, title: String! }
  type Query { thing(id: ID!): Thing, count(first: Int): Int }
  type Mutation { create(input: TitleInput!): Thing }
  type Subscription { changed(id: ID!): Thing }
`;
const ID = '0fbd6f97-7996-49b3-aba0-05c5989c16ff';

function guardedSchema(calls: string[]): GraphQLSchema {
  const schema = buildSchema(SDL);
  const fields = (type: string) => (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown; subscribe?: unknown }> }).getFields();
  fields('Query').thing.resolve = (_: unknown, args: { id: string }) => (calls.push(`thing ${args.id}`), { id: args.id, title: 'T' });
  fields('Mutation').create.resolve = (_: unknown, args: { input: { title: string } }) => (calls.push(`create ${args.input.title}`), { id: ID, title: args.input.title });
  fields('Subscription').changed.subscribe = () => (calls.push('subscribed'), (async function* () {})());
  return guardScalarArguments(schema);
}

type Run = (schema: GraphQLSchema, query: string, variables?: Record<string, unknown>) => Promise<{ data?: unknown; errors?: readonly GraphQLError[] }>;

const withGraphQLJs: Run = async (schema, query, variables) => execute({ schema, document: parse(query), variableValues: variables });
const withJit: Run = async (schema, query, variables) => {
  const compiled = compileQuery(schema, parse(query));
  if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled));
  return compiled.query(undefined, {}, variables);
};

describe.each([
  ['graphql-js', withGraphQLJs],
  ['graphql-jit', withJit],
])('guarded ID and String arguments with %s', (_engine, run) => {
  const refused = async (query: string, variables?: Record<string, unknown>) => {
    const calls: string[] = [];
    const result = await run(guardedSchema(calls), query, variables);
    expect(calls).toEqual([]);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    return result.errors![0];
  };

  it('lets good values through', async () => {
    const calls: string[] = [];
    const result = await run(guardedSchema(calls), 'query ($id: ID!) { thing(id: $id) { id } }', { id: ID });
    expect(result).toEqual({ data: { thing: { id: ID } } });
    expect(calls).toEqual([`thing ${ID}`]);
  });

  it('refuses a non-UUID ID in a variable and in a literal', async () => {
    const error = await refused('query ($id: ID!) { thing(id: $id) { id } }', { id: 'abc' });
    expect(error.extensions.fields).toEqual([{ field: 'id', message: '"abc" is not a valid ID (a UUID)' }]);
    await refused('{ thing(id: "abc") { id } }');
    await refused('{ thing(id: 42) { id } }');
  });

  it('refuses bad strings nested in input objects and lists, naming the field', async () => {
    const error = await refused('mutation ($input: TitleInput!) { create(input: $input) { id } }', { input: { title: 'ok', ids: [ID, 'x'], nested: { note: 'a\u0000' } } });
    expect(error.extensions.fields).toEqual([
      { field: 'ids.1', message: '"x" is not a valid ID (a UUID)' },
      { field: 'nested.note', message: 'must not contain NUL characters' },
    ]);
    await refused('mutation { create(input: { title: "   " }) { id } }');
    await refused('mutation ($input: TitleInput!) { create(input: $input) { id } }', { input: { title: '\ud800' } });
  });

  it('leaves fields without ID or String arguments alone', async () => {
    const schema = guardedSchema([]);
    expect(await run(schema, '{ count(first: 3) }')).toEqual({ data: { count: null } });
  });
});

describe('guarded subscriptions', () => {
  it('refuse a bad ID before subscribing', async () => {
    const calls: string[] = [];
    const result = await subscribe({ schema: guardedSchema(calls), document: parse('subscription { changed(id: "abc") { id } }') });
    expect(calls).toEqual([]);
    expect('errors' in result && result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('why not a replaced ID scalar', () => {
  it('graphql-jit coerces ID variables by name and never calls the replaced parseValue', async () => {
    const schema = buildSchema('type Query { thing(id: ID!): String }');
    const id = schema.getType('ID') as GraphQLScalarType;
    id.parseValue = () => {
      throw new GraphQLError('strict');
    };
    (schema.getQueryType()!.getFields().thing as { resolve?: unknown }).resolve = (_: unknown, args: { id: string }) => args.id;
    expect(await withJit(schema, 'query ($id: ID!) { thing(id: $id) }', { id: 'abc' })).toEqual({ data: { thing: 'abc' } });
  });
});
