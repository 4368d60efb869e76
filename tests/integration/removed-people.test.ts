/**
 * People who leave a customer's decision-making unit lose their links, in the same transaction:
 * removed, a role taken away, or the customer withdrawn. And a closed round refuses, in the
 * database itself, any decision, response or link written after its snapshot.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, contacts, emailOutbox, feedbackInvites, roundTasks, signoffLinks, signoffRequests, signoffs, userResponses, userResponseVersions } from "#db/schema";
import { changeCustomerStatus, removeContact, updateContact } from "~/modules/customers/customers.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { loadFeedbackPage, submitFeedback } from "~/modules/feedback/feedback.server";
import { closeRound, roundGate } from "~/modules/gates/gates.server";
import { getRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { loadSignoffPage, submitSignoff } from "~/modules/signoff/buyer.server";
import { REMINDER_SCHEDULE, sendDueSignoffReminders } from "~/modules/signoff/reminders.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import { clock } from "~/utils/clock.server";
import { pgError } from "~/utils/db-errors";
import { newToken } from "~/utils/tokens.server";
import { contactInput, origin, programWithOpenRound } from "../support/factories";

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

async function openProgram() {
  const p = await programWithOpenRound({ minResponses: 1, minSus: 10, minTaskCompletionPct: 10 });
  return { actor: p.admin, workspaceId: p.workspaceId, programId: p.programId, roundId: p.roundId, customerIds: p.customerIds };
}
type Program = Awaited<ReturnType<typeof openProgram>>;

async function contactOf(customerId: string, role: "isBuyer" | "isUser") {
  const [row] = await db().select({ id: contacts.id, email: contacts.email }).from(contacts).where(and(eq(contacts.customerId, customerId), eq(contacts[role], true), isNull(contacts.removedAt)));
  return row;
}

/** Sends the customer's sign-off request and adds one more personal link to it (as a reminder does). */
async function buyerLink(p: Program, customerId: string) {
  await saveBusinessCase({ actor: p.actor, programId: p.programId, roundId: p.roundId, customerId, input: caseInput });
  const { requestId } = await sendSignoffRequest({ actor: p.actor, programId: p.programId, roundId: p.roundId, customerId });
  const { token, hash } = newToken();
  await db().insert(signoffLinks).values({ workspaceId: p.workspaceId, requestId, tokenHash: hash });
  return { token, requestId };
}

