/**
 * The one database handle. postgres.js when DATABASE_URL is set, otherwise embedded PGlite under
 * DATA_DIR (default `.data/`; `memory://` keeps it in memory, for tests). Both speak the same SQL
 * and apply the same migration files from db/migrations.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
// Both migrators are a few lines: loaded with the app, not as one more module load at start-up
// (imported late, the embedded database's start waited 1.4 s on it on a busy machine).
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
export type Transaction = PgTransaction<
  PostgresJsQueryResultHKT,
  typeof schema,
  ExtractTablesWithRelations<typeof schema>
>;
/** Functions that may run inside a caller's transaction take either. */
export type Executor = Database | Transaction;

export type DatabaseOptions = { databaseUrl?: string; dataDir?: string };

type Handle = {
  db: Database;
  engine: "postgres" | "pglite";
  close: () => Promise<void>;
  /** Runs `work` while holding a PostgreSQL advisory lock on a connection of its own (PGlite: just runs it). */
  exclusively: <T>(lockKey: number, work: () => Promise<T>) => Promise<T>;
};

/** Counts SQL statements per request, so tests and the benchmark can prove a page's query count. */
export const queryCounter = new AsyncLocalStorage<{ count: number }>();
const logger = {
  logQuery() {
    const store = queryCounter.getStore();
    if (store) store.count++;
  },
};

const migrationsFolder = path.resolve(process.env.MIGRATIONS_DIR ?? "db/migrations");

async function open(options: DatabaseOptions): Promise<Handle> {
  if (options.databaseUrl) {
    const { default: postgres } = await import("postgres");
    const client = postgres(options.databaseUrl, {
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      onnotice: () => {},
    });
    // drizzle asks postgres.js for unnamed statements, which PostgreSQL plans on every execution;
    // planning the pages' joins cost more than running them (tests/bench: the buyer page's one
    // query took ~7 ms of PostgreSQL CPU to plan and 0.5 ms to run). Named statements, postgres.js's own
    // default, are planned once per connection. (Transactions keep drizzle's unnamed statements.)
    const unsafe = client.unsafe.bind(client);
    client.unsafe = ((query, parameters, options) => unsafe(query, parameters, { ...options, prepare: true })) as typeof client.unsafe;
    const db = drizzlePostgres({ client, schema, casing: "snake_case", logger });
    const exclusively = async <T>(lockKey: number, work: () => Promise<T>) => {
      const connection = await client.reserve();
      try {
        await connection`select pg_advisory_lock(${LOCK_NAMESPACE}, ${lockKey})`;
        return await work();
      } finally {
        await connection`select pg_advisory_unlock(${LOCK_NAMESPACE}, ${lockKey})`.catch(() => {});
        connection.release();
      }
    };
    return { db, engine: "postgres", close: () => client.end({ timeout: 5 }), exclusively };
  }
  const dataDir = options.dataDir ?? ".data";
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle: drizzlePglite } = await import("drizzle-orm/pglite");
  let location = dataDir;
  if (!dataDir.startsWith("memory://")) {
    location = path.resolve(dataDir, "pglite");
    mkdirSync(path.dirname(location), { recursive: true });
  }
  // A new data directory starts from the migrated template when there is one for these migrations.
  const template = location === dataDir || existsSync(path.join(location, "PG_VERSION")) ? null : pgliteTemplateFile();
  const client = template && existsSync(template) ? await PGlite.create(location, { loadDataDir: new Blob([readFileSync(template)]) }) : await PGlite.create(location);
  // Both drizzle drivers expose the same query builder; the postgres-js type stands for both.
  const db = drizzlePglite({ client, schema, casing: "snake_case", logger }) as unknown as Database;
  return { db, engine: "pglite", close: () => client.close(), exclusively: (_lockKey, work) => work() };
}

/**
 * The embedded database's template: a dump of a new, migrated PGlite data directory, written by
 * `npm run build` (db/template.ts). A new data directory loads it (~0.7 s) instead of running
 * initdb (~2.3 s). Its name carries a fingerprint of the migration files, so a template made for
 * other migrations is never used.
 */
