import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, pgliteTemplateFile } from "#db/client";

/**
 * A new embedded data directory starts from the template `npm run build` writes (a dump of a
 * migrated database), when the template was made for the same migration files.
 */
describe.skipIf(!!process.env.DATABASE_URL)("the embedded database's template (PGlite only: the PostgreSQL pass has no data directory)", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "charter-template-"));
  const previous = process.env.PGLITE_TEMPLATE_DIR;
  process.env.PGLITE_TEMPLATE_DIR = path.join(root, "build");
  afterAll(() => {
    if (previous === undefined) delete process.env.PGLITE_TEMPLATE_DIR;
    else process.env.PGLITE_TEMPLATE_DIR = previous;
    rmSync(root, { recursive: true, force: true });
  });

  const migrationCount = JSON.parse(readFileSync("db/migrations/meta/_journal.json", "utf8")).entries.length;
  type Handle = Awaited<ReturnType<typeof openDatabase>>;
  // These handles are PGlite's: execute answers { rows }.
  const rows = async <T,>(handle: Handle, query: ReturnType<typeof sql>) => ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;
  const tables = async (handle: Handle) => (await rows<{ name: string }>(handle, sql`select table_name as name from information_schema.tables where table_schema = 'public'`)).map((r) => r.name);
  const applied = async (handle: Handle) => Number((await rows<{ n: number }>(handle, sql`select count(*) as n from drizzle.__drizzle_migrations`))[0].n);

  it("is loaded into a new data directory, which then has every migration, and is not used for other migrations", async () => {
    // A template with a marker table, so the test can tell a loaded template from initdb.
    const source = await openDatabase({ dataDir: "memory://" });
    await source.db.execute(sql`create table template_marker (id int)`);
    const dump = await (source.db as unknown as { $client: { dumpDataDir: (c: "gzip") => Promise<Blob> } }).$client.dumpDataDir("gzip");
    await source.close();
    const file = pgliteTemplateFile();
    rmSync(path.dirname(file), { recursive: true, force: true });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));

    const fromTemplate = await openDatabase({ dataDir: path.join(root, "data-a") });
    try {
      expect(await tables(fromTemplate)).toEqual(expect.arrayContaining(["template_marker", "workspaces", "user_responses", "email_outbox"]));
      expect(await applied(fromTemplate)).toBe(migrationCount);
    } finally {
      await fromTemplate.close();
    }

    // The same directory again: opened as it is, not replaced by the template.
    const reopened = await openDatabase({ dataDir: path.join(root, "data-a") });
    await reopened.db.execute(sql`drop table template_marker`);
    await reopened.close();
    const again = await openDatabase({ dataDir: path.join(root, "data-a") });
    try {
      expect(await tables(again)).not.toContain("template_marker");
    } finally {
      await again.close();
    }

    // A template made for other migrations (another fingerprint in its name) is ignored: initdb.
    rmSync(file);
    writeFileSync(path.join(path.dirname(file), "pglite-template-0000000000000000.tar.gz"), Buffer.from(await dump.arrayBuffer()));
    const fresh = await openDatabase({ dataDir: path.join(root, "data-b") });
    try {
      expect(await tables(fresh)).not.toContain("template_marker");
      expect(await applied(fresh)).toBe(migrationCount);
    } finally {
      await fresh.close();
    }
  });
});
