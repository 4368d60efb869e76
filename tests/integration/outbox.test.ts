import { eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox } from "#db/schema";
import { configureOutbox, listMailbox, MAX_ATTEMPTS, processOutbox, queueEmail, RETRY_SCHEDULE_MS, retryDelayMs } from "~/modules/email/outbox.server";
import { inviteMember, listPendingInvitations } from "~/modules/workspaces/members.server";
import { clock } from "~/utils/clock.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { roundSignoffs } from "~/modules/signoff/round-signoffs.server";
import { newWorkspace, programWithOpenRound } from "../support/factories";
import { sendThroughResendStandIn } from "../support/resend-stand-in";

const resend = sendThroughResendStandIn();

async function queueInvites(n: number) {
  const { workspaceId } = await newWorkspace();
  return db().transaction(async (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        await queueEmail(tx, {
          workspaceId,
          to: `teammate${i}@example.test`,
          template: "teammate-invite",
          props: { inviteeName: `Teammate ${i}`, inviterName: "Ada Admin", workspaceName: "Acme", role: "pm", link: `http://localhost:3000/invitations/token${i}` },
        }),
      );
    return ids;
  });
}

const rowsOf = (ids: string[]) =>
  db()
    .select({ id: emailOutbox.id, status: emailOutbox.status, attempts: emailOutbox.attempts, providerId: emailOutbox.providerId, lastError: emailOutbox.lastError, nextAttemptAt: emailOutbox.nextAttemptAt, idempotencyKey: emailOutbox.idempotencyKey })
    .from(emailOutbox)
    .where(inArray(emailOutbox.id, ids));

