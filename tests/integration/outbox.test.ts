import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox } from "#db/schema";
import { configureOutbox, MAX_ATTEMPTS, processOutbox, queueEmail, retryDelayMs } from "~/modules/email/outbox.server";
import { clock } from "~/utils/clock.server";
import { newWorkspace } from "../support/factories";
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

describe("the email outbox", () => {
  it("sends a queued email through the real Resend SDK, with its idempotency key, rendered as HTML and text", async () => {
    const [id] = await queueInvites(1);
    expect(await processOutbox()).toBe(1);
    const [row] = await rowsOf([id]);
    expect(row).toMatchObject({ status: "sent", attempts: 1, providerId: "email_1", lastError: null });
    expect(resend().received).toHaveLength(1);
    const [request] = resend().received;
    expect(request.authorization).toBe("Bearer re_test_key");
    expect(request.idempotencyKey).toBe(row.idempotencyKey);
    expect(request.body).toMatchObject({ from: "Charter <charter@example.test>", to: "teammate0@example.test", subject: "Ada Admin invited you to Acme on Charter" });
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

  it("gives up after the last retry, or at once on a refusal, and shows it as failed", async () => {
    const [persistent, refused] = await queueInvites(2);
    await db().update(emailOutbox).set({ nextAttemptAt: new Date(Date.now() + 48 * 3_600_000) }).where(eq(emailOutbox.id, refused));
    resend().answer(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 503 })));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      later(attempt * 20);
      await processOutbox();
    }
    expect((await rowsOf([persistent]))[0]).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });

    resend().answer({ status: 422 });
    later(72 * 60);
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
      configureOutbox({ resendApiKey: "re_test_key", from: "Charter <charter@example.test>", sendTimeoutMs: 500 });
    }
  });

  it("backs off exponentially without a retry-after", () => {
    expect(retryDelayMs(1)).toBe(2_000);
    expect(retryDelayMs(3)).toBe(8_000);
    expect(retryDelayMs(20)).toBe(600_000);
    expect(retryDelayMs(2, "7")).toBe(7_000);
    expect(retryDelayMs(2, "soon")).toBe(4_000);
  });
});
