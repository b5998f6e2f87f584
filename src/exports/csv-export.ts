import { Viewer } from 'src/common/auth/graphql-context';
import { badInput } from 'src/common/errors/domain-error';
import { isUuid } from 'src/common/validation/uuid';
import { Cooperative } from 'src/cooperatives/cooperative.entity';

/** One CSV field; null is written as an empty field. */
export type Cell = string | null;

export interface CsvColumn<Row> {
  header: string;
  cell(row: Row): Cell;
}

/** Runs a query inside the export's snapshot (before its rows stream). */
export type SnapshotRead = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** What to stream: one query whose rows become one CSV record each. */
export interface ExportPlan<Row> {
  sql: string;
  params: unknown[];
  /** The columns; they may first read what they need in the same snapshot (the cap table's class totals). */
  columns(read: SnapshotRead): Promise<CsvColumn<Row>[]>;
}

export interface ExportRequest {
  viewer: Viewer;
  cooperative: Cooperative;
  query: Record<string, unknown>;
}

/** One export, `GET /exports/:cooperativeId/<name>.csv`. `plan` checks access (throwing DomainErrors) before anything streams. */
export interface CsvExport {
  readonly name: string;
  plan(request: ExportRequest): Promise<ExportPlan<object>>;
}

/** A query-string parameter that must be a single UUID when present. */
export function uuidParam(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isUuid(value)) throw badInput([{ field: name, message: 'must be a UUID' }]);
  return value;
}

export function requiredUuidParam(query: Record<string, unknown>, name: string): string {
  const value = uuidParam(query, name);
  if (value === undefined) throw badInput([{ field: name, message: 'is required' }]);
  return value;
}
