import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, customerQuotes, emailOutbox, notices, quoteLinks } from "#db/schema";
import { addContact, listContacts } from "~/modules/customers/customers.server";
import { loadFeedbackPage } from "~/modules/feedback/feedback.server";
import { loadQuotePage, submitQuoteAnswer } from "~/modules/quotes/answers.server";
import { approvedQuotes } from "~/modules/quotes/approved.server";
import { customerQuotesPanel } from "~/modules/quotes/panel.server";
import type { QuoteAnswer } from "~/modules/quotes/quotes.schema";
import { changeQuotes } from "~/modules/quotes/requests.server";
import { loadSignoffPage, withdrawConsent } from "~/modules/signoff/buyer.server";
import { clock } from "~/utils/clock.server";
import { hashToken } from "~/utils/tokens.server";
import { emailProps } from "../support/emails";
import { addMember, contactInput, newWorkspace, origin, rowCount } from "../support/factories";
import { referenceableProgram } from "../support/referenceable";
import { tableFingerprints } from "../support/tables";

const give: QuoteAnswer = { intent: "give", text: "We plan a day in half the time.", attribution: "Cam Champion, Ops lead" };
const approve: QuoteAnswer = { intent: "approve", decision: "approve", note: "", signatureName: "Bea Buyer" };
const reject: QuoteAnswer = { intent: "approve", decision: "reject", note: "Not before launch", signatureName: "Bea Buyer" };

/** A referenceable program whose first customer has a champion, "Cam Champion". */
async function world() {
  const ws = await referenceableProgram();
  const customerId = ws.customerIds[0];
  const { id: championId } = await addContact({ actor: ws.admin, programId: ws.programId, customerId, input: contactInput("Cam Champion", { isChampion: true }) });
  const scope = { actor: ws.admin, programId: ws.programId, customerId };
  return { ...ws, customerId, championId, scope };
}

/** The newest quote link emailed to an address. */
async function latestQuoteLink(workspaceId: string, email: string) {
  const rows = await db()
    .select({ props: emailProps })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, workspaceId), eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "quote-request")))
    .orderBy(emailOutbox.createdAt, emailOutbox.id);
  return (rows.at(-1)!.props as { link: string }).link.split("/q/")[1];
}

const quoteRow = async (id: string) => (await db().select().from(customerQuotes).where(eq(customerQuotes.id, id)))[0];

