import { buildSchema, parse } from 'graphql';
import { costRefusal, countTokens, documentShape, operationCost, shapeRefusal, tokenRefusal } from './query-limits';

const schema = buildSchema(`
  type Query { me: User!, cooperative(slug: String!): Cooperative }
  type User { id: ID!, email: String! }
  type Cooperative { name: String!, history: [Bylaws!]!, members(first: Int! = 20, after: String): MemberConnection!, maybe(first: Int): MemberConnection! }
  type Bylaws { version: Int! }
  type MemberConnection { totalCount: Int!, edges: [MemberEdge!]! }
  type MemberEdge { node: Member! }
  type Member { id: ID!, ballots(first: Int! = 20): MemberConnection! }
`);

const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) => operationCost({ schema, document: parse(query), variables, operationName }, 20, 1_000_000);
const aliases = (n: number, selection: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;

describe('token count', () => {
  it('counts tokens, not characters or comments', () => {
    expect(countTokens('{ me { id } }')).toBe(6);
    expect(countTokens('# a comment\n{ me { id } }  # another')).toBe(6);
    expect(countTokens('query ($s: String!) { cooperative(slug: $s) { name } }')).toBe(20);
  });

  it('stops counting just past the limit', () => {
    expect(countTokens(aliases(1000, 'me { id }'), 10)).toBe(11);
  });

  it('counts the tokens before a syntax error', () => {
    expect(countTokens('{ me { id } } ! ~ more')).toBe(7);
  });

  it('refuses a source over the limit, naming the variable', () => {
    expect(tokenRefusal(aliases(100, 'me { id }'), 200)).toBe('Query token count exceeds the limit of 200 (GRAPHQL_MAX_TOKENS)');
    expect(tokenRefusal(aliases(10, 'me { id }'), 200)).toBeUndefined();
  });

  it('lets a source shorter than the limit through without lexing it, and 0 turns the limit off', () => {
    expect(tokenRefusal('{ me { id } }', 13)).toBeUndefined();
    expect(tokenRefusal('{ me { id } }', 6)).toBeUndefined();
    expect(tokenRefusal('{ me { id } }', 5)).toBe('Query token count exceeds the limit of 5 (GRAPHQL_MAX_TOKENS)');
    expect(tokenRefusal(aliases(10_000, 'me { id }'), 0)).toBeUndefined();
  });
});

describe('document shape', () => {
  it('counts fields and aliases, fragments once', () => {
    const document = parse('query { me { id ...F } x: me { id } } fragment F on User { e: email, id }');
    expect(documentShape(document)).toEqual({ fields: 6, aliases: 2 });
  });

  it('counts inside inline fragments', () => {
    expect(documentShape(parse('{ me { ... on User { a: id b: email } } }'))).toEqual({ fields: 3, aliases: 2 });
  });

  it('refuses too many aliases with their count', () => {
    expect(shapeRefusal(parse(aliases(1500, 'me { id email }')), { maxAliases: 100, maxTokens: 0 })).toBe('Query alias count 1500 exceeds the limit of 100 (GRAPHQL_MAX_ALIASES)');
    expect(shapeRefusal(parse(aliases(100, 'me { id }')), { maxAliases: 100, maxTokens: 0 })).toBeUndefined();
  });

  it('refuses more fields than tokens allowed (a syntax tree sent as JSON is never lexed)', () => {
    expect(shapeRefusal(parse(`{ ${'me { id } '.repeat(60)} }`), { maxAliases: 0, maxTokens: 100 })).toBe('Query token count exceeds the limit of 100 (GRAPHQL_MAX_TOKENS)');
  });
});

describe('query cost', () => {
  it('costs 1 per field', () => {
    expect(cost('{ me { id email } }')).toBe(3);
    expect(cost('{ cooperative(slug: "x") { history { version } } }')).toBe(3);
  });

  it('multiplies the children of a page by its size, the schema default when absent', () => {
    // members: 1 + first × (totalCount + edges + node + id)
    expect(cost('{ cooperative(slug: "x") { members(first: 50) { totalCount edges { node { id } } } } }')).toBe(1 + 1 + 50 * 4);
    expect(cost('{ cooperative(slug: "x") { members { totalCount edges { node { id } } } } }')).toBe(1 + 1 + 20 * 4);
    expect(cost('{ cooperative(slug: "x") { maybe { totalCount } } }')).toBe(1 + 1 + 20 * 1);
  });

  it('multiplies nested pages, with sizes from variables', () => {
    const query = 'query ($n: Int!) { cooperative(slug: "x") { members(first: $n) { edges { node { ballots(first: $n) { totalCount } } } } } }';
    expect(cost(query, { n: 100 })).toBe(1 + 1 + 100 * (1 + 1 + (1 + 100 * 1)));
  });

  it('expands fragments and costs only the operation asked for', () => {
    const document = 'query Small { me { ...U } } query Big { cooperative(slug: "x") { members(first: 100) { totalCount } } } fragment U on User { id email }';
    expect(cost(document, undefined, 'Small')).toBe(3);
    expect(cost(document, undefined, 'Big')).toBe(102);
    expect(cost(document)).toBeUndefined();
  });

  it('refuses a cost over the limit with the cost and the variable', () => {
    const query = '{ cooperative(slug: "x") { members(first: 100) { edges { node { ballots(first: 100) { edges { node { id } } } } } } } }';
    expect(costRefusal({ schema, document: parse(query) }, 10_000, 20)).toBe('Query cost 30302 exceeds the limit of 10000 (GRAPHQL_MAX_COST)');
    expect(costRefusal({ schema, document: parse(query) }, 0, 20)).toBeUndefined();
  });

  it('stops costing a fragment bomb early and refuses it', () => {
    const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on User { a: id ...F${i + 1} b: email ...F${i + 1} }`).join(' ');
    const bomb = parse(`{ me { ...F0 } } ${fragments.replace(/\.\.\.F12/g, 'id')} `);
    expect(costRefusal({ schema, document: bomb }, 100, 20)).toBe('Query cost (more than 200 selections once fragments are expanded) exceeds the limit of 100 (GRAPHQL_MAX_COST)');
  });
});
