import type { ClientRateLimitInfo, Options, Store } from "express-rate-limit";
import { lt, sql } from "drizzle-orm";
import { db } from "#db/client";
import { rateLimitHits } from "#db/schema";

/**
 * express-rate-limit's counts in PostgreSQL, so a limit holds across every app server in front of
 * one database (server.mjs uses it whenever DATABASE_URL is set). One atomic upsert per hit, on the
 * app's own connection pool and migrations; the window is per key and timed by the database's
 * clock, which all servers share.
 *
 * Why not @acpr/rate-limit-postgresql: it takes an exclusive lock on a table for every hit (every
 * link page would queue behind every other), creates its schema from a constructor without waiting
 * (the first requests after a start can fail), needs the uuid-ossp extension, and brings a second
 * driver with a pool per limiter.
 */
export class PostgresRateLimitStore implements Store {
  localKeys = false;
  prefix: string;
  private windowMs = 60_000;

  constructor(prefix: string) {
    this.prefix = `${prefix}:`;
  }

  init(options: Options) {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const rows = await run<{ hits: number; reset_at: Date | string }>(
      sql`select hits, reset_at from rate_limit_hits where key = ${this.prefix + key} and reset_at > now()`,
    );
    return rows[0] ? { totalHits: rows[0].hits, resetTime: new Date(rows[0].reset_at) } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [row] = await run<{ hits: number; reset_at: Date | string }>(sql`
      insert into rate_limit_hits as r (key, hits, reset_at)
      values (${this.prefix + key}, 1, now() + ${this.windowMs} * interval '1 millisecond')
      on conflict (key) do update set
        hits = case when r.reset_at <= now() then 1 else r.hits + 1 end,
        reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
      returning hits, reset_at`);
    return { totalHits: row.hits, resetTime: new Date(row.reset_at) };
  }

  async decrement(key: string) {
    await run(sql`update rate_limit_hits set hits = greatest(hits - 1, 0) where key = ${this.prefix + key} and reset_at > now()`);
  }

  async resetKey(key: string) {
    await run(sql`delete from rate_limit_hits where key = ${this.prefix + key}`);
  }
}

async function run<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db().execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Deletes the counts whose window has ended; run by the background work. */
export async function pruneRateLimitHits() {
  await db().delete(rateLimitHits).where(lt(rateLimitHits.resetAt, sql`now()`));
}
