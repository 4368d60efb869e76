import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, emailOutbox, signoffLinks, signoffRequests, signoffs } from "#db/schema";
import { loadFeedbackPage } from "~/modules/feedback/feedback.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { loadConsentPage, loadSignoffPage, submitSignoff, withdrawConsent } from "~/modules/signoff/buyer.server";
import { getCertificate } from "~/modules/signoff/certificate.server";
import { remindBuyer, sendDueSignoffReminders } from "~/modules/signoff/reminders.server";
import { sendAllSignoffRequests, sendSignoffRequest } from "~/modules/signoff/requests.server";
import { roundSignoffs } from "~/modules/signoff/round-signoffs.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import { clock } from "~/utils/clock.server";
import { addMember, newWorkspace, origin, rowCount, programWithOpenRound } from "../support/factories";
import { emailProps } from "../support/emails";

const caseInput = { problem: "Overtime", valueClaimed: "15% less overtime", priceTerms: "EUR 24,000 a year", notes: "" };
const approve: SignoffInput = {
  decision: "approve",
  declineReason: "",
  conditions: "",
  willingnessToPay: "as_proposed",
  referenceConsent: "yes",
  consentNameLogo: true,
  consentCaseStudy: false,
  consentReferenceCalls: true,
  signatureName: "Bea Buyer",
};

async function openProgram() {
  const p = await programWithOpenRound();
  const ids = { programId: p.programId, roundId: p.roundId };
  return { ...p, customerId: p.customerIds[0], ids: { ...ids, customerId: p.customerIds[0] } };
}

/** The newest buyer link emailed to a customer's buyer. */
async function latestLink(workspaceId: string, email: string) {
  const rows = await db()
    .select({ props: emailProps, template: emailOutbox.template })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, workspaceId), eq(emailOutbox.toAddress, email)))
    .orderBy(emailOutbox.createdAt);
  const links = rows.map((r) => (r.props as { link?: string }).link).filter((l): l is string => !!l && l.includes("/s/"));
  return links.at(-1)!.split("/s/")[1];
}

const signoffTables = async () => ({
  signoffs: await rowCount(signoffs),
  requests: JSON.stringify(await db().select().from(signoffRequests).orderBy(signoffRequests.id)),
  links: JSON.stringify(await db().select().from(signoffLinks).orderBy(signoffLinks.id)),
});

