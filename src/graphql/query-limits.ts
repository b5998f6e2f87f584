import { DefinitionNode, DocumentNode, getOperationAST, GraphQLError, GraphQLSchema, Kind, Lexer, SelectionNode, Source, TokenKind } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/** Limits on one GraphQL document, checked before it runs; 0 turns a limit off. */
export interface QueryLimits {
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
}

/** The environment variable behind each limit, named in refusals so an operator knows what to raise. */
export const LIMIT_VARIABLES: Record<keyof QueryLimits, string> = {
  maxCost: 'GRAPHQL_MAX_COST',
  maxAliases: 'GRAPHQL_MAX_ALIASES',
  maxTokens: 'GRAPHQL_MAX_TOKENS',
};

const exceeds = (what: string, limit: keyof QueryLimits, max: number) => `${what} exceeds the limit of ${max} (${LIMIT_VARIABLES[limit]})`;

/** Tokens in a GraphQL source, counted up to `limit + 1` at most. Comments are not tokens (as in graphql-js's `maxTokens`). */
export function countTokens(source: string, limit = Infinity): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (count <= limit && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A syntax error: the parser will report it, and the tokens before it are all there is.
  }
  return count;
}

/** Why a source has too many tokens to be parsed, or undefined when it may be. */
export function tokenRefusal(source: string, maxTokens: number): string | undefined {
  // Every token is at least one character long, so a short source needs no lexing.
  if (maxTokens === 0 || source.length <= maxTokens) return undefined;
  return countTokens(source, maxTokens) > maxTokens ? exceeds('Query token count', 'maxTokens', maxTokens) : undefined;
}

export interface DocumentShape {
  fields: number;
  aliases: number;
}

/** Field selections and aliases written in a document (fragments counted once, where they are defined). */
export function documentShape(document: DocumentNode): DocumentShape {
  const shape = { fields: 0, aliases: 0 };
  const pending: (readonly SelectionNode[])[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) pending.push(definition.selectionSet.selections);
  }
  for (let selections = pending.pop(); selections; selections = pending.pop()) {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        shape.fields++;
        if (selection.alias) shape.aliases++;
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) pending.push(selection.selectionSet.selections);
    }
  }
  return shape;
}

/**
 * Why a parsed document is refused, or undefined. Mercurius also accepts a JSON syntax tree as the
 * query text, which the token count cannot see; a text document has at least one token per field,
 * so more fields than `maxTokens` means more tokens than that.
 */
export function shapeRefusal(document: DocumentNode, limits: Pick<QueryLimits, 'maxAliases' | 'maxTokens'>): string | undefined {
  const { fields, aliases } = documentShape(document);
  if (limits.maxTokens > 0 && fields > limits.maxTokens) return exceeds('Query token count', 'maxTokens', limits.maxTokens);
  if (limits.maxAliases > 0 && aliases > limits.maxAliases) return exceeds(`Query alias count ${aliases}`, 'maxAliases', limits.maxAliases);
  return undefined;
}

/**
 * Each field costs 1 plus its children; a field with a `first` argument (a page) multiplies its
 * children's cost by the page size, `defaultPageSize` when `first` has no value.
 */
export function pagedCostEstimator(defaultPageSize: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    if (!field.args.some((arg) => arg.name === 'first')) return 1 + childComplexity;
    const first: unknown = args.first;
    const pageSize = typeof first === 'number' && first >= 0 ? first : defaultPageSize;
    return 1 + pageSize * childComplexity;
  };
}

export interface CostedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/**
 * The cost of the operation that will run, or undefined when there is none to choose (execution
 * then reports it). Costing stops after `maxNodes` selections (fragments expanded), so a fragment
 * bomb cannot make the costing itself expensive: that throws a GraphQLError.
 */
export function operationCost({ schema, document, variables, operationName }: CostedOperation, defaultPageSize: number, maxNodes: number): number | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation) return undefined;
  const fragments = document.definitions.filter((definition: DefinitionNode) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return getComplexity({
    schema,
    query: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] },
    variables,
    estimators: [pagedCostEstimator(defaultPageSize)],
    maxQueryNodes: maxNodes,
  });
}

/** Why an operation costs too much to run, or undefined when it may run. */
export function costRefusal(operation: CostedOperation, maxCost: number, defaultPageSize: number): string | undefined {
  if (maxCost === 0) return undefined;
  // Every field selection costs at least 1; twice the budget leaves room for fragment spreads and @skip.
  const maxNodes = 2 * maxCost;
  let cost: number | undefined;
  try {
    cost = operationCost(operation, defaultPageSize, maxNodes);
  } catch (error) {
    if (error instanceof GraphQLError && error.message.startsWith('Query exceeds the maximum allowed number of nodes')) {
      return exceeds(`Query cost (more than ${maxNodes} selections once fragments are expanded)`, 'maxCost', maxCost);
    }
    throw error;
  }
  return cost !== undefined && cost > maxCost ? exceeds(`Query cost ${cost}`, 'maxCost', maxCost) : undefined;
}
