import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, GraphQLField, GraphQLObjectType, GraphQLSchema, isObjectType } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GraphQLErrorShape } from './harness';

/**
 * Helpers for test/authorization-matrix.spec.ts: who is asking (personas), what the table expects
 * of each (cells), how a cell is sent (HTTP or graphql-ws) and judged.
 */

/** In order of privilege; anonymous sends no token. */
export const PERSONAS = ['anonymous', 'outsider', 'licensee', 'member', 'coordinator', 'admin'] as const;
export type Persona = (typeof PERSONAS)[number];

export type Denial = 'UNAUTHENTICATED' | 'FORBIDDEN';
/**
 * ALLOWED: the request passed the access check: no error, or CONFLICT (a state refusal, e.g. an
 * earlier persona already did it). ALLOWED_NOT_FOUND: passed the access check and was refused
 * because the token in its arguments is bogus; only for operations where the token, not the
 * caller, is the credential.
 */
export type Cell = Denial | 'ALLOWED' | 'ALLOWED_NOT_FOUND';
export type Row = Record<Persona, Cell>;

const isDenial = (cell: Cell): cell is Denial => cell === 'UNAUTHENTICATED' || cell === 'FORBIDDEN';

function row(anonymous: Cell, outsider: Cell, licensee: Cell, member: Cell, coordinator: Cell, admin: Cell): Row {
  return { anonymous, outsider, licensee, member, coordinator, admin };
}

const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const A = 'ALLOWED';

/** The rows the access rules give; each table entry names one. */
export const ROWS = {
  /** Sign-up, log-in, password reset, verification, the public description of a cooperative. */
  PUBLIC: row(A, A, A, A, A, A),
  /** Public, with a bogus token: the token, not the caller, is the credential. */
  PUBLIC_BOGUS_TOKEN: row('ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND'),
  /** Any logged-in account, about itself. */
  SIGNED_IN: row(U, A, A, A, A, A),
  /** A logged-in caller with a bogus token. */
  SIGNED_IN_BOGUS_TOKEN: row(U, 'ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND', 'ALLOWED_NOT_FOUND'),
  /** Nobody but someone none of the personas is (another applicant, another invited address, …). */
  NOBODY: row(U, F, F, F, F, F),
  MEMBERS: row(U, F, F, A, A, A),
  COORDINATORS: row(U, F, F, F, A, A),
  /** Coordinators, and the licensee's own account. */
  COORDINATORS_AND_LICENSEE: row(U, F, A, F, A, A),
  ADMINS: row(U, F, F, F, F, A),
} satisfies Record<string, Row>;

/** The personas of a row with its denials first, so that no allowed persona changes state before a denial is checked. */
export function denialsFirst(cells: Row): Persona[] {
  return [...PERSONAS.filter((p) => isDenial(cells[p])), ...PERSONAS.filter((p) => !isDenial(cells[p]))];
}

/** What a cell got: the errors of the response (none: a success). */
export interface Outcome {
  errors: GraphQLErrorShape[];
}

const codeOf = (error: GraphQLErrorShape) => error.extensions?.code ?? 'NO_CODE';

/** A short description of an outcome, for mismatch reports. */
export function describeOutcome(outcome: Outcome): string {
  if (!outcome.errors.length) return 'success';
  const first = outcome.errors[0];
  const path = (first as { path?: unknown[] }).path;
  return `${[...new Set(outcome.errors.map(codeOf))].join('+')} "${first.message}"${path ? ` at ${path.join('.')}` : ''}`;
}

/**
 * Null when the outcome agrees with the cell, otherwise why not. A denial must be exactly that code
 * (on every error); ALLOWED tolerates only CONFLICT: NOT_FOUND or BAD_USER_INPUT means the test
 * sent arguments that do not fit its fixture, which would hide the access check.
 */
