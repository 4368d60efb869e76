/**
 * The one lock order of every write that goes through a personal link or ends links.
 *
 *   1. the program row (PM operations only, FOR UPDATE);
 *   2. the round row(s), by id: public writes (a decision, a response, a consent withdrawal) take
 *      FOR SHARE, so they run side by side; PM operations that end links or change the round
 *      (close, supersede, re-send, remove, withdraw) take FOR UPDATE, so they wait for the writes
 *      in flight and the writes after them wait for them;
 *   3. the customer row, then the person's (contact's) row;
 *   4. the request, invitation or decision row.
 *
 * Whatever a transaction checks (link revoked, request superseded, round closed, person removed)
 * it reads again after taking its locks: a copy read before may already be stale. The database's
 * closed-round rule (db/migrations/*_closed_round_everywhere.sql) takes the round FOR SHARE too, so a write that skipped this
 * order still cannot land in a round that closed while it ran.
 */
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { rounds } from "#db/schema";

/** Step 2 for a public write: the round cannot close, nor its links end, until this transaction ends. */
export async function shareRound(tx: Transaction, roundId: string) {
  const [round] = await tx.select({ status: rounds.status }).from(rounds).where(eq(rounds.id, roundId)).for("share");
  return round;
}

/** Step 2 for a PM operation that ends links across a program: its rounds that are not closed, by id. */
export async function lockLiveRounds(tx: Transaction, programId: string) {
  const rows = await tx
    .select({ id: rounds.id })
    .from(rounds)
    .where(and(eq(rounds.programId, programId), ne(rounds.status, "closed")))
    .orderBy(asc(rounds.id))
    .for("update");
  return rows.map((r) => r.id);
}

/** Step 2 for the background work: the given rounds, shared, in id order. */
export async function shareRounds(tx: Transaction, roundIds: string[]) {
  if (roundIds.length === 0) return;
  await tx
    .select({ id: rounds.id })
    .from(rounds)
    .where(inArray(rounds.id, [...new Set(roundIds)]))
    .orderBy(asc(rounds.id))
    .for("share");
}
