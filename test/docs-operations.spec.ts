import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, DocumentNode, getNamedType, getVariableValues, GraphQLError, isInputType, Kind, OperationDefinitionNode, parse, typeFromAST, validate } from 'graphql';
import { isUuid } from 'src/common/validation/uuid';
import { costRefusal, shapeRefusal, tokenRefusal } from 'src/graphql/query-limits';

/**
 * Every ```graphql block in the guides, the API guide, the venture-commune page and the README must be a document that
 * parses and validates against schema.graphql, so what a reader pastes into GraphiQL works. A
 * ```json block right after a graphql block holds its variables: they must coerce to the
 * operation's variable types, and ID variables must be UUIDs (the server refuses anything else).
 * Each operation must also fit the server's default query limits.
 */
const ROOT = join(__dirname, '..');
const GUIDES = join(ROOT, 'docs', 'guides');
const GUIDE_FILES = ['docs/guides/member.md', 'docs/guides/licensee.md', 'docs/guides/coordinator.md'];
/** The server's defaults (src/config/config.ts) and page size (src/graphql/query-limit-hooks.ts). */
const LIMITS = { maxCost: 10_000, maxAliases: 100, maxTokens: 2_000 };
const DEFAULT_PAGE_SIZE = 20;

function documentedFiles(): string[] {
  const guides = readdirSync(GUIDES)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(GUIDES, name));
  return [...guides, join(ROOT, 'docs', 'api-guide.md'), join(ROOT, 'docs', 'venture-commune.md'), join(ROOT, 'README.md')];
}

interface Block {
  file: string;
  line: number;
  source: string;
  /** The text of the ```json block that follows it, if any. */
  variables?: string;
}

function graphqlBlocks(file: string): Block[] {
  const text = readFileSync(file, 'utf8');
  const blocks: Block[] = [];
  const fence = /^```(graphql|json)[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  let previousEnd = -1;
  for (let match = fence.exec(text); match; match = fence.exec(text)) {
    const [whole, language, body] = match;
    const line = text.slice(0, match.index).split('\n').length;
    const last = blocks[blocks.length - 1];
    if (language === 'graphql') {
      blocks.push({ file: relative(ROOT, file), line, source: body });
    } else if (last && previousEnd >= 0 && text.slice(previousEnd, match.index).trim() === '' && last.variables === undefined) {
      last.variables = body;
    } else {
      throw new Error(`${relative(ROOT, file)}:${line}: a json block must directly follow the graphql block whose variables it holds`);
    }
    previousEnd = language === 'graphql' ? match.index + whole.length : -1;
  }
  return blocks;
}

const schema = buildSchema(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
const files = documentedFiles();
const blocks = files.flatMap(graphqlBlocks);

function locate(block: Block, error: GraphQLError): string {
  const at = error.locations?.[0];
  return at ? ` (block line ${at.line}: ${block.source.split('\n')[at.line - 1]?.trim() ?? ''})` : '';
}

/** The ID-typed variables' values that are not UUIDs. */
function nonUuidIds(operation: OperationDefinitionNode, variables: Record<string, unknown>): string[] {
  const bad: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type) || getNamedType(type).name !== 'ID') continue;
    const value = variables[definition.variable.name.value];
    const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    for (const id of values) if (typeof id !== 'string' || !isUuid(id)) bad.push(`$${definition.variable.name.value} = ${JSON.stringify(id)} is not a UUID`);
  }
  return bad;
}

function problems(block: Block): string[] {
  let document: DocumentNode;
  try {
    document = parse(block.source);
  } catch (error) {
    return [error instanceof GraphQLError ? `${error.message}${locate(block, error)}` : String(error)];
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((error) => `${error.message}${locate(block, error)}`);

  let variables: Record<string, unknown> = {};
  if (block.variables !== undefined) {
    try {
      variables = JSON.parse(block.variables) as Record<string, unknown>;
    } catch (error) {
      return [`its variables are not JSON: ${String(error)}`];
    }
  }
  const found: string[] = [];
  const tokens = tokenRefusal(block.source, LIMITS.maxTokens);
  if (tokens) found.push(tokens);
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const usesVariables = operations.some((operation) => (operation.variableDefinitions ?? []).length > 0);
  if (block.variables !== undefined && !usesVariables) found.push('a json block follows it, but no operation declares variables');
  for (const operation of operations) {
    const name = operation.name?.value ?? '(anonymous)';
    const single: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation] };
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) {
      found.push(...coerced.errors.map((error) => `${name}: ${error.message}${block.variables === undefined ? ' (add a json block with its variables after the graphql block)' : ''}`));
      continue;
    }
    found.push(...nonUuidIds(operation, variables).map((message) => `${name}: ${message}`));
    const shape = shapeRefusal(single, LIMITS);
    if (shape) found.push(`${name}: ${shape}`);
    const cost = costRefusal({ schema, document: single, variables: coerced.coerced }, LIMITS.maxCost, DEFAULT_PAGE_SIZE);
    if (cost) found.push(`${name}: ${cost}`);
  }
  return found;
}

describe('GraphQL operations in the documentation', () => {
  it('finds the three guides, each with its operations', () => {
    const names = files.map((file) => relative(ROOT, file));
    expect(names).toEqual(expect.arrayContaining(GUIDE_FILES));
    for (const guide of GUIDE_FILES) expect(blocks.filter((block) => block.file === guide).length).toBeGreaterThan(3);
  });

  it.each(blocks.map((block) => [`${block.file}:${block.line}`, block] as const))(
    '%s parses, validates against schema.graphql and fits the default query limits',
    (_name, block) => {
      const found = problems(block);
      if (found.length > 0) throw new Error(`${block.file}:${block.line}: the graphql block starting here is wrong:\n${found.map((problem) => `  - ${problem}`).join('\n')}`);
    },
  );

  it('reports a block that does not match the schema, naming the file and line', () => {
    const broken: Block = { file: 'docs/example.md', line: 7, source: 'query Broken { cooperative(slug: "open-bakery") { nmae } }' };
    expect(problems(broken)).toEqual([expect.stringContaining('Cannot query field "nmae" on type "Cooperative"')]);
    const missing: Block = { file: 'docs/example.md', line: 9, source: 'query ($id: ID!) { member(id: $id) { id } }' };
    expect(problems(missing)).toEqual([expect.stringContaining('was not provided')]);
    const notUuid: Block = { ...missing, variables: '{ "id": "42" }' };
    expect(problems(notUuid)).toEqual([expect.stringContaining('is not a UUID')]);
  });
});