describe("business case and request", () => {
  it("versions the case and binds the request to the version; an edit supersedes the old link and asks again", async () => {
    const ws = await openProgram();
    expect(await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput })).toMatchObject({ version: 1, changed: true, reRequested: false });
    expect(await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput })).toMatchObject({ version: 1, changed: false });
    await sendSignoffRequest({ actor: ws.admin, ...ws.ids });
    const first = await latestLink(ws.workspaceId, "buyer.0@customer.test");
    const page = await loadSignoffPage(first, origin);
    expect(page).toMatchObject({ state: "ok", businessCase: { version: 1, valueClaimed: "15% less overtime" } });

    expect(await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: { ...caseInput, priceTerms: "EUR 20,000 a year" } })).toMatchObject({ version: 2, reRequested: true });
    expect((await loadSignoffPage(first, origin)).state).toBe("superseded");
    await expect(submitSignoff({ token: first, input: approve, origin })).rejects.toMatchObject({ code: "not_found" });
    const second = await latestLink(ws.workspaceId, "buyer.0@customer.test");
    expect(second).not.toBe(first);
    expect(await loadSignoffPage(second, origin)).toMatchObject({ state: "ok", businessCase: { version: 2, priceTerms: "EUR 20,000 a year" } });
    expect(await submitSignoff({ token: second, input: approve, origin })).toMatchObject({ status: "recorded" });
    const [row] = await roundSignoffs({ workspaceId: ws.workspaceId, ...ws.ids }).then((rows) => rows.filter((r) => r.customerId === ws.customerId));
    expect(row).toMatchObject({ state: "approved", requestVersion: 2, caseVersion: 2, superseded: 1, referenceConsent: true });
  });

  it("sends to every buyer with a case, and says who was skipped and why", async () => {
    const ws = await openProgram();
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput });
    await saveBusinessCase({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId: ws.customerIds[1], input: caseInput });
    const result = await sendAllSignoffRequests({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId });
    expect(result.sent).toBe(2);
    expect(result.skipped).toHaveLength(4);
    expect(result.skipped[0]).toBe("Customer 2 has no business case yet.");
    // Sending again asks nobody twice.
    expect((await sendAllSignoffRequests({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId })).sent).toBe(0);
  });

  it("refuses a viewer and another workspace", async () => {
    const ws = await openProgram();
    const viewer = await addMember(ws.workspaceId, "viewer");
    const other = await newWorkspace();
    await expect(saveBusinessCase({ actor: viewer, ...ws.ids, input: caseInput })).rejects.toMatchObject({ code: "forbidden" });
    await expect(saveBusinessCase({ actor: other.admin, ...ws.ids, input: caseInput })).rejects.toMatchObject({ code: "not_found" });
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput });
    await expect(sendSignoffRequest({ actor: viewer, ...ws.ids })).rejects.toMatchObject({ code: "forbidden" });
    await expect(sendSignoffRequest({ actor: other.admin, ...ws.ids })).rejects.toMatchObject({ code: "not_found" });
    await sendSignoffRequest({ actor: ws.admin, ...ws.ids });
    const token = await latestLink(ws.workspaceId, "buyer.0@customer.test");
    await submitSignoff({ token, input: approve, origin });
    const [{ id }] = await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.roundId, ws.roundId));
    await expect(getCertificate({ workspaceId: other.workspaceId, programId: ws.programId, roundId: ws.roundId, signoffId: id })).rejects.toMatchObject({ code: "not_found" });
    const certificate = await getCertificate({ workspaceId: ws.workspaceId, programId: ws.programId, roundId: ws.roundId, signoffId: id });
    expect(certificate).toMatchObject({ decision: "approve", caseVersion: 1, buyerEmail: "buyer.0@customer.test", ip: "127.0.0.1", userAgent: "vitest" });
    expect(certificate.history.map((h) => h.action)).toEqual(["signoff.sent", "signoff.approved"]);
  });
});

