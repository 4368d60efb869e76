import { and, eq } from "drizzle-orm";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, emailOutbox, webhookDeliveries, webhookEndpoints } from "#db/schema";
import { createSession } from "~/modules/auth/session.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { loadFeedbackPage, submitFeedback } from "~/modules/feedback/feedback.server";
import { closeRound } from "~/modules/gates/gates.server";
import { changeTasks, createRound, listTasks, openRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff, withdrawConsent } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import type { WebhookEventType } from "~/modules/webhooks/events";
import { createEndpoint, getEndpoint, listEndpoints, revealSecret, rotateSecret, sendTestEvent, setEndpointEnabled, deleteEndpoint } from "~/modules/webhooks/endpoints.server";
import { configureWebhookSender, processWebhooks } from "~/modules/webhooks/sender.server";
import { endpointUrlRefusal, isInternalAddress, publicOnlyLookup } from "~/modules/webhooks/target.server";
import { loader as webhooksPage, action as webhooksAction } from "~/routes/webhooks";
import { addMember, origin, programWithOpenRound, rowCount } from "../support/factories";
import { emailProps } from "../support/emails";
import { hookHeaders, startWebhookReceiver, type ReceivedHook } from "../support/webhook-receiver";

const caseInput = { problem: "Overtime", valueClaimed: "15% less overtime", priceTerms: "EUR 24,000 a year", notes: "" };
const approve: SignoffInput = { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "Bea Buyer" };
const PERFECT = [5, 1, 5, 1, 5, 1, 5, 1, 5, 1];

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  configureWebhookSender({ timeoutMs: 1_000 });
});
afterAll(async () => {
  configureWebhookSender({ timeoutMs: 10_000 });
  await receiver.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

type Program = Awaited<ReturnType<typeof programWithOpenRound>>;

async function endpointFor(p: Program, events: WebhookEventType[], path = "/hooks") {
  return createEndpoint({ actor: p.admin, input: { intent: "create", url: receiver.url(path), description: "CRM", events } });
}

/** The link the buyer of customer `index` got by email, as the token. */
async function buyerToken(workspaceId: string, index: number) {
  const rows = await db()
    .select({ props: emailProps })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, workspaceId), eq(emailOutbox.template, "signoff-request"), eq(emailOutbox.toAddress, `buyer.${index}@customer.test`)))
    .orderBy(emailOutbox.createdAt);
  return rows.at(-1)!.props.link.split("/s/")[1];
}

async function decide(p: Program, index: number, input: SignoffInput = approve) {
  const ids = { programId: p.programId, roundId: p.roundId, customerId: p.customerIds[index] };
  await saveBusinessCase({ actor: p.admin, ...ids, input: caseInput });
  await sendSignoffRequest({ actor: p.admin, ...ids });
  const token = await buyerToken(p.workspaceId, index);
  await submitSignoff({ token, input, origin });
  return token;
}

const verify = (secret: string, hook: ReceivedHook) => new Webhook(secret).verify(hook.body, hookHeaders(hook)) as { type: string; version: number; id: string; timestamp: string; data: Record<string, unknown> };

/** The minute (or hours) of a retry's wait pass: the delivery falls due now, signed at the real time. */
const retryFallsDue = (endpointId: string) => db().update(webhookDeliveries).set({ nextAttemptAt: new Date() }).where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "queued")));

