import { sql, type SQL } from "drizzle-orm";
import { db } from "#db/client";

/** Runs raw SQL on either engine and returns its rows (postgres.js gives an array, PGlite `{ rows }`). */
export async function rowsOf<T>(query: SQL): Promise<T[]> {
  const result = (await db().execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The names of every table of the schema. */
export async function tableNames() {
  const rows = await rowsOf<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  return rows.map((r) => r.table_name);
}
