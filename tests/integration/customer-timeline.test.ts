import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { contacts, feedbackInvites, signoffLinks, signoffRequests } from "#db/schema";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import { customerTimeline } from "~/modules/customers/timeline.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { submitFeedback } from "~/modules/feedback/feedback.server";
import { createProgram } from "~/modules/programs/programs.server";
import { changeTasks, createRound, listTasks, openRound, resendFeedbackLink } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { newToken } from "~/utils/tokens.server";
import { contactInput, customerInput, newWorkspace, origin, programInput } from "../support/factories";

describe("a customer's history on one page", () => {
  it("shows each round's answers (attributed, with comments), the buyer's decision, and what happened when", async () => {
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
    const acme = customerIds[0];
    await addContact({ actor: ws.admin, programId, customerId: acme, input: contactInput("Second User", { isUser: true }) });
    const round = await createRound({ actor: ws.admin, programId, input: { title: "Board", prototypeUrl: "", version: "", testerNotes: "", minResponses: 2, minSus: 68, minTaskCompletionPct: 78 } });
    await changeTasks({ actor: ws.admin, programId, roundId: round.id, change: { intent: "add-task", instruction: "Plan a day", successCriteria: "" } });
    await openRound({ actor: ws.admin, programId, roundId: round.id });
    const [task] = await listTasks(ws.workspaceId, round.id);
    const person = async (name: string) => (await db().select({ id: contacts.id }).from(contacts).where(and(eq(contacts.customerId, acme), eq(contacts.name, name))))[0].id;

    // A link of our own for User 0 (the outbox's copy of the emailed one is not readable).
    const userLink = newToken();
    const [invite] = await db().select({ expiresAt: feedbackInvites.expiresAt }).from(feedbackInvites).where(eq(feedbackInvites.roundId, round.id)).limit(1);
    await db().insert(feedbackInvites).values({ workspaceId: ws.workspaceId, roundId: round.id, customerId: acme, contactId: await person("User 0"), tokenHash: userLink.hash, expiresAt: invite.expiresAt });
    const answers = { tasks: [{ taskId: task.id, outcome: "completed_with_help", comment: "Where is undo?" }], ...Object.fromEntries([5, 1, 5, 1, 5, 1, 5, 1, 5, 1].map((a, i) => [`sus${i + 1}`, a])), confusing: "The colours of the vans", missing: "" } as FeedbackInput;
    await submitFeedback({ token: userLink.token, input: answers, origin });
    await resendFeedbackLink({ actor: ws.admin, programId, roundId: round.id, contactId: await person("Second User") });

    await saveBusinessCase({ actor: ws.admin, programId, roundId: round.id, customerId: acme, input: { problem: "Overtime", valueClaimed: "15% less", priceTerms: "EUR 20,000", notes: "" } });
    const { requestId } = await sendSignoffRequest({ actor: ws.admin, programId, roundId: round.id, customerId: acme });
    const buyerLink = newToken();
    await db().insert(signoffLinks).values({ workspaceId: ws.workspaceId, requestId, tokenHash: buyerLink.hash });
    await submitSignoff({
      token: buyerLink.token,
      input: { decision: "approve", declineReason: "", conditions: "SSO by March", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "Buyer 0" },
      origin,
    });

    const timeline = await customerTimeline(ws.workspaceId, programId, acme);
    expect(timeline.rounds).toHaveLength(1);
    const [first] = timeline.rounds;
    expect(first).toMatchObject({ number: 1, title: "Board" });
    expect(first.answers).toHaveLength(1);
    expect(first.answers[0]).toMatchObject({ name: "User 0", email: "user.0@customer.test", susScore: 100, completed: 0, attempts: 1, confusing: "The colours of the vans", removed: false });
    expect(first.answers[0].taskComments).toEqual([{ responseId: first.answers[0].responseId, taskId: expect.any(String), position: 1, instruction: "Plan a day", outcome: "completed_with_help", comment: "Where is undo?" }]);
    expect(first.decisions).toEqual([expect.objectContaining({ buyerName: "Buyer 0", decision: "approve", caseVersion: 1, conditions: "SSO by March", referenceConsent: true, consentWithdrawnAt: null })]);

    const texts = timeline.activity.map((a) => a.text);
    expect(texts).toContain("A user's feedback link was re-sent (round 1) by Ada Admin; the earlier links stopped working");
    expect(texts).toContain("Business case saved as version 1 (round 1) by Ada Admin");
    expect(texts).toContain("Sign-off request for case version 1 sent to buyer.0@customer.test (round 1)");
    expect(texts).toContain("Activated by Ada Admin");
    expect(texts.filter((t) => t.startsWith("Email to second.user@customer.test"))).toHaveLength(2);
    expect(texts.some((t) => t.startsWith("Email to buyer.0@customer.test") && t.includes("round 1"))).toBe(true);
    // Only this customer's people: another customer's emails and events stay out.
    expect(texts.some((t) => t.includes("user.1@customer.test") || t.includes("buyer.1@customer.test"))).toBe(false);
    // Newest first.
    const times = timeline.activity.map((a) => new Date(a.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(await db().select({ id: signoffRequests.id }).from(signoffRequests).where(eq(signoffRequests.customerId, acme))).toHaveLength(1);
  });
});