export function pgliteTemplateFile() {
  const hash = createHash("sha256");
  for (const file of readdirSync(migrationsFolder).filter((name) => name.endsWith(".sql")).sort()) hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  hash.update(readFileSync(path.join(migrationsFolder, "meta/_journal.json")));
  return path.resolve(process.env.PGLITE_TEMPLATE_DIR ?? "build", `pglite-template-${hash.digest("hex").slice(0, 16)}.tar.gz`);
}

/** Charter's PostgreSQL advisory locks are (LOCK_NAMESPACE, one of these). */
export const LOCK_NAMESPACE = 0x43686172; // "Char"
export const LOCKS = { migrations: 1, backgroundWork: 2 } as const;

async function applyMigrations(handle: Handle) {
  if (handle.engine === "postgres") {
    // Several app servers may start at once on one database: one migrates, the others wait and find nothing to do.
    await handle.exclusively(LOCKS.migrations, () => migratePostgres(handle.db, { migrationsFolder }));
  } else {
    await migratePglite(handle.db as never, { migrationsFolder });
  }
}

// Kept on globalThis so the dev server's module reloads reuse one connection.
const globalStore = globalThis as unknown as { __charterDb?: Promise<Handle>; __charterCurrent?: Database };

/** Opens the process-wide database once and applies pending migrations. */
export async function connectDatabase(
  options: DatabaseOptions = {
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
  },
  { migrate = true }: { migrate?: boolean } = {},
): Promise<Handle> {
  globalStore.__charterDb ??= openDatabase(options, { migrate });
  const handle = await globalStore.__charterDb;
  globalStore.__charterCurrent = handle.db;
  return handle;
}

/** Opens a separate handle, not the process-wide one (a migration step, a seed script). */
export async function openDatabase(options: DatabaseOptions, { migrate = true } = {}) {
  const handle = await open(options);
  if (migrate) await applyMigrations(handle);
  return handle;
}

/** A transaction standing in for the process-wide database, for the work inside `asOneTransaction`. */
const enclosing = new AsyncLocalStorage<Transaction>();

/**
 * Runs `work` inside one transaction in which `db()` answers with that transaction: module functions
 * that open their own transaction nest in it as savepoints, so several of them commit together or
 * not at all (the demo program is built through the app's own operations, in one go).
 */
export function asOneTransaction<T>(tx: Transaction, work: () => Promise<T>): Promise<T> {
  return enclosing.run(tx, work);
}

/** Runs `work` outside any `asOneTransaction` (timers started inside one would inherit it). */
export function outsideEnclosingTransaction<T>(work: () => T): T {
  return enclosing.exit(work);
}

/** The process-wide database; start-up has connected it. */
export function db(): Database {
  const scoped = enclosing.getStore();
  // A transaction offers the same query builder and nests `transaction()` as a savepoint.
  if (scoped) return scoped as unknown as Database;
  const current = globalStore.__charterCurrent;
  if (!current) throw new Error("The database is not connected yet: call connectDatabase() at start-up.");
  return current;
}

export async function closeDatabase() {
  const pending = globalStore.__charterDb;
  globalStore.__charterDb = undefined;
  globalStore.__charterCurrent = undefined;
  if (pending) await (await pending).close();
}

const preparedQueries = new WeakMap<Database, Map<string, unknown>>();

/**
 * A hot query built once per database handle and then run with `sql.placeholder` values: building
 * a query's SQL text costs about 0.1 ms of CPU per statement, on every request otherwise. Inside a
 * transaction (`executor` is not the process-wide handle) the query is built for it each time.
 */
export function prepared<Query>(executor: Executor, name: string, build: (executor: Executor) => Query): Query {
  const handle = globalStore.__charterCurrent;
  if (executor !== handle) return build(executor);
  let queries = preparedQueries.get(handle);
  if (!queries) preparedQueries.set(handle, (queries = new Map()));
  let query = queries.get(name) as Query | undefined;
  if (!query) queries.set(name, (query = build(handle)));
  return query;
}