describe("the buyer's link", () => {
  it("opening it changes no sign-off table and records 'opened' once", async () => {
    const ws = await openProgram();
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, ...ws.ids });
    const token = await latestLink(ws.workspaceId, "buyer.0@customer.test");
    const before = await signoffTables();
    for (let i = 0; i < 3; i++) expect((await loadSignoffPage(token, origin)).state).toBe("ok");
    await Promise.all(Array.from({ length: 5 }, () => loadSignoffPage(token, origin)));
    expect(await signoffTables()).toEqual(before);
    expect(await rowCount(auditEvents, and(eq(auditEvents.action, "signoff.opened"), eq(auditEvents.workspaceId, ws.workspaceId)))).toBe(1);
  });

  it("records exactly one decision from twenty parallel confirmations", async () => {
    const ws = await openProgram();
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, ...ws.ids });
    const token = await latestLink(ws.workspaceId, "buyer.0@customer.test");
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => submitSignoff({ token, input: i % 2 ? approve : { ...approve, decision: "decline", declineReason: "No" }, origin })));
    expect(results.filter((r) => r.status === "recorded")).toHaveLength(1);
    const first = results.find((r) => r.status === "recorded")!;
    for (const r of results.filter((r) => r.status === "already")) expect(r.decidedAt.getTime()).toBe(first.decidedAt.getTime());
    expect(await rowCount(signoffs, eq(signoffs.roundId, ws.roundId))).toBe(1);
    // The customer's whole trail: set-up, the case, the request, and one decision (whichever post won).
    const [decision] = await db().select({ decision: signoffs.decision }).from(signoffs).where(eq(signoffs.roundId, ws.roundId));
    const events = await db().select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.workspaceId, ws.workspaceId), eq(auditEvents.customerId, ws.customerId))).orderBy(auditEvents.id);
    expect(events.map((e) => e.action)).toEqual(["customer.enrolled", "customer.activated", "contact.added", "contact.added", "business_case.saved", "signoff.sent", decision.decision === "approve" ? "signoff.approved" : "signoff.declined"]);
    // Receipt to the buyer and a notice to the workspace's PM, once each.
    expect(await rowCount(emailOutbox, and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "signoff-receipt")))).toBe(1);
    expect(await rowCount(emailOutbox, and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "signoff-notice")))).toBe(1);
  });

  it("does not open the feedback form, nor a feedback link the buyer page", async () => {
    const ws = await openProgram();
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, ...ws.ids });
    const buyerToken = await latestLink(ws.workspaceId, "buyer.0@customer.test");
    const [invite] = await db()
      .select({ props: emailProps })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.toAddress, "user.0@customer.test"), eq(emailOutbox.template, "feedback-invite")));
    const userToken = (invite.props as { link: string }).link.split("/f/")[1];
    expect((await loadFeedbackPage(buyerToken)).state).toBe("unknown");
    expect((await loadSignoffPage(userToken, origin)).state).toBe("unknown");
    await expect(submitSignoff({ token: userToken, input: approve, origin })).rejects.toMatchObject({ code: "not_found" });
  });

  it("expires after 30 days and then records nothing", async () => {
    const ws = await openProgram();
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, ...ws.ids });
    const token = await latestLink(ws.workspaceId, "buyer.0@customer.test");
    clock.now = () => new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
    expect((await loadSignoffPage(token, origin)).state).toBe("expired");
    await expect(submitSignoff({ token, input: approve, origin })).rejects.toMatchObject({ code: "not_found" });
    expect(await rowCount(signoffs, eq(signoffs.roundId, ws.roundId))).toBe(0);
  });

  it("lets the buyer withdraw reference consent later, once", async () => {
    const ws = await openProgram();
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, ...ws.ids });
    await submitSignoff({ token: await latestLink(ws.workspaceId, "buyer.0@customer.test"), input: approve, origin });
    const [receipt] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "signoff-receipt")));
    const consentToken = (receipt.props as { withdrawLink: string }).withdrawLink.split("/consent/")[1];
    expect(await loadConsentPage(consentToken)).toMatchObject({ state: "given" });
    expect((await withdrawConsent({ token: consentToken, origin })).changed).toBe(true);
    expect((await withdrawConsent({ token: consentToken, origin })).changed).toBe(false);
    expect(await loadConsentPage(consentToken)).toMatchObject({ state: "withdrawn" });
    await expect(withdrawConsent({ token: "y".repeat(43), origin })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("reminders", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const at = (days: number) => {
    const t = Date.now() + days * DAY;
    clock.now = () => new Date(t);
  };

  it("go 3 days after the request, then every 2 days, at most 3, and never after a decision or expiry", async () => {
    const ws = await openProgram();
    for (const customerId of ws.customerIds.slice(0, 2)) {
      await saveBusinessCase({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId, input: caseInput });
      await sendSignoffRequest({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId });
    }
    const reminders = (email: string) =>
      rowCount(emailOutbox, and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "signoff-reminder")));

    at(2.9);
    await sendDueSignoffReminders();
    expect(await reminders("buyer.0@customer.test")).toBe(0);
    at(3.01);
    await sendDueSignoffReminders();
    expect(await reminders("buyer.0@customer.test")).toBe(1);
    // The second buyer decides with the reminder's link; the first reminder links still work.
    await submitSignoff({ token: await latestLink(ws.workspaceId, "buyer.1@customer.test"), input: approve, origin });
    at(4);
    await sendDueSignoffReminders();
    expect(await reminders("buyer.0@customer.test")).toBe(1);
    for (const day of [5.02, 7.03, 9.04, 11.05]) {
      at(day);
      await sendDueSignoffReminders();
    }
    expect(await reminders("buyer.0@customer.test")).toBe(3);
    expect(await reminders("buyer.1@customer.test")).toBe(1);
    // The PM's button respects the same limit, and nothing goes out after expiry.
    await expect(remindBuyer({ actor: ws.admin, ...ws.ids })).rejects.toThrow(/3 reminders already/);
    at(31);
    await expect(remindBuyer({ actor: ws.admin, ...ws.ids })).rejects.toThrow(/no open request/);
  });
});
