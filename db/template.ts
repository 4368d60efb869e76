/**
 * `npm run build` ends here: writes the embedded database's template (see pgliteTemplateFile in
 * db/client.ts), a dump of a new PGlite data directory with every migration applied, so that the
 * first `npm start` on a new data directory skips initdb.
 */
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { openDatabase, pgliteTemplateFile } from "./client";

const started = performance.now();
const file = pgliteTemplateFile();
const handle = await openDatabase({ dataDir: "memory://" });
const client = (handle.db as unknown as { $client: PGlite }).$client;
const dump = await client.dumpDataDir("gzip");
await handle.close();
for (const old of readdirSync(path.dirname(file)).filter((name) => /^pglite-template-.*\.tar\.gz$/.test(name))) rmSync(path.join(path.dirname(file), old));
writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
console.log(`Embedded database template: ${path.relative(process.cwd(), file)} (${Math.round(dump.size / 1024)} KB, ${Math.round(performance.now() - started)} ms)`);