/** Moves the clock past every pending retry. */
const later = (minutes: number) => {
  const at = Date.now() + minutes * 60_000;
  clock.now = () => new Date(at);
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const standInSettings = { resendApiKey: "re_test_key", from: "Charter <charter@example.test>", sendTimeoutMs: 500 };

/** Waits for a state (polling), with a budget that holds on a loaded machine. */
async function until(condition: () => boolean | Promise<boolean>, what: string, budgetMs = 20_000) {
  const deadline = Date.now() + budgetMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the email outbox", () => {
  // Each test starts with nothing left to send by earlier ones (their retries would fall due as tests move the clock).
  beforeEach(async () => {
    await db().update(emailOutbox).set({ status: "failed" }).where(inArray(emailOutbox.status, ["queued", "sending"]));
  });

  it("sends a queued email through the real Resend SDK, with its idempotency key, rendered as HTML and text", async () => {
    const [id] = await queueInvites(1);
    expect(await processOutbox()).toBe(1);
    const [row] = await rowsOf([id]);
    expect(row).toMatchObject({ status: "sent", attempts: 1, providerId: "email_1", lastError: null });
    expect(resend().received).toHaveLength(1);
    const [request] = resend().received;
    expect(request.authorization).toBe("Bearer re_test_key");
    expect(request.idempotencyKey).toBe(row.idempotencyKey);
    expect(request.body).toMatchObject({ from: "\"Acme Product Team via Charter\" <charter@example.test>", to: "teammate0@example.test", subject: "Ada Admin invited you to Acme on Charter" });
    expect(request.body.html).toContain('href="http://localhost:3000/invitations/token0"');
    expect(request.body.text).toContain("http://localhost:3000/invitations/token0");
    expect(request.body.text).not.toContain("<");
    // Nothing left to send.
    expect(await processOutbox()).toBe(0);
  });

  it("retries after a 500 and sends exactly once", async () => {
    const [id] = await queueInvites(1);
    resend().answer({ status: 500 });
    expect(await processOutbox()).toBe(0);
    let [row] = await rowsOf([id]);
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row.lastError).toMatch(/^500/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: nothing happens.
    expect(await processOutbox()).toBe(0);
    later(1);
    expect(await processOutbox()).toBe(1);
    [row] = await rowsOf([id]);
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(resend().received.map((r) => r.idempotencyKey)).toEqual([row.idempotencyKey, row.idempotencyKey]);
    expect(resend().delivered.size).toBe(1);
  });

  it("honours retry-after on a 429", async () => {
    const [id] = await queueInvites(1);
    resend().answer({ status: 429, headers: { "retry-after": "120" } });
    const before = Date.now();
    await processOutbox();
    const [row] = await rowsOf([id]);
    expect(row.status).toBe("queued");
    expect(row.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(119_000);
    later(1);
    expect(await processOutbox()).toBe(0);
    later(3);
    expect(await processOutbox()).toBe(1);
    expect(resend().delivered.size).toBe(1);
  });

  it("retries a send that times out", async () => {
    const [id] = await queueInvites(1);
    resend().answer({ status: 200, hang: true });
    await processOutbox();
    expect((await rowsOf([id]))[0]).toMatchObject({ status: "queued", attempts: 1 });
    later(1);
    expect(await processOutbox()).toBe(1);
  });

  it("gives up after the last retry of the schedule, or at once on a refusal, and shows it as failed", async () => {
    const [persistent, refused] = await queueInvites(2);
    await db().update(emailOutbox).set({ nextAttemptAt: new Date(Date.now() + 72 * HOUR) }).where(eq(emailOutbox.id, refused));
    resend().answer(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 503 })));
    let at = Date.now();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      clock.now = () => new Date(at);
      await processOutbox();
      const [row] = await rowsOf([persistent]);
      expect(row).toMatchObject({ status: attempt < MAX_ATTEMPTS ? "queued" : "failed", attempts: attempt });
      at = row.nextAttemptAt.getTime();
    }
    expect(resend().received).toHaveLength(MAX_ATTEMPTS);

    resend().answer({ status: 422 });
    later(80 * 60);
    await processOutbox();
    const [row] = await rowsOf([refused]);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toMatch(/^422/);
    expect(resend().delivered.size).toBe(0);
  });

  it("re-sends, once, an email whose sender died after claiming it", async () => {
    const [id] = await queueInvites(1);
    // What a crash between claim and send leaves behind: a row in 'sending' whose lease ran out.
    await db().update(emailOutbox).set({ status: "sending", attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(emailOutbox.id, id));
    expect(await processOutbox()).toBe(1);
    expect((await rowsOf([id]))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("never sends an email twice when several senders run at once", async () => {
    const ids = await queueInvites(12);
    const counts = await Promise.all([processOutbox(), processOutbox(), processOutbox()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    expect((await rowsOf(ids)).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    expect(resend().received).toHaveLength(12);
  });

  it("delivers to the in-app mailbox when no Resend key is set", async () => {
    configureOutbox({ from: "Charter <charter@localhost>" });
    try {
      const [id] = await queueInvites(1);
      expect(await processOutbox()).toBe(1);
      expect((await rowsOf([id]))[0]).toMatchObject({ status: "sent", providerId: "mailbox" });
      expect(resend().received).toHaveLength(0);
    } finally {
      configureOutbox(standInSettings);
    }
  });

  it("spreads retries over hours, and waits longer when the provider asks", () => {
    expect(RETRY_SCHEDULE_MS).toEqual([1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 24 * HOUR]);
    expect(MAX_ATTEMPTS).toBe(7);
    expect(retryDelayMs(1)).toBe(MINUTE);
    expect(retryDelayMs(3)).toBe(30 * MINUTE);
    expect(retryDelayMs(20)).toBe(24 * HOUR);
    // retry-after in seconds or as an HTTP date: honoured when longer than the schedule, capped at a day.
    expect(retryDelayMs(1, "600")).toBe(10 * MINUTE);
    expect(retryDelayMs(2, "7")).toBe(5 * MINUTE);
    expect(retryDelayMs(1, "soon")).toBe(MINUTE);
    expect(retryDelayMs(1, "999999")).toBe(24 * HOUR);
    const now = new Date("2026-12-01T12:00:00Z");
    expect(retryDelayMs(1, "Tue, 01 Dec 2026 12:20:00 GMT", now)).toBe(20 * MINUTE);
  });

  it("loses nothing in a three-hour outage: afterwards every email is delivered exactly once", async () => {
    const start = Date.now();
    let now = start;
    clock.now = () => new Date(now);
    const ids = await queueInvites(5);
    resend().failWhile(() => now < start + 90 * MINUTE, { status: 500 });
    const states: string[] = [];
    for (let round = 0; round < 20; round++) {
      // The provider's rate limiter is still up for the outage's second half.
      if (now >= start + 90 * MINUTE) resend().failWhile(() => now < start + 3 * HOUR, { status: 429, headers: { "retry-after": "900" } });
      await processOutbox();
      const rows = await rowsOf(ids);
      states.push(...rows.map((r) => r.status));
      if (rows.every((r) => r.status === "sent")) break;
      // As the worker would: the next pass when the next retry is due.
      now = Math.min(...rows.filter((r) => r.status !== "sent").map((r) => r.nextAttemptAt.getTime()));
    }
    expect(states).not.toContain("failed");
    const rows = await rowsOf(ids);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(now).toBeGreaterThanOrEqual(start + 3 * HOUR);
    // Each email accepted by the provider exactly once, and none sent during the outage got through.
    expect([...resend().accepted].sort()).toEqual(rows.map((r) => r.idempotencyKey).sort());
  });

  it("shows a failed attempt as retrying, with the next attempt's time, and only after the last one as failed", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const { invitationId } = await inviteMember({ actor: admin, name: "Rita PM", email: "rita@example.test", role: "pm" });
    const [{ id }] = await db().select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.subjectId, invitationId));
    resend().answer({ status: 503 });
    await processOutbox();
    const [row] = await rowsOf([id]);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // The members page (pending invitations) and the mailbox list.
    expect((await listPendingInvitations(workspaceId))[0]).toMatchObject({ emailStatus: "retrying", emailNextAttemptAt: row.nextAttemptAt });
    expect((await listMailbox(workspaceId))[0]).toMatchObject({ status: "retrying", nextAttemptAt: row.nextAttemptAt });
    resend().failWhile(() => true, { status: 503 });
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      const [{ nextAttemptAt }] = await rowsOf([id]);
      clock.now = () => nextAttemptAt;
      await processOutbox();
      expect((await listPendingInvitations(workspaceId))[0].emailStatus).toBe(attempt < MAX_ATTEMPTS ? "retrying" : "failed");
    }
  });

  it("shows a sign-off request whose email is retrying as such on the round page, then as sent", async () => {
    const { admin, workspaceId, programId, roundId, customerIds } = await programWithOpenRound();
    const round = { id: roundId };
    await processOutbox();
    await saveBusinessCase({ actor: admin, programId, roundId: round.id, customerId: customerIds[0], input: { problem: "P", valueClaimed: "V", priceTerms: "T", notes: "" } });
    const { requestId } = await sendSignoffRequest({ actor: admin, programId, roundId: round.id, customerId: customerIds[0] });
    const stateOf = async () => (await roundSignoffs({ workspaceId, programId, roundId: round.id })).find((s) => s.customerId === customerIds[0])!;

    resend().answer({ status: 503 });
    await processOutbox();
    const [email] = await db().select({ id: emailOutbox.id, nextAttemptAt: emailOutbox.nextAttemptAt }).from(emailOutbox).where(eq(emailOutbox.subjectId, requestId));
    expect(await stateOf()).toMatchObject({ state: "retrying", emailNextAttemptAt: email.nextAttemptAt });
    clock.now = () => email.nextAttemptAt;
    await processOutbox();
    expect((await stateOf()).state).toBe("sent");
  });

  it("a sender whose lease ran out cannot overwrite the row another sender has since sent", async () => {
    // A send that hangs until the test answers it (the stand-in's configuration has a 500 ms timeout).
    configureOutbox({ ...standInSettings, sendTimeoutMs: 30_000 });
    try {
      const [id] = await queueInvites(1);
      resend().answer({ status: 200, hang: true });
      const stale = processOutbox();
      await until(() => resend().hangingCount === 1, "the first sender's request");
      const [claimed] = await rowsOf([id]);
      expect(claimed.status).toBe("sending");
      // The first sender stalls past its lease; a second one takes the row over and sends it.
      const afterLease = claimed.nextAttemptAt.getTime() + 1000;
      clock.now = () => new Date(afterLease);
      expect(await processOutbox()).toBe(1);
      // The stalled send now fails: its sender must not turn the sent email back into a retry.
      resend().release({ status: 500 });
      expect(await stale).toBe(0);
      expect((await rowsOf([id]))[0]).toMatchObject({ status: "sent", attempts: 2, providerId: resend().delivered.get(claimed.idempotencyKey), lastError: null });
      clock.now = () => new Date(afterLease + 48 * HOUR);
      expect(await processOutbox()).toBe(0);
      expect(resend().accepted).toHaveLength(1);
    } finally {
      configureOutbox(standInSettings);
    }
  });

  it("never sends an email twice when senders run side by side and each send takes seconds", async () => {
    configureOutbox({ ...standInSettings, sendTimeoutMs: 10_000 });
    try {
      const ids = await queueInvites(45);
      // Each send takes 2 s of clock time, well inside its 10 s timeout.
      let now = Date.now();
      clock.now = () => new Date(now);
      resend().onRequest(() => {
        now += 2_000;
      });
      const ours = new Set((await rowsOf(ids)).map((r) => r.idempotencyKey));
      const allAccepted = () => new Set(resend().accepted.filter((key) => ours.has(key))).size === ours.size;
      // Three senders, each polling as the worker does in its own process.
      const sender = async () => {
        const deadline = Date.now() + 60_000;
        while (!allAccepted() && Date.now() < deadline) {
          await processOutbox();
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      await Promise.all([sender(), sender(), sender()]);
      const keys = resend().received.map((r) => r.idempotencyKey).filter((key) => ours.has(key!));
      expect(new Set(keys).size).toBe(ids.length);
      expect(keys).toHaveLength(ids.length);
      expect((await rowsOf(ids)).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    } finally {
      configureOutbox(standInSettings);
    }
  });
});
