import { buildSchema, DocumentNode, GraphQLSchema, parse } from 'graphql';
import { MercuriusContext } from 'mercurius';
import { costDependsOnVariables, queryLimitHooks, requestedOperationName } from './query-limit-hooks';

const schema = buildSchema(`
  type Query { me: User!, members(first: Int! = 20): [User!]! }
  type User { id: ID!, friends(first: Int! = 20): [User!]! }
`);

type PreExecution = (schema: GraphQLSchema, document: DocumentNode, context: MercuriusContext, variables?: Record<string, unknown>) => void;
const contextFor = (body: unknown) => ({ reply: { request: { body } } }) as unknown as MercuriusContext;

describe('query limit hooks', () => {
  it('adds no hook for a limit at 0', () => {
    expect(queryLimitHooks({ maxCost: 0, maxAliases: 0, maxTokens: 0 })).toEqual({});
    expect(Object.keys(queryLimitHooks({ maxCost: 0, maxAliases: 10, maxTokens: 0 }))).toEqual(['preValidation', 'preSubscriptionExecution']);
  });

  it('refuses with BAD_USER_INPUT and HTTP 400', () => {
    const { preParsing } = queryLimitHooks({ maxCost: 0, maxAliases: 0, maxTokens: 5 }) as { preParsing: (schema: GraphQLSchema, source: string) => void };
    expect(() => preParsing(schema, '{ me { id } }')).toThrow(expect.objectContaining({ statusCode: 400, extensions: { code: 'BAD_USER_INPUT' } }));
    expect(() => preParsing(schema, '{ me }')).not.toThrow();
  });

  it('costs a document with variables on every request, so cheap variables once do not let dear ones through', () => {
    const preExecution = queryLimitHooks({ maxCost: 1000, maxAliases: 0, maxTokens: 0 }).preExecution as PreExecution;
    const document = parse('query ($n: Int!) { members(first: $n) { friends(first: $n) { id } } }');
    expect(() => preExecution(schema, document, contextFor({}), { n: 3 })).not.toThrow();
    expect(() => preExecution(schema, document, contextFor({}), { n: 100 })).toThrow('Query cost 10101 exceeds the limit of 1000 (GRAPHQL_MAX_COST)');
  });

  it('remembers the verdict of a document whose variables cannot change its cost, per operation name', () => {
    const preExecution = queryLimitHooks({ maxCost: 1000, maxAliases: 0, maxTokens: 0 }).preExecution as PreExecution;
    const document = parse('query Cheap($id: ID!) { me { id } } query Dear($id: ID!) { members(first: 100) { friends(first: 100) { id } } }');
    expect(() => preExecution(schema, document, contextFor({ operationName: 'Cheap' }), { id: '1' })).not.toThrow();
    expect(() => preExecution(schema, document, contextFor({ operationName: 'Dear' }), { id: '1' })).toThrow(/Query cost 10101/);
    expect(() => preExecution(schema, document, contextFor({ operationName: 'Dear' }), { id: '2' })).toThrow(/Query cost 10101/);
    expect(() => preExecution(schema, document, contextFor({ operationName: 'Cheap' }), { id: '2' })).not.toThrow();
  });

  it('tells which documents can change cost with their variables: page sizes and @skip/@include conditions', () => {
    expect(costDependsOnVariables(parse('query ($n: Int!) { members(first: $n) { id } }'))).toBe(true);
    expect(costDependsOnVariables(parse('query ($s: Boolean!) { members { friends @skip(if: $s) { id } } }'))).toBe(true);
    expect(costDependsOnVariables(parse('mutation ($input: CastVoteInput!) { castVote(input: $input) { id } }'))).toBe(false);
    expect(costDependsOnVariables(parse('query ($id: ID!) { members(first: 5) { friends { id } } }'))).toBe(false);
  });

  it('costs the operation the request names', () => {
    const preExecution = queryLimitHooks({ maxCost: 1000, maxAliases: 0, maxTokens: 0 }).preExecution as PreExecution;
    const document = parse('query Cheap { me { id } } query Dear { members(first: 100) { friends(first: 100) { id } } }');
    expect(() => preExecution(schema, document, contextFor({ operationName: 'Cheap' }))).not.toThrow();
    expect(() => preExecution(schema, document, contextFor({ operationName: 'Dear' }))).toThrow(/GRAPHQL_MAX_COST/);
  });
});

describe('the operation a request names', () => {
  it('comes from the body, then the query string', () => {
    expect(requestedOperationName({ body: { operationName: 'A' }, query: { operationName: 'B' } })).toBe('A');
    expect(requestedOperationName({ body: undefined, query: { operationName: 'B' } })).toBe('B');
    expect(requestedOperationName({ body: { operationName: null } })).toBeUndefined();
    expect(requestedOperationName(undefined)).toBeUndefined();
  });
});
