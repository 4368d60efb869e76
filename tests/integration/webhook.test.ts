import { createHmac, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox, webhookEvents } from "#db/schema";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import { applyResendWebhook, processOutbox } from "~/modules/email/outbox.server";
import { createProgram } from "~/modules/programs/programs.server";
import { changeTasks, createRound, openRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { roundSignoffs } from "~/modules/signoff/round-signoffs.server";
import { contactInput, customerInput, newWorkspace, programInput, rowCount } from "../support/factories";
import { sendThroughResendStandIn } from "../support/resend-stand-in";

const secret = `whsec_${randomBytes(24).toString("base64")}`;

/** Signs a body as Resend (Svix / Standard Webhooks) does: HMAC-SHA256 of "id.timestamp.body". */
function sign(body: string, id = `msg_${randomBytes(6).toString("hex")}`, timestamp = Math.floor(Date.now() / 1000).toString()) {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { id, timestamp, signature: `v1,${signature}` };
}

sendThroughResendStandIn();

async function sentSignoffRequest() {
  const ws = await newWorkspace();
  const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
  const customerIds: string[] = [];
  for (let c = 0; c < 6; c++) {
    const { id } = await enrollCustomer({ actor: ws.admin, programId, input: customerInput(`Customer ${c}`) });
    await changeCustomerStatus({ actor: ws.admin, programId, customerId: id, change: { intent: "activate" } });
    await addContact({ actor: ws.admin, programId, customerId: id, input: contactInput(`Buyer ${c}`, { isBuyer: true }) });
    await addContact({ actor: ws.admin, programId, customerId: id, input: contactInput(`User ${c}`, { isUser: true }) });
    customerIds.push(id);
  }
  const round = await createRound({ actor: ws.admin, programId, input: { title: "R", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
  await changeTasks({ actor: ws.admin, programId, roundId: round.id, change: { intent: "add-task", instruction: "Try", successCriteria: "" } });
  await openRound({ actor: ws.admin, programId, roundId: round.id });
  await saveBusinessCase({ actor: ws.admin, programId, roundId: round.id, customerId: customerIds[0], input: { problem: "p", valueClaimed: "v", priceTerms: "t", notes: "" } });
  await sendSignoffRequest({ actor: ws.admin, programId, roundId: round.id, customerId: customerIds[0] });
  await processOutbox();
  const [email] = await db().select({ providerId: emailOutbox.providerId }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "signoff-request")));
  const state = async () => (await roundSignoffs({ workspaceId: ws.workspaceId, programId, roundId: round.id })).find((r) => r.customerId === customerIds[0])!.state;
  return { providerId: email.providerId!, state };
}

describe("Resend's delivery webhook", () => {
  it("shows a bounced sign-off request to the PM; the same event twice counts once", async () => {
    const { providerId, state } = await sentSignoffRequest();
    expect(await state()).toBe("sent");
    const body = JSON.stringify({ type: "email.bounced", created_at: new Date().toISOString(), data: { email_id: providerId } });
    const headers = sign(body);
    expect(await applyResendWebhook({ secret, body, headers })).toBe(true);
    expect(await state()).toBe("bounced");
    expect(await applyResendWebhook({ secret, body, headers })).toBe(true);
    expect(await rowCount(webhookEvents, eq(webhookEvents.id, headers.id))).toBe(1);
    // A late "delivered" does not hide the bounce.
    const delivered = JSON.stringify({ type: "email.delivered", data: { email_id: providerId } });
    await applyResendWebhook({ secret, body: delivered, headers: sign(delivered) });
    expect(await state()).toBe("bounced");
  });

  it("refuses a bad or missing signature and changes nothing", async () => {
    const { providerId, state } = await sentSignoffRequest();
    const body = JSON.stringify({ type: "email.bounced", data: { email_id: providerId } });
    const before = await rowCount(webhookEvents);
    const good = sign(body);
    expect(await applyResendWebhook({ secret, body, headers: { ...good, signature: `v1,${Buffer.from("forged").toString("base64")}` } })).toBe(false);
    expect(await applyResendWebhook({ secret, body: body.replace("bounced", "delivered"), headers: good })).toBe(false);
    expect(await applyResendWebhook({ secret, body, headers: { ...good, signature: null } })).toBe(false);
    // A replay of an old signature is outside the accepted time window.
    const stale = sign(body, undefined, String(Math.floor(Date.now() / 1000) - 3600));
    expect(await applyResendWebhook({ secret, body, headers: stale })).toBe(false);
    expect(await rowCount(webhookEvents)).toBe(before);
    expect(await state()).toBe("sent");
  });
});