export function judge(cell: Cell, outcome: Outcome): string | null {
  const codes = outcome.errors.map(codeOf);
  if (isDenial(cell)) {
    if (!codes.length) return 'it succeeded';
    return codes.every((c) => c === cell) ? null : 'it failed differently';
  }
  if (cell === 'ALLOWED_NOT_FOUND') return codes.length && codes.every((c) => c === 'NOT_FOUND') ? null : 'expected the bogus token to be NOT_FOUND';
  const denied = codes.find((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN');
  if (denied) return 'it was denied';
  const other = codes.find((c) => c !== 'CONFLICT');
  if (other === 'NOT_FOUND' || other === 'BAD_USER_INPUT') return `${other} means the test's arguments do not fit its fixture (a test bug)`;
  if (other) return `an unexpected ${other}`;
  return null;
}

export interface Mismatch {
  operation: string;
  persona: Persona;
  expected: Cell;
  got: Outcome;
  why: string;
}

export function report(mismatches: Mismatch[], checked: number): string {
  const lines = mismatches.map((m) => `  - ${m.operation} × ${m.persona}: expected ${m.expected}, got ${describeOutcome(m.got)} (${m.why})`);
  return `${mismatches.length} of ${checked} cells disagree with the table:\n${lines.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------
// The schema's root operations, and a small document for each.

export function loadSchema(): GraphQLSchema {
  return buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));
}

export type RootKind = 'query' | 'mutation' | 'subscription';

export interface RootOperation {
  kind: RootKind;
  field: GraphQLField<unknown, unknown>;
}

/** Every root field of the schema by name (names are unique across the three root types). */
export function rootOperations(schema: GraphQLSchema): Map<string, RootOperation> {
  const roots: [RootKind, GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  const operations = new Map<string, RootOperation>();
  for (const [kind, type] of roots) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (operations.has(field.name)) throw new Error(`${field.name} is a root field of two operation types; key the table by type`);
      operations.set(field.name, { kind, field });
    }
  }
  return operations;
}

/**
 * `mutation ($id: ID!) { closeProposal(id: $id) { __typename id } }`: the field with the arguments
 * given (by variable, typed from the schema), selecting `__typename` (and `id` where the type has
 * one) of an object result, nothing of a scalar.
 */
export function documentFor({ kind, field }: RootOperation, argumentNames: string[]): string {
  const args = field.args.filter((a) => argumentNames.includes(a.name));
  const unknown = argumentNames.filter((name) => !field.args.some((a) => a.name === name));
  if (unknown.length) throw new Error(`${field.name} has no argument ${unknown.join(', ')}`);
  const definitions = args.length ? ` (${args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')})` : '';
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const type = getNamedType(field.type);
  const selection = isObjectType(type) ? (type.getFields().id ? ' { __typename id }' : ' { __typename }') : '';
  return `${kind}${definitions} { ${field.name}${call}${selection} }`;
}

// ---------------------------------------------------------------------------------------------
// Transports.

/** One GraphQL request over HTTP; the errors of the response, whatever its status. */
export async function sendHttp(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<Outcome> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { errors?: GraphQLErrorShape[] };
  try {
    body = JSON.parse(text) as { errors?: GraphQLErrorShape[] };
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}`, extensions: { code: `HTTP_${response.status}` } }] };
  }
  return { errors: body.errors ?? [] };
}

function errorsOf(error: unknown): GraphQLErrorShape[] {
  if (Array.isArray(error)) return error as GraphQLErrorShape[];
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    return [{ message: `socket closed ${String(error.code)}: ${String(error.reason)}`, extensions: { code: `SOCKET_${String(error.code)}` } }];
  }
  return [{ message: error instanceof Error ? error.message : JSON.stringify(error), extensions: { code: 'SOCKET_ERROR' } }];
}

/**
 * One subscription over graphql-ws: its first message decides. A refusal arrives at once; an
 * accepted subscription stays silent, so after a moment `trigger` makes something happen that an
 * accepted subscriber hears (its event means success).
 */
export async function sendSubscription(url: string, query: string, variables: Record<string, unknown>, token: string | undefined, trigger: () => Promise<void>): Promise<Outcome> {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: 0,
  });
  const timers: NodeJS.Timeout[] = [];
  try {
    return await new Promise<Outcome>((resolve) => {
      let settled = false;
      const settle = (errors: GraphQLErrorShape[]) => {
        if (settled) return;
        settled = true;
        resolve({ errors });
      };
      client.subscribe(
        { query, variables },
        {
          next: (message) => settle([...((message.errors ?? []) as GraphQLErrorShape[])]),
          error: (error) => settle(errorsOf(error)),
          complete: () => settle([{ message: 'the subscription completed without an event', extensions: { code: 'COMPLETED' } }]),
        },
      );
      timers.push(setTimeout(() => void trigger().catch((error: unknown) => settle(errorsOf(error))), 300));
      timers.push(setTimeout(() => settle([{ message: 'no event and no error within 5 s', extensions: { code: 'TIMEOUT' } }]), 5000));
    });
  } finally {
    timers.forEach(clearTimeout);
    await client.dispose();
  }
}
