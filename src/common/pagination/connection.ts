import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { decodeCursor, encodeCursor, INT_CURSOR, KeyFormat, SEQ_CURSOR, UUID_CURSOR } from './cursor';

export { decodeCursor, encodeCursor, INT_CURSOR, SEQ_CURSOR, UUID_CURSOR };
export type { KeyFormat };

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A number of rows (GraphQL Int, per API.md), not an amount. */
  totalCount: number;
}

/** Creates `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T>(node: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => node)
    node: T;

    @Field()
    cursor: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return ConnectionClass;
}

/** Builds a connection from a page fetched with `first + 1` rows (the extra row proves a next page). */
export function toConnection<T>(rows: T[], first: number, totalCount: number, keyOf: (row: T) => string): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return { edges, totalCount, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
}

/** Below every generated (random) UUID: the lower bound of a first page keyed by UUID. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

interface Queryable {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** How a list is keyed: the cursor's key format, a key below every row (the first page), and a row's key. */
export interface PageKey<R> {
  format: KeyFormat;
  start: string;
  of: (row: R) => string;
}

/** Rows keyed by a bigint sequence, selected as `seq`. */
export const SEQ_KEY: PageKey<{ seq: string }> = { format: SEQ_CURSOR, start: '0', of: (row) => row.seq };

/** Rows keyed by an integer (int4) column, selected as `seq`. */
export const INT_SEQ_KEY: PageKey<{ seq: string }> = { format: INT_CURSOR, start: '0', of: (row) => row.seq };

/** Rows keyed by a random UUID. */
export function uuidKey<R>(of: (row: R) => string): PageKey<R> {
  return { format: UUID_CURSOR, start: NIL_UUID, of };
}

/**
 * One page of rows, with the total count, from two SQL statements. `rows` must end with
 * `... AND <key> > $n ORDER BY <key> LIMIT $n+1`, where $n and $n+1 come right after `params`;
 * `count` takes `params` alone. Rows are keyed by their `seq` unless another key is given.
 */
export async function sqlPage<R extends { seq: string }>(db: Queryable, page: PageArgs, sql: { count: string; rows: string }, params: unknown[]): Promise<Connection<R>>;
export async function sqlPage<R>(db: Queryable, page: PageArgs, sql: { count: string; rows: string }, params: unknown[], key: PageKey<R>): Promise<Connection<R>>;
export async function sqlPage<R>(db: Queryable, page: PageArgs, sql: { count: string; rows: string }, params: unknown[], key = SEQ_KEY as unknown as PageKey<R>): Promise<Connection<R>> {
  const after = decodeCursor(page.after, key.format) ?? key.start;
  const [[{ n }], rows] = await Promise.all([db.query<{ n: number }[]>(sql.count, params), db.query<R[]>(sql.rows, [...params, after, page.first + 1])]);
  return toConnection(rows, page.first, n, key.of);
}

/** The same connection with its nodes converted (e.g. numeric text to Money). */
export function mapConnection<A, B>(connection: Connection<A>, convert: (node: A) => B): Connection<B> {
  return { ...connection, edges: connection.edges.map(({ node, cursor }) => ({ node: convert(node), cursor })) };
}
