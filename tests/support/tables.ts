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

let fingerprintQuery: SQL | undefined;

/**
 * A fingerprint of every table's content, by table: its row count and an md5 of all its rows (as
 * text, sorted), taken in one statement. Any changed value of any row changes it, not only a row
 * added or removed.
 */
export async function tableFingerprints() {
  fingerprintQuery ??= sql.raw(
    `select ${(await tableNames())
      .map((name) => `(select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from "${name}" t) as "${name}"`)
      .join(", ")}`,
  );
  return (await rowsOf<Record<string, string>>(fingerprintQuery))[0];
}
