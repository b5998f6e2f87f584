import fc from 'fast-check';
import { getNamedType, GraphQLField, GraphQLInputType, GraphQLObjectType, GraphQLSchema, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType } from 'graphql';
import { inputValue, OMIT, ValueOptions } from './input-values';

interface ArgumentValue {
  name: string;
  type: GraphQLInputType;
  value: unknown;
}

/** One field in the request, with its arguments and the fields selected under it. */
export interface FieldCall {
  name: string;
  args: ArgumentValue[];
  leaf: boolean;
  children: FieldCall[];
}

export interface FuzzCase {
  operation: 'query' | 'mutation';
  root: string;
  /** The values travel inline in the document instead of as variables. */
  inline: boolean;
  document: string;
  variables: Record<string, unknown>;
}

type AnyField = GraphQLField<unknown, unknown>;

/** Fields under a type that take arguments, or lead to one within `depth` levels. */
function fieldsWorthSelecting(type: GraphQLObjectType, depth: number): AnyField[] {
  if (depth <= 0) return [];
  return Object.values(type.getFields()).filter((field) => {
    if (field.args.length) return true;
    const named = getNamedType(field.type);
    return isObjectType(named) && fieldsWorthSelecting(named, depth - 1).length > 0;
  });
}

function callOf(field: AnyField, depth: number, options: ValueOptions): fc.Arbitrary<FieldCall> {
  const args: fc.Arbitrary<ArgumentValue[]> = fc.tuple(...field.args.map((arg) => inputValue(arg.type, arg.name, options).map((value): ArgumentValue => ({ name: arg.name, type: arg.type, value }))));
  const named = getNamedType(field.type);
  const leaf = isLeafType(named);
  const candidates = isObjectType(named) ? fieldsWorthSelecting(named, depth) : [];
  const children: fc.Arbitrary<FieldCall[]> = fc.subarray(candidates, { maxLength: Math.min(2, candidates.length) }).chain((chosen) => fc.tuple(...chosen.map((child) => callOf(child, depth - 1, options))));
  return fc.record({ name: fc.constant(field.name), args, leaf: fc.constant(leaf), children });
}

function quoteString(value: string): string {
  // JSON string escapes are valid GraphQL string escapes.
  return JSON.stringify(value);
}

/** A value as a GraphQL literal, enum names bare where the type expects an enum. */
export function literal(value: unknown, type: GraphQLInputType | undefined): string {
  if (value === null || value === undefined) return 'null';
  const named = type && getNamedType(type);
  const itemType = type && (isNonNullType(type) ? type.ofType : type);
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, itemType && isListType(itemType) ? itemType.ofType : undefined)).join(', ')}]`;
  if (typeof value === 'string') return named && isEnumType(named) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : quoteString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quoteString(String(value));
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const fields = named && isInputObjectType(named) ? named.getFields() : {};
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== OMIT);
    return `{${entries.map(([key, v]) => `${key}: ${literal(v, fields[key]?.type)}`).join(', ')}}`;
  }
  return quoteString(typeof value === 'bigint' ? value.toString() : typeof value);
}

function render(call: FieldCall, inline: boolean, variables: Record<string, unknown>, definitions: string[]): string {
  const args = call.args
    .filter((arg) => arg.value !== OMIT)
    .map((arg) => {
      if (inline) return `${arg.name}: ${literal(arg.value, arg.type)}`;
      const variable = `v${definitions.length}`;
      definitions.push(`$${variable}: ${String(arg.type)}`);
      variables[variable] = arg.value;
      return `${arg.name}: $${variable}`;
    });
  const head = args.length ? `${call.name}(${args.join(', ')})` : call.name;
  if (call.leaf) return head;
  return `${head} { __typename ${call.children.map((child) => render(child, inline, variables, definitions)).join(' ')} }`;
}

export function toCase(operation: 'query' | 'mutation', call: FieldCall, inline: boolean): FuzzCase {
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const body = render(call, inline, variables, definitions);
  const header = definitions.length ? `${operation} Fuzz(${definitions.join(', ')})` : `${operation} Fuzz`;
  return { operation, root: call.name, inline, document: `${header} { ${body} }`, variables };
}

/**
 * Every query and every mutation with arguments, each case one root field with generated arguments
 * (and arguments of fields selected under it). Queries without arguments stay, for the fields with
 * arguments under them; mutations without any (logOutEverywhere) have nothing to fuzz and would
 * only log the fuzzing user out.
 */
export function fuzzCases(schema: GraphQLSchema, seeded: ValueOptions['seeded']): fc.Arbitrary<FuzzCase> {
  const roots: ['query' | 'mutation', AnyField][] = [
    ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((field): ['query', AnyField] => ['query', field]),
    ...Object.values(schema.getMutationType()?.getFields() ?? {})
      .filter((field) => field.args.length > 0)
      .map((field): ['mutation', AnyField] => ['mutation', field]),
  ];
  return fc
    .record({ root: fc.constantFrom(...roots), hostility: fc.constantFrom(0.03, 0.1, 0.25, 0.6), inline: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) })
    .chain(({ root: [operation, field], hostility, inline }) => callOf(field, 5, { seeded, hostility }).map((call) => toCase(operation, call, inline)));
}
