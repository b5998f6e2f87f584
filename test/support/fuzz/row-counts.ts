import { TestServer } from '../harness';

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of the public schema. */
export async function publicTables(server: TestServer): Promise<string[]> {
  const rows = await server.query<{ name: string }>(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`);
  return rows.map((row) => row.name);
}

/** Exact row counts of the tables, read in one statement (one snapshot). */
export async function rowCounts(server: TestServer, tables: string[]): Promise<Record<string, number>> {
  const columns = tables.map((table) => `(SELECT count(*) FROM public.${quoteIdent(table)})::int AS ${quoteIdent(table)}`);
  const [row] = await server.query<Record<string, number>>(`SELECT ${columns.join(', ')}`);
  return row;
}

/** "table: before → after" for every table whose count changed. */
export function countChanges(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} → ${after[table]}`);
}
