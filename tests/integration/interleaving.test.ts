/**
 * Public writes racing the PM operations that end links, interleaved deterministically on a real
 * PostgreSQL server: a second connection holds a table lock that one side needs near its end, so
 * that side waits while holding every lock it took before; the other side then starts, and we wait
 * (reading pg_locks) until it is blocked too before releasing. Each race must end in one story:
 * the write is in the gate's stored snapshot, or it was refused with the dead link's reason.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { contacts, feedbackInvites, roundTasks, rounds, signoffLinks, signoffRequests, signoffs, userResponses } from "#db/schema";
import { removeContact } from "~/modules/customers/customers.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { submitFeedback } from "~/modules/feedback/feedback.server";
import { closeRound, type GateSnapshot } from "~/modules/gates/gates.server";
import { resendFeedbackLink } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import { newToken } from "~/utils/tokens.server";
import { withDatabase } from "../support/global-setup";
import { origin, programWithOpenRound } from "../support/factories";

const serverUrl = process.env.DATABASE_URL;
// PGlite is one connection in one process: nothing can hold a lock while another statement waits.
const needsServer = "interleaving needs a second connection to a PostgreSQL server; set DATABASE_URL to run it";

const caseInput = { problem: "Overtime", valueClaimed: "15% less overtime", priceTerms: "EUR 24,000 a year", notes: "" };
const approve: SignoffInput = {
  decision: "approve",
  declineReason: "",
  conditions: "",
  willingnessToPay: "as_proposed",
  referenceConsent: "yes",
  consentNameLogo: true,
  consentCaseStudy: false,
  consentReferenceCalls: false,
  signatureName: "Bea Buyer",
};

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T,>(promise: Promise<T>): Promise<Settled<T>> => promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));

// Generous budgets: each case builds a program of six customers, on a machine that may be busy.
describe.skipIf(!serverUrl)(`public writes against the PM's operations (${serverUrl ? "PostgreSQL" : needsServer})`, { timeout: 120_000 }, () => {
  let other: postgres.Sql;

  beforeAll(async () => {
    const [{ name }] = (await db().execute(sql`select current_database() as name`)) as unknown as { name: string }[];
    other = postgres(withDatabase(serverUrl!, name), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await other?.end({ timeout: 5 });
  });

  /** Statements of this database waiting for a lock. */
  async function waiting() {
    // The holding connection is inside a transaction, which would otherwise keep its first view of pg_stat_activity.
    await other`select pg_stat_clear_snapshot()`;
    const [row] = await other<{ n: number }[]>`select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`;
    return row.n;
  }
  async function untilWaiting(n: number) {
    const deadline = Date.now() + 30_000;
    while ((await waiting()) < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} statements waiting for a lock`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /**
   * Runs `first` until it needs `table` (held here), then starts `second` and waits until it is
   * blocked behind `first`'s locks; then lets both go on.
   */
  async function interleave<A, B>(table: "email_outbox" | "audit_events", first: () => Promise<A>, second: () => Promise<B>) {
    await other.unsafe("begin");
    await other.unsafe(`lock table ${table} in share mode`);
    let firstDone: Promise<Settled<A>> | undefined;
    let secondDone: Promise<Settled<B>> | undefined;
    try {
      firstDone = settle(first());
      await untilWaiting(1);
      secondDone = settle(second());
      await untilWaiting(2);
    } finally {
      await other.unsafe("commit");
    }
    return { first: await firstDone, second: await secondDone };
  }

  async function openProgram() {
    const p = await programWithOpenRound({ minResponses: 1, minSus: 10, minTaskCompletionPct: 10 });
    return { actor: p.admin, workspaceId: p.workspaceId, programId: p.programId, roundId: p.roundId, customerId: p.customerIds[0] };
  }

  /** One more personal link of the customer's live sign-off request (as a reminder adds one). */
  async function buyerLink(p: Awaited<ReturnType<typeof openProgram>>) {
    await saveBusinessCase({ actor: p.actor, programId: p.programId, roundId: p.roundId, customerId: p.customerId, input: caseInput });
    const { requestId } = await sendSignoffRequest({ actor: p.actor, programId: p.programId, roundId: p.roundId, customerId: p.customerId });
    const { token, hash } = newToken();
    await db().insert(signoffLinks).values({ workspaceId: p.workspaceId, requestId, tokenHash: hash });
    return { token, requestId };
  }

  /** One more personal feedback link of the customer's user, and a complete answer for it. */
  async function userLink(p: Awaited<ReturnType<typeof openProgram>>) {
    const [user] = await db()
      .select({ id: contacts.id, expiresAt: feedbackInvites.expiresAt })
      .from(contacts)
      .innerJoin(feedbackInvites, and(eq(feedbackInvites.contactId, contacts.id), eq(feedbackInvites.roundId, p.roundId)))
      .where(and(eq(contacts.customerId, p.customerId), eq(contacts.isUser, true)));
    const { token, hash } = newToken();
    await db().insert(feedbackInvites).values({ workspaceId: p.workspaceId, roundId: p.roundId, customerId: p.customerId, contactId: user.id, tokenHash: hash, expiresAt: user.expiresAt });
    const tasks = await db().select({ id: roundTasks.id }).from(roundTasks).where(eq(roundTasks.roundId, p.roundId)).orderBy(asc(roundTasks.position));
    const input = {
      tasks: tasks.map((t) => ({ taskId: t.id, outcome: "completed" as const, comment: "" })),
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sus${i + 1}`, i % 2 === 0 ? 5 : 1])),
      confusing: "",
      missing: "",
    } as FeedbackInput;
    return { token, input, contactId: user.id };
  }

  async function snapshotOf(roundId: string, customerId: string) {
    const [round] = await db().select({ status: rounds.status, gateSnapshot: rounds.gateSnapshot }).from(rounds).where(eq(rounds.id, roundId));
    expect(round.status).toBe("closed");
    return (round.gateSnapshot as GateSnapshot).customers.find((c) => c.customerId === customerId)!;
  }

  const close = (p: Awaited<ReturnType<typeof openProgram>>) => () => closeRound({ actor: p.actor, programId: p.programId, roundId: p.roundId, outcome: "iterate", note: "learned" });

  it("decision vs supersede: an edit of the case that ends the request first refuses the decision as superseded", async () => {
    const p = await openProgram();
    const { token, requestId } = await buyerLink(p);
    // The edit holds the round and the request, and waits to queue the new request's email.
    const race = await interleave(
      "email_outbox",
      () => saveBusinessCase({ actor: p.actor, programId: p.programId, roundId: p.roundId, customerId: p.customerId, input: { ...caseInput, priceTerms: "EUR 20,000 a year" } }),
      () => submitSignoff({ token, input: approve, origin }),
    );
    expect(race.first).toMatchObject({ ok: true, value: { version: 2, reRequested: true } });
    expect(race.second).toMatchObject({ ok: false, error: { code: "not_found", message: "superseded" } });
    expect(await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.requestId, requestId))).toEqual([]);
    const live = await db().select({ id: signoffRequests.id }).from(signoffRequests).where(and(eq(signoffRequests.roundId, p.roundId), eq(signoffRequests.customerId, p.customerId), isNull(signoffRequests.supersededAt)));
    expect(live).toHaveLength(1);
    expect(live[0].id).not.toBe(requestId);
  });

  it("decision vs close: a close that goes first refuses the decision as closed, and the snapshot stays true", async () => {
    const p = await openProgram();
    const { token } = await buyerLink(p);
    const race = await interleave("audit_events", close(p), () => submitSignoff({ token, input: approve, origin }));
    expect(race.first.ok).toBe(true);
    expect(race.second).toMatchObject({ ok: false, error: { code: "not_found", message: "closed" } });
    expect(await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.roundId, p.roundId))).toEqual([]);
    expect((await snapshotOf(p.roundId, p.customerId)).valuable.state).not.toBe("approved");
  });

  it("decision vs close: a decision that goes first is in the close's snapshot", async () => {
    const p = await openProgram();
    const { token } = await buyerLink(p);
    // The decision holds the round (shared) and its request, and waits to write its audit row.
    const race = await interleave("audit_events", () => submitSignoff({ token, input: approve, origin }), close(p));
    expect(race.first).toMatchObject({ ok: true, value: { status: "recorded" } });
    expect(race.second.ok).toBe(true);
    expect((await snapshotOf(p.roundId, p.customerId)).valuable.state).toBe("approved");
  });

  it("feedback vs close: a close that goes first refuses the response as closed, and the snapshot stays true", async () => {
    const p = await openProgram();
    const { token, input } = await userLink(p);
    const race = await interleave("audit_events", close(p), () => submitFeedback({ token, input, origin }));
    expect(race.first.ok).toBe(true);
    expect(race.second).toMatchObject({ ok: false, error: { code: "not_found", message: "closed" } });
    const stored = await db().select({ id: userResponses.id }).from(userResponses).where(eq(userResponses.roundId, p.roundId));
    expect(stored).toEqual([]);
    expect((await snapshotOf(p.roundId, p.customerId)).responses).toBe(0);
  });

  it("feedback vs close: a response that goes first is in the close's snapshot", async () => {
    const p = await openProgram();
    const { token, input } = await userLink(p);
    const race = await interleave("audit_events", () => submitFeedback({ token, input, origin }), close(p));
    expect(race.first).toMatchObject({ ok: true, value: { status: "created" } });
    expect(race.second.ok).toBe(true);
    expect((await snapshotOf(p.roundId, p.customerId)).responses).toBe(1);
  });

  it("feedback vs re-send: a re-send that goes first refuses the old link's response as revoked", async () => {
    const p = await openProgram();
    const { token, input, contactId } = await userLink(p);
    // The re-send holds the round and the person, and waits to write its audit row.
    const race = await interleave("audit_events", () => resendFeedbackLink({ actor: p.actor, programId: p.programId, roundId: p.roundId, contactId }), () => submitFeedback({ token, input, origin }));
    expect(race.first.ok).toBe(true);
    expect(race.second).toMatchObject({ ok: false, error: { code: "not_found", message: "revoked" } });
    expect(await db().select({ id: userResponses.id }).from(userResponses).where(eq(userResponses.contactId, contactId))).toEqual([]);
  });

  it("decision vs removal of the buyer: a removal that goes first refuses the decision as revoked", async () => {
    const p = await openProgram();
    const { token } = await buyerLink(p);
    const [buyer] = await db().select({ id: contacts.id }).from(contacts).where(and(eq(contacts.customerId, p.customerId), eq(contacts.isBuyer, true)));
    // The removal holds the program's live rounds and the customer, and waits to write its audit rows.
    const race = await interleave("audit_events", () => removeContact({ actor: p.actor, programId: p.programId, customerId: p.customerId, contactId: buyer.id }), () => submitSignoff({ token, input: approve, origin }));
    expect(race.first.ok).toBe(true);
    expect(race.second).toMatchObject({ ok: false, error: { code: "not_found", message: "revoked" } });
    expect(await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.contactId, buyer.id))).toEqual([]);
  });
});