/** One more personal feedback link of the customer's user, and a complete answer for it. */
async function userLink(p: Program, customerId: string) {
  const user = await contactOf(customerId, "isUser");
  const [invite] = await db().select({ expiresAt: feedbackInvites.expiresAt }).from(feedbackInvites).where(and(eq(feedbackInvites.contactId, user.id), eq(feedbackInvites.roundId, p.roundId)));
  const { token, hash } = newToken();
  await db().insert(feedbackInvites).values({ workspaceId: p.workspaceId, roundId: p.roundId, customerId, contactId: user.id, tokenHash: hash, expiresAt: invite.expiresAt });
  const tasks = await db().select({ id: roundTasks.id }).from(roundTasks).where(eq(roundTasks.roundId, p.roundId)).orderBy(asc(roundTasks.position));
  const input = {
    tasks: tasks.map((t) => ({ taskId: t.id, outcome: "completed" as const, comment: "" })),
    ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sus${i + 1}`, i % 2 === 0 ? 5 : 1])),
    confusing: "",
    missing: "",
  } as FeedbackInput;
  return { token, input, contactId: user.id };
}

async function valuableOf(p: Program, customerId: string) {
  const round = await getRound(p.workspaceId, p.programId, p.roundId);
  const { evaluations } = await roundGate({ workspaceId: p.workspaceId, round, target: 6, requireLowerBound: false });
  return evaluations.find((e) => e.customerId === customerId)!.valuable.state;
}

const linksRevoked = (contactId: string) =>
  db().select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.subjectId, contactId), eq(auditEvents.action, "contact.links_revoked")));

// Generous budgets: each case builds a program of six customers, on a machine that may be busy.
describe("removed people lose their links", { timeout: 120_000 }, () => {
  it("a removed buyer's link records nothing, their approval no longer counts, and reminders stop", async () => {
    const p = await openProgram();
    const [removedCustomer, keptCustomer] = p.customerIds;
    const removed = await buyerLink(p, removedCustomer);
    const kept = await buyerLink(p, keptCustomer);
    const buyer = await contactOf(removedCustomer, "isBuyer");

    await removeContact({ actor: p.actor, programId: p.programId, customerId: removedCustomer, contactId: buyer.id });
    expect((await loadSignoffPage(removed.token, origin)).state).toBe("revoked");
    await expect(submitSignoff({ token: removed.token, input: approve, origin })).rejects.toMatchObject({ code: "not_found", message: "revoked" });
    expect(await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.contactId, buyer.id))).toEqual([]);
    expect(await valuableOf(p, removedCustomer)).not.toBe("approved");
    expect(await linksRevoked(buyer.id)).toEqual([{ details: { reason: "contact_removed", feedback: 0, signoff: 1, consent: 0 } }]);

    // Reminder time: the kept buyer is reminded, the removed one is not.
    const later = new Date(Date.now() + REMINDER_SCHEDULE.firstAfterMs + 60_000);
    clock.now = () => later;
    expect(await sendDueSignoffReminders()).toBeGreaterThanOrEqual(1);
    const reminders = (to: string) => db().select({ id: emailOutbox.id }).from(emailOutbox).where(and(eq(emailOutbox.toAddress, to), eq(emailOutbox.template, "signoff-reminder")));
    expect(await reminders(buyer.email)).toEqual([]);
    expect(await reminders((await contactOf(keptCustomer, "isBuyer")).email)).toHaveLength(1);
    expect(kept.requestId).toBeTruthy();
  });

  it("a buyer removed after approving: the approval stops counting and the consent link ends", async () => {
    const p = await openProgram();
    const customerId = p.customerIds[0];
    const { token } = await buyerLink(p, customerId);
    expect(await submitSignoff({ token, input: approve, origin })).toMatchObject({ status: "recorded" });
    expect(await valuableOf(p, customerId)).toBe("approved");
    const buyer = await contactOf(customerId, "isBuyer");

    await removeContact({ actor: p.actor, programId: p.programId, customerId, contactId: buyer.id });
    expect(await valuableOf(p, customerId)).not.toBe("approved");
    const [decision] = await db().select({ consentTokenHash: signoffs.consentTokenHash, consent: signoffs.referenceConsent }).from(signoffs).where(eq(signoffs.contactId, buyer.id));
    expect(decision).toEqual({ consentTokenHash: null, consent: true });
    expect(await linksRevoked(buyer.id)).toEqual([{ details: { reason: "contact_removed", feedback: 0, signoff: 1, consent: 1 } }]);
  });

  it("taking away the buyer role ends the sign-off link; the user role's link goes on until it too is taken", async () => {
    const p = await openProgram();
    const customerId = p.customerIds[0];
    const buyer = await contactOf(customerId, "isBuyer");
    // The buyer is also a user of the product.
    await updateContact({ actor: p.actor, programId: p.programId, customerId, contactId: buyer.id, input: { ...contactInput("Buyer 0", { isBuyer: true, isUser: true }) } });
    const signoffLink = await buyerLink(p, customerId);
    const { hash, token: feedbackToken } = newToken();
    await db().insert(feedbackInvites).values({ workspaceId: p.workspaceId, roundId: p.roundId, customerId, contactId: buyer.id, tokenHash: hash, expiresAt: new Date(Date.now() + 86_400_000) });

    await updateContact({ actor: p.actor, programId: p.programId, customerId, contactId: buyer.id, input: contactInput("Buyer 0", { isUser: true }) });
    await expect(submitSignoff({ token: signoffLink.token, input: approve, origin })).rejects.toMatchObject({ code: "not_found", message: "revoked" });
    expect((await loadFeedbackPage(feedbackToken)).state).toBe("ok");
    expect(await linksRevoked(buyer.id)).toEqual([{ details: { reason: "role_removed", feedback: 0, signoff: 1, consent: 0 } }]);

    await updateContact({ actor: p.actor, programId: p.programId, customerId, contactId: buyer.id, input: contactInput("Buyer 0", { isChampion: true }) });
    expect((await loadFeedbackPage(feedbackToken)).state).toBe("revoked");
    expect((await linksRevoked(buyer.id)).map((r) => r.details)).toContainEqual({ reason: "role_removed", feedback: 1, signoff: 0, consent: 0 });
  });

  it("a withdrawn customer's users and buyer lose every link", async () => {
    const p = await openProgram();
    const customerId = p.customerIds[0];
    const user = await userLink(p, customerId);
    const buyer = await buyerLink(p, customerId);
    await changeCustomerStatus({ actor: p.actor, programId: p.programId, customerId, change: { intent: "withdraw", reason: "budget cut" } });

    expect((await loadFeedbackPage(user.token)).state).toBe("revoked");
    await expect(submitFeedback({ token: user.token, input: user.input, origin })).rejects.toMatchObject({ code: "not_found", message: "revoked" });
    await expect(submitSignoff({ token: buyer.token, input: approve, origin })).rejects.toMatchObject({ code: "not_found", message: "revoked" });
    expect(await db().select({ id: userResponses.id }).from(userResponses).where(eq(userResponses.customerId, customerId))).toEqual([]);
    const live = await db().select({ id: feedbackInvites.id }).from(feedbackInvites).where(and(eq(feedbackInvites.customerId, customerId), isNull(feedbackInvites.revokedAt)));
    expect(live).toEqual([]);
    expect((await linksRevoked(user.contactId)).map((r) => r.details)).toEqual([{ reason: "customer_withdrawn", feedback: 2, signoff: 0, consent: 0 }]);
    expect((await linksRevoked((await contactOf(customerId, "isBuyer")).id)).map((r) => r.details)).toEqual([{ reason: "customer_withdrawn", feedback: 0, signoff: 1, consent: 0 }]);
  });
});

describe("a closed round, in the database itself", { timeout: 120_000 }, () => {
  it("refuses a decision, a link, a response version or a changed decision after the close; consent may still be withdrawn", async () => {
    const p = await openProgram();
    const [decided, undecided] = p.customerIds;
    const first = await buyerLink(p, decided);
    await submitSignoff({ token: first.token, input: approve, origin });
    const second = await buyerLink(p, undecided);
    const user = await userLink(p, decided);
    await submitFeedback({ token: user.token, input: user.input, origin });
    await closeRound({ actor: p.actor, programId: p.programId, roundId: p.roundId, outcome: "iterate", note: "learned" });

    const [request] = await db().select().from(signoffRequests).where(eq(signoffRequests.id, second.requestId));
    const [decision] = await db().select().from(signoffs).where(eq(signoffs.requestId, first.requestId));
    const [response] = await db().select({ id: userResponses.id }).from(userResponses).where(eq(userResponses.contactId, user.contactId));
    const refused = (write: PromiseLike<unknown>) => expect(Promise.resolve(write).then(() => null, (error: unknown) => pgError(error))).resolves.toEqual({ code: "23514", constraint: "rounds_closed_read_only" });
    const { id: _id, ...copy } = decision;
    await refused(db().insert(signoffs).values({ ...copy, requestId: request.id, customerId: request.customerId, contactId: request.contactId, caseVersionId: request.caseVersionId, consentTokenHash: null }));
    await refused(db().update(signoffs).set({ decision: "decline", declineReason: "changed my mind" }).where(eq(signoffs.id, decision.id)));
    await refused(db().insert(signoffLinks).values({ workspaceId: p.workspaceId, requestId: request.id, tokenHash: newToken().hash }));
    await refused(db().update(signoffRequests).set({ expiresAt: new Date(Date.now() + 86_400_000) }).where(eq(signoffRequests.id, request.id)));
    await refused(db().update(feedbackInvites).set({ revokedAt: null, expiresAt: new Date(Date.now() + 86_400_000) }).where(eq(feedbackInvites.contactId, user.contactId)));
    await refused(db().insert(userResponseVersions).values({ workspaceId: p.workspaceId, responseId: response.id, version: 9, answers: {}, submittedAt: new Date() }));

    await db().update(signoffs).set({ consentWithdrawnAt: new Date() }).where(eq(signoffs.id, decision.id));
    const [after] = await db().select({ decision: signoffs.decision, withdrawn: sql<boolean>`${signoffs.consentWithdrawnAt} is not null` }).from(signoffs).where(eq(signoffs.id, decision.id));
    expect(after).toEqual({ decision: "approve", withdrawn: true });
  });
});