describe("the champion's quote", () => {
  it("asks the champion with a hashed, expiring link and one email, in one transaction", async () => {
    const w = await world();
    const { quoteId } = await changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: w.championId } });
    expect(await quoteRow(quoteId)).toMatchObject({ status: "requested", source: "champion", text: null });
    const token = await latestQuoteLink(w.workspaceId, "cam.champion@customer.test");
    const [link] = await db().select().from(quoteLinks).where(eq(quoteLinks.quoteId, quoteId));
    // Only the hash is stored; the link ends in 30 days.
    expect(link).toMatchObject({ purpose: "give", tokenHash: hashToken(token), revokedAt: null });
    expect(JSON.stringify(await db().select().from(quoteLinks))).not.toContain(token);
    expect(Math.round((link.expiresAt.getTime() - link.createdAt.getTime()) / 86_400_000)).toBe(30);
    // Asking again while the first request waits is refused: re-send instead.
    await expect(changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: w.championId } })).rejects.toMatchObject({ code: "conflict" });
    // Someone who is not a champion of this customer cannot be asked.
    const [buyer] = (await listContacts(w.workspaceId, w.customerId)).filter((c) => c.isBuyer);
    await expect(changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: buyer.id } })).rejects.toMatchObject({ code: "invalid", field: "contactId" });
    expect(await rowCount(customerQuotes, eq(customerQuotes.customerId, w.customerId))).toBe(1);
  });

  it("opening either link changes nothing; the champion's quote and the buyer's approval each record once from twenty parallel posts", async () => {
    const w = await world();
    const { quoteId } = await changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: w.championId } });
    const giveToken = await latestQuoteLink(w.workspaceId, "cam.champion@customer.test");

    let before = await tableFingerprints();
    for (let i = 0; i < 3; i++) expect(await loadQuotePage(giveToken)).toMatchObject({ state: "give", customerName: "Ødegård Ænergi" });
    expect(await tableFingerprints()).toEqual(before);

    const gives = await Promise.all(Array.from({ length: 20 }, (_, i) => submitQuoteAnswer({ token: giveToken, input: { ...give, text: `${give.text} (${i})` }, origin })));
    expect(gives.filter((r) => r.status === "recorded")).toHaveLength(1);
    const first = gives.find((r) => r.status === "recorded")!;
    for (const r of gives) expect(r.at.getTime()).toBe(first.at.getTime());
    const given = await quoteRow(quoteId);
    expect(given).toMatchObject({ status: "given", attribution: give.attribution });
    // A replay later is "already recorded" and changes nothing.
    before = await tableFingerprints();
    expect(await submitQuoteAnswer({ token: giveToken, input: { ...give, text: "Something else" }, origin })).toMatchObject({ status: "already" });
    expect(await loadQuotePage(giveToken)).toMatchObject({ state: "answered", purpose: "give", text: given.text });
    expect(await tableFingerprints()).toEqual(before);

    // The buyer was asked by a link of their own, once.
    expect(await rowCount(emailOutbox, and(eq(emailOutbox.workspaceId, w.workspaceId), eq(emailOutbox.template, "quote-request"), eq(emailOutbox.toAddress, "buyer.0@customer.test")))).toBe(1);
    const approveToken = await latestQuoteLink(w.workspaceId, "buyer.0@customer.test");
    before = await tableFingerprints();
    expect(await loadQuotePage(approveToken)).toMatchObject({ state: "approve", text: given.text, attribution: give.attribution, approverName: "Zoë Ødegård" });
    expect(await tableFingerprints()).toEqual(before);
    // Not yet approved: the dossier's list has nothing.
    expect(await approvedQuotes({ workspaceId: w.workspaceId, programId: w.programId })).toEqual([]);

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => submitQuoteAnswer({ token: approveToken, input: i % 2 ? approve : reject, origin })));
    expect(answers.filter((r) => r.status === "recorded")).toHaveLength(1);
    const answered = await quoteRow(quoteId);
    expect(answered).toMatchObject({ signatureName: "Bea Buyer", ip: "127.0.0.1", userAgent: "vitest" });
    expect(["approved", "rejected"]).toContain(answered.status);
    expect(await submitQuoteAnswer({ token: approveToken, input: approve, origin })).toMatchObject({ status: "already" });

    const events = await db().select({ action: auditEvents.action, actorType: auditEvents.actorType }).from(auditEvents).where(eq(auditEvents.subjectId, quoteId)).orderBy(auditEvents.id);
    expect(events).toEqual([
      { action: "quote.requested", actorType: "member" },
      { action: "quote.given", actorType: "champion" },
      { action: answered.status === "approved" ? "quote.approved" : "quote.rejected", actorType: "buyer" },
    ]);
    const raised = await db().select({ kind: notices.kind, title: notices.title }).from(notices).where(eq(notices.workspaceId, w.workspaceId)).orderBy(notices.createdAt);
    expect(raised.filter((n) => n.kind === "quote_answered").map((n) => n.title)).toEqual([
      "Cam Champion gave a quote for Ødegård Ænergi",
      `Ødegård Ænergi's buyer ${answered.status} a quote for public use`,
    ]);
    const shown = await approvedQuotes({ workspaceId: w.workspaceId, programId: w.programId, customerId: w.customerId });
    expect(shown.map((q) => q.id)).toEqual(answered.status === "approved" ? [quoteId] : []);
  });

  it("shows approved quotes in the dossier until the buyer withdraws reference consent; rejected and withdrawn ones never", async () => {
    const w = await world();
    const asked = async (label: string) => {
      const { quoteId } = await changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: w.championId } });
      await submitQuoteAnswer({ token: await latestQuoteLink(w.workspaceId, "cam.champion@customer.test"), input: { ...give, text: label }, origin });
      return { quoteId, approveToken: await latestQuoteLink(w.workspaceId, "buyer.0@customer.test") };
    };
    const kept = await asked("Kept quote");
    await submitQuoteAnswer({ token: kept.approveToken, input: approve, origin });
    const rejected = await asked("Rejected quote");
    await submitQuoteAnswer({ token: rejected.approveToken, input: reject, origin });
    const withdrawnAfterApproval = await asked("Withdrawn quote");
    await submitQuoteAnswer({ token: withdrawnAfterApproval.approveToken, input: approve, origin });
    await changeQuotes({ ...w.scope, input: { intent: "withdraw-quote", quoteId: withdrawnAfterApproval.quoteId } });
    const withdrawnBeforeApproval = await asked("Never approved quote");
    await changeQuotes({ ...w.scope, input: { intent: "withdraw-quote", quoteId: withdrawnBeforeApproval.quoteId } });
    // The withdrawn quote's link no longer takes an answer.
    expect((await loadQuotePage(withdrawnBeforeApproval.approveToken)).state).toBe("withdrawn");
    await expect(submitQuoteAnswer({ token: withdrawnBeforeApproval.approveToken, input: approve, origin })).rejects.toMatchObject({ code: "not_found" });
    expect((await quoteRow(withdrawnBeforeApproval.quoteId)).status).toBe("withdrawn");
    // A quote withdrawn before the champion wrote a word (the junk-form fuzzing found this one).
    const unwritten = await changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: w.championId } });
    await changeQuotes({ ...w.scope, input: { intent: "withdraw-quote", quoteId: unwritten.quoteId } });
    expect((await quoteRow(unwritten.quoteId)).status).toBe("withdrawn");

    expect((await approvedQuotes({ workspaceId: w.workspaceId, programId: w.programId })).map((q) => q.id)).toEqual([kept.quoteId]);
    const { dossierPdf } = await import("~/modules/documents/dossier-pdf.server");
    const { pdfText } = await import("../support/pdf-text");
    const text = await pdfText((await dossierPdf({ workspaceId: w.workspaceId, programId: w.programId, customerId: w.customerId })).bytes);
    expect(text).toContain("“Kept quote” — Cam Champion, Ops lead");
    for (const gone of ["Rejected quote", "Withdrawn quote", "Never approved quote"]) expect(text).not.toContain(gone);

    // The buyer withdraws reference consent: the customer's approved quotes stop showing.
    const [receipt] = await db()
      .select({ props: emailProps })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.workspaceId, w.workspaceId), eq(emailOutbox.template, "signoff-receipt"), eq(emailOutbox.toAddress, "buyer.0@customer.test")));
    clock.now = () => new Date(Date.now() + 60_000);
    await withdrawConsent({ token: (receipt.props as { withdrawLink: string }).withdrawLink.split("/consent/")[1], origin });
    expect(await approvedQuotes({ workspaceId: w.workspaceId, programId: w.programId })).toEqual([]);
  });

  it("proposes a user's comment straight to the buyer, in the user's own words", async () => {
    const w = await world();
    const panel = await customerQuotesPanel(w.workspaceId, w.customerId);
    const comment = panel.comments.find((c) => c.value.endsWith(":confusing"))!;
    expect(comment.text).toBe("Nothing");
    const { quoteId } = await changeQuotes({ ...w.scope, input: { intent: "propose-quote", comment: comment.value } });
    expect(await quoteRow(quoteId)).toMatchObject({ status: "given", source: "user_comment", text: "Nothing" });
    // Nothing went to the champion; the buyer was asked.
    expect(await rowCount(emailOutbox, and(eq(emailOutbox.workspaceId, w.workspaceId), eq(emailOutbox.toAddress, "cam.champion@customer.test")))).toBe(0);
    const token = await latestQuoteLink(w.workspaceId, "buyer.0@customer.test");
    expect(await loadQuotePage(token)).toMatchObject({ state: "approve", fromUser: true, text: "Nothing" });
    // The same comment is not offered, nor taken, twice.
    expect((await customerQuotesPanel(w.workspaceId, w.customerId)).comments.map((c) => c.value)).not.toContain(comment.value);
    await expect(changeQuotes({ ...w.scope, input: { intent: "propose-quote", comment: comment.value } })).rejects.toMatchObject({ code: "conflict" });
    // A comment of another customer's user is refused.
    const other = (await customerQuotesPanel(w.workspaceId, w.customerIds[1])).comments[0];
    await expect(changeQuotes({ ...w.scope, input: { intent: "propose-quote", comment: other.value } })).rejects.toMatchObject({ code: "invalid", field: "comment" });
  });

  it("re-sends and revokes links: the old link stops working, the new one works", async () => {
    const w = await world();
    const { quoteId } = await changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: w.championId } });
    const first = await latestQuoteLink(w.workspaceId, "cam.champion@customer.test");
    await changeQuotes({ ...w.scope, input: { intent: "resend-quote", quoteId } });
    const second = await latestQuoteLink(w.workspaceId, "cam.champion@customer.test");
    expect(second).not.toBe(first);
    expect((await loadQuotePage(first)).state).toBe("revoked");
    await expect(submitQuoteAnswer({ token: first, input: give, origin })).rejects.toMatchObject({ code: "not_found" });
    expect((await customerQuotesPanel(w.workspaceId, w.customerId)).quotes[0].liveLink).toMatchObject({ purpose: "give" });
    await changeQuotes({ ...w.scope, input: { intent: "revoke-quote", quoteId } });
    expect((await loadQuotePage(second)).state).toBe("revoked");
    expect((await customerQuotesPanel(w.workspaceId, w.customerId)).quotes[0]).toMatchObject({ status: "requested", liveLink: null });
    await expect(changeQuotes({ ...w.scope, input: { intent: "revoke-quote", quoteId } })).rejects.toMatchObject({ code: "conflict" });
    await changeQuotes({ ...w.scope, input: { intent: "resend-quote", quoteId } });
    expect(await submitQuoteAnswer({ token: await latestQuoteLink(w.workspaceId, "cam.champion@customer.test"), input: give, origin })).toMatchObject({ status: "recorded" });
    // Expired: the buyer's link of 30 days takes nothing on day 31.
    const approveToken = await latestQuoteLink(w.workspaceId, "buyer.0@customer.test");
    clock.now = () => new Date(Date.now() + 31 * 86_400_000);
    expect((await loadQuotePage(approveToken)).state).toBe("expired");
    await expect(submitQuoteAnswer({ token: approveToken, input: approve, origin })).rejects.toMatchObject({ code: "not_found" });
    expect((await quoteRow(quoteId)).status).toBe("given");
  });

  it("keeps its links apart from the feedback and sign-off links, and each link to its own step", async () => {
    const w = await world();
    await changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: w.championId } });
    const giveToken = await latestQuoteLink(w.workspaceId, "cam.champion@customer.test");
    const links = async (template: string, marker: string) =>
      (await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, w.workspaceId), eq(emailOutbox.template, template)))).map((r) => (r.props as { link: string }).link.split(marker)[1]);
    const [feedbackToken] = await links("feedback-invite", "/f/");
    const [signoffToken] = await links("signoff-request", "/s/");
    expect((await loadSignoffPage(giveToken, origin)).state).toBe("unknown");
    expect((await loadFeedbackPage(giveToken)).state).toBe("unknown");
    expect((await loadQuotePage(feedbackToken)).state).toBe("unknown");
    expect((await loadQuotePage(signoffToken)).state).toBe("unknown");
    await expect(submitQuoteAnswer({ token: signoffToken, input: approve, origin })).rejects.toMatchObject({ code: "not_found" });
    // The champion's link takes no approval, and the buyer's no quote.
    await expect(submitQuoteAnswer({ token: giveToken, input: approve, origin })).rejects.toMatchObject({ code: "not_found" });
    await submitQuoteAnswer({ token: giveToken, input: give, origin });
    const approveToken = await latestQuoteLink(w.workspaceId, "buyer.0@customer.test");
    await expect(submitQuoteAnswer({ token: approveToken, input: give, origin })).rejects.toMatchObject({ code: "not_found" });
    expect((await db().select({ status: customerQuotes.status }).from(customerQuotes).where(eq(customerQuotes.customerId, w.customerId)))[0].status).toBe("given");
  });

  it("refuses a viewer and another workspace, changing nothing", async () => {
    const w = await world();
    const viewer = await addMember(w.workspaceId, "viewer");
    const other = await newWorkspace();
    const { quoteId } = await changeQuotes({ ...w.scope, input: { intent: "ask-quote", contactId: w.championId } });
    const before = await tableFingerprints();
    for (const actor of [viewer, other.admin]) {
      const code = actor === viewer ? "forbidden" : "not_found";
      await expect(changeQuotes({ ...w.scope, actor, input: { intent: "withdraw-quote", quoteId } })).rejects.toMatchObject({ code });
      await expect(changeQuotes({ ...w.scope, actor, input: { intent: "resend-quote", quoteId } })).rejects.toMatchObject({ code });
      await expect(changeQuotes({ ...w.scope, actor, input: { intent: "ask-quote", contactId: w.championId } })).rejects.toMatchObject({ code });
    }
    expect(await approvedQuotes({ workspaceId: other.workspaceId, programId: w.programId })).toEqual([]);
    expect((await customerQuotesPanel(other.workspaceId, w.customerId)).quotes).toEqual([]);
    const after = await tableFingerprints();
    // A viewer's refusal adds nothing but the security trail's record of it (written by the route, not here).
    expect(after).toEqual(before);
  });
});