describe("signed webhooks to the team's systems", () => {
  it("delivers a buyer's decision once, signed so the receiver verifies it, with a versioned payload and no token", async () => {
    const p = await programWithOpenRound();
    const { endpointId, secret } = await endpointFor(p, ["signoff.decided"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const token = await decide(p, 0);

    expect(await processWebhooks()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    const event = verify(secret, hook);
    expect(event).toMatchObject({ type: "signoff.decided", version: 1, id: hook.headers.id, data: { programId: p.programId, roundId: p.roundId, customerId: p.customerIds[0], decision: "approve", caseVersion: 1, referenceConsent: true } });
    expect(new Date(event.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // Nothing that opens anything: not the buyer's token, not the secret.
    expect(hook.body).not.toContain(token);
    expect(hook.body).not.toContain(secret.slice(6, 20));
    // Consent was given too, but this endpoint did not ask for consent events.
    expect(await processWebhooks()).toBe(0);
    expect(receiver.received).toHaveLength(1);

    const { log } = await getEndpoint(p.admin, endpointId);
    expect(log).toMatchObject([{ type: "signoff.decided", attempt: 1, statusCode: 200, error: null, eventId: hook.headers.id }]);
    expect((await listEndpoints(p.admin))[0]).toMatchObject({ id: endpointId, lastStatusCode: 200, failing: 0 });
  });

  it("retries a receiver that answered 500: the event arrives exactly twice with the same webhook-id, and the log shows both", async () => {
    const p = await programWithOpenRound();
    const { endpointId, secret } = await endpointFor(p, ["signoff.decided", "consent.changed"]);
    await decide(p, 0, { ...approve, referenceConsent: "no", consentNameLogo: false });
    receiver.answer({ status: 500 });

    expect(await processWebhooks()).toBe(0);
    const [waiting] = await db().select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, nextAttemptAt: webhookDeliveries.nextAttemptAt }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
    expect(waiting).toMatchObject({ status: "queued", attempts: 1 });
    // The first retry waits a minute; before then nothing is sent.
    expect(waiting.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(50_000);
    expect(await processWebhooks()).toBe(0);
    expect(receiver.received).toHaveLength(1);

    await retryFallsDue(endpointId);
    expect(await processWebhooks()).toBe(1);
    expect(await processWebhooks()).toBe(0);
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second.headers.id).toBe(first.headers.id);
    expect(verify(secret, second)).toMatchObject({ type: "signoff.decided", id: first.headers.id, data: { decision: "approve", referenceConsent: false } });

    const { log, waiting: left } = await getEndpoint(p.admin, endpointId);
    expect(log.map((a) => [a.attempt, a.statusCode, a.eventId])).toEqual([
      [2, 200, first.headers.id],
      [1, 500, first.headers.id],
    ]);
    expect(left).toBe(0);
  });

  it("fails verification with a wrong secret, and after a rotation only the new secret verifies", async () => {
    const p = await programWithOpenRound();
    const { endpointId, secret } = await endpointFor(p, ["signoff.decided"]);
    await sendTestEvent({ actor: p.admin, endpointId });
    await processWebhooks();
    const [test] = receiver.received;
    expect(verify(secret, test)).toMatchObject({ type: "webhook.test", version: 1 });
    const stranger = await endpointFor(p, ["round.opened"]);
    expect(() => verify(stranger.secret, test)).toThrow(WebhookVerificationError);
    // A body changed on the way does not verify either.
    expect(() => verify(secret, { ...test, body: test.body.replace("webhook.test", "webhook.tost") })).toThrow(WebhookVerificationError);

    expect(await revealSecret({ actor: p.admin, endpointId })).toEqual({ secret });
    const rotated = await rotateSecret({ actor: p.admin, endpointId });
    expect(rotated.secret).not.toBe(secret);
    await sendTestEvent({ actor: p.admin, endpointId });
    await processWebhooks();
    const after = receiver.received[1];
    expect(() => verify(secret, after)).toThrow(WebhookVerificationError);
    expect(verify(rotated.secret, after).type).toBe("webhook.test");
    // The secret is stored sealed, never as itself.
    const [row] = await db().select({ sealedSecret: webhookEndpoints.sealedSecret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    expect(row.sealedSecret).not.toContain(rotated.secret.slice(6));
  });

  it("sends nothing to a disabled endpoint, and again once it is enabled", async () => {
    const p = await programWithOpenRound();
    const { endpointId } = await endpointFor(p, ["signoff.decided"]);
    await setEndpointEnabled({ actor: p.admin, endpointId, enabled: false });
    await decide(p, 0);
    await expect(sendTestEvent({ actor: p.admin, endpointId })).rejects.toMatchObject({ code: "conflict" });
    expect(await processWebhooks()).toBe(0);
    expect(receiver.received).toHaveLength(0);
    expect(await rowCount(webhookDeliveries, eq(webhookDeliveries.endpointId, endpointId))).toBe(0);

    await setEndpointEnabled({ actor: p.admin, endpointId, enabled: true });
    await decide(p, 1);
    expect(await processWebhooks()).toBe(1);
    expect(receiver.received).toHaveLength(1);

    // An event queued before the endpoint is disabled is not sent after.
    await decide(p, 2);
    await setEndpointEnabled({ actor: p.admin, endpointId, enabled: false });
    expect(await processWebhooks()).toBe(0);
    expect(receiver.received).toHaveLength(1);

    await deleteEndpoint({ actor: p.admin, endpointId });
    expect(await rowCount(webhookDeliveries, eq(webhookDeliveries.endpointId, endpointId))).toBe(0);
    await expect(getEndpoint(p.admin, endpointId)).rejects.toMatchObject({ code: "not_found" });
  });

  it("is managed by admins only: a PM and a viewer can neither read nor change endpoints, and another workspace cannot see them", async () => {
    const p = await programWithOpenRound();
    const { endpointId } = await endpointFor(p, ["round.opened"]);
    for (const role of ["pm", "viewer"] as const) {
      const actor = await addMember(p.workspaceId, role);
      await expect(createEndpoint({ actor, input: { intent: "create", url: receiver.url(), description: "", events: ["round.opened"] } })).rejects.toMatchObject({ code: "forbidden" });
      await expect(listEndpoints(actor)).rejects.toMatchObject({ code: "forbidden" });
      await expect(revealSecret({ actor, endpointId })).rejects.toMatchObject({ code: "forbidden" });
      await expect(sendTestEvent({ actor, endpointId })).rejects.toMatchObject({ code: "forbidden" });
      await expect(setEndpointEnabled({ actor, endpointId, enabled: false })).rejects.toMatchObject({ code: "forbidden" });
      await expect(deleteEndpoint({ actor, endpointId })).rejects.toMatchObject({ code: "forbidden" });
      // Through the page: the loader and the action answer 403 and change nothing.
      const cookie = (await createSession({ id: actor.memberId, workspaceId: p.workspaceId }, origin)).split(";")[0];
      const context = { clientIp: "127.0.0.1" };
      const page = await webhooksPage({ request: new Request("http://charter.test/settings/webhooks", { headers: { cookie } }), params: {}, context }).catch((e: unknown) => e);
      expect(page).toMatchObject({ status: 403 });
      const body = new URLSearchParams({ intent: "create", url: receiver.url(), events: "round.opened" });
      const post = await webhooksAction({ request: new Request("http://charter.test/settings/webhooks", { method: "POST", body, headers: { cookie, "content-type": "application/x-www-form-urlencoded" } }), params: {}, context }).catch((e: unknown) => e);
      expect(post).toMatchObject({ status: 403 });
    }
    expect(await rowCount(webhookEndpoints, eq(webhookEndpoints.workspaceId, p.workspaceId))).toBe(1);
    const other = await programWithOpenRound();
    await expect(getEndpoint(other.admin, endpointId)).rejects.toMatchObject({ code: "not_found" });
    await expect(revealSecret({ actor: other.admin, endpointId })).rejects.toMatchObject({ code: "not_found" });
    expect(await listEndpoints(other.admin)).toEqual([]);
  });

  it("refuses a plain-http or internal address in production, and any address but https or local http here", async () => {
    const p = await programWithOpenRound();
    await expect(createEndpoint({ actor: p.admin, input: { intent: "create", url: "http://hooks.example.com/x", description: "", events: ["round.opened"] } })).rejects.toMatchObject({ code: "invalid", field: "url" });
    expect(await rowCount(webhookEndpoints, eq(webhookEndpoints.workspaceId, p.workspaceId))).toBe(0);
    expect(endpointUrlRefusal("https://hooks.example.com/x", true)).toBeNull();
    for (const url of ["http://hooks.example.com/x", "https://localhost/x", "https://127.0.0.1/x", "https://10.1.2.3/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://[fd00::1]/x", "https://[::ffff:192.168.1.1]/x", "https://app.localhost/x"])
      expect(endpointUrlRefusal(url, true), url).not.toBeNull();
    expect(endpointUrlRefusal("http://127.0.0.1:9000/x", false)).toBeNull();
    expect(isInternalAddress("93.184.216.34")).toBe(false);
    expect(isInternalAddress("2606:4700::1111")).toBe(false);
    // A public-looking name that resolves inward is refused at delivery.
    const looked = await new Promise<Error | null>((resolve) => publicOnlyLookup("localhost", { all: true }, (error) => resolve(error)));
    expect(looked?.message).toMatch(/internal address/);
  });

  it("follows no redirect and gives up on a receiver that does not answer in time, logging both for a retry", async () => {
    const p = await programWithOpenRound();
    const { endpointId } = await endpointFor(p, ["signoff.decided"]);
    receiver.answer({ status: 302, location: receiver.url("/elsewhere") });
    await decide(p, 0);
    expect(await processWebhooks()).toBe(0);
    expect(receiver.received.map((r) => r.path)).toEqual(["/hooks"]);
    receiver.answer({ hang: true, status: 200 });
    await retryFallsDue(endpointId);
    expect(await processWebhooks()).toBe(0);
    const { log } = await getEndpoint(p.admin, endpointId);
    expect(log.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [2, null, "no answer within 1 s"],
      [1, 302, "answered with a redirect, which is not followed"],
    ]);
  });

  it("tells of rounds closing and opening and of readiness: a close that makes a customer referenceable, a withdrawal that ends it", async () => {
    const p = await programWithOpenRound({ minResponses: 1, minSus: 68, minTaskCompletionPct: 78 });
    const { secret } = await endpointFor(p, ["round.opened", "round.closed", "readiness.changed", "consent.changed"]);
    // Customer 0's user answers well and its buyer approves with consent: it passes both tests.
    const tasks = await listTasks(p.workspaceId, p.roundId);
    const [invite] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, p.workspaceId), eq(emailOutbox.toAddress, "user.0@customer.test")));
    const feedbackToken = invite.props.link.split("/f/")[1];
    expect((await loadFeedbackPage(feedbackToken)).state).toBe("ok");
    const input = { tasks: tasks.map((t) => ({ taskId: t.id, outcome: "completed" as const, comment: "" })), ...Object.fromEntries(PERFECT.map((a, i) => [`sus${i + 1}`, a])), confusing: "", missing: "" } as FeedbackInput;
    await submitFeedback({ token: feedbackToken, input, origin });
    await decide(p, 0);
    await closeRound({ actor: p.admin, programId: p.programId, roundId: p.roundId, outcome: "iterate", note: "Five more to win." });
    await processWebhooks();
    const events = receiver.received.map((hook) => verify(secret, hook));
    expect(events.map((e) => e.type).sort()).toEqual(["consent.changed", "readiness.changed", "round.closed"]);
    expect(events.find((e) => e.type === "round.closed")).toMatchObject({ data: { roundId: p.roundId, outcome: "iterate", passing: 1, target: 6 } });
    expect(events.find((e) => e.type === "readiness.changed")).toMatchObject({ data: { cause: "round.closed", referenceable: 1, target: 6, launchReady: false, gained: [{ customerId: p.customerIds[0], name: "Customer 0" }], lost: [] } });

    receiver.received.length = 0;
    const [receipt] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, p.workspaceId), eq(emailOutbox.template, "signoff-receipt")));
    await withdrawConsent({ token: receipt.props.withdrawLink.split("/consent/")[1], origin });
    await processWebhooks();
    const withdrawn = receiver.received.map((hook) => verify(secret, hook));
    expect(withdrawn.map((e) => e.type).sort()).toEqual(["consent.changed", "readiness.changed"]);
    expect(withdrawn.find((e) => e.type === "consent.changed")).toMatchObject({ data: { customerId: p.customerIds[0], consent: "withdrawn" } });
    expect(withdrawn.find((e) => e.type === "readiness.changed")).toMatchObject({ data: { cause: "consent.withdrawn", referenceable: 0, gained: [], lost: [{ customerId: p.customerIds[0], reason: "the buyer withdrew reference consent" }] } });

    // The next round opens: one round.opened, and readiness is not touched by an opening.
    receiver.received.length = 0;
    const next = await createRound({ actor: p.admin, programId: p.programId, input: { title: "R2", prototypeUrl: "", version: "", testerNotes: "", minResponses: 1, minSus: 68, minTaskCompletionPct: 78 } });
    if ((await listTasks(p.workspaceId, next.id)).length === 0) await changeTasks({ actor: p.admin, programId: p.programId, roundId: next.id, change: { intent: "add-task", instruction: "Try it", successCriteria: "" } });
    await openRound({ actor: p.admin, programId: p.programId, roundId: next.id });
    await processWebhooks();
    expect(receiver.received.map((hook) => verify(secret, hook))).toMatchObject([{ type: "round.opened", data: { programId: p.programId, roundId: next.id, number: 2 } }]);
    // Every event was queued once for the one endpoint: one delivery row each, all delivered.
    const rows = await db().select({ type: webhookDeliveries.type, status: webhookDeliveries.status }).from(webhookDeliveries).innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId)).where(eq(webhookEndpoints.workspaceId, p.workspaceId));
    expect(rows.map((r) => r.type).sort()).toEqual(["consent.changed", "consent.changed", "readiness.changed", "readiness.changed", "round.closed", "round.opened"]);
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
    expect(await rowCount(auditEvents, and(eq(auditEvents.workspaceId, p.workspaceId), eq(auditEvents.action, "webhook.endpoint_created")))).toBe(1);
  });
});
