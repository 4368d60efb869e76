import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { businessCaseVersions, businessCases, emailOutbox, programs, rounds, signoffRequests, signoffs } from "#db/schema";
import { addContact, changeCustomerStatus, listContacts, updateContact } from "~/modules/customers/customers.server";
import { closeRound, type GateSnapshot } from "~/modules/gates/gates.server";
import { programReadiness } from "~/modules/gates/readiness.server";
import { createRound, openRound } from "~/modules/rounds/rounds.server";
import { applyCaseTemplate, caseVersions, lastAnswer, saveBusinessCase, saveCaseTemplate } from "~/modules/signoff/business-case.server";
import { loadSignoffPage, submitSignoff } from "~/modules/signoff/buyer.server";
import { sendAllSignoffRequests, sendSignoffRequest } from "~/modules/signoff/requests.server";
import { roundSignoffs } from "~/modules/signoff/round-signoffs.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import { AppError } from "~/utils/errors";
import { emailProps } from "../support/emails";
import { contactInput, origin, programWithOpenRound, rowCount } from "../support/factories";

const caseV1 = { problem: "Overtime", valueClaimed: "15% less overtime", priceTerms: "EUR 24,000 a year", notes: "" };
const approve: SignoffInput = { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "Buyer" };

type P = Awaited<ReturnType<typeof programWithOpenRound>>;

/** The buyer answers the newest sign-off email sent to them. */
async function buyerAnswers(p: P, email: string, input: SignoffInput = approve) {
  const rows = await db()
    .select({ props: emailProps })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, p.workspaceId), eq(emailOutbox.template, "signoff-request"), eq(emailOutbox.toAddress, email)))
    .orderBy(emailOutbox.createdAt);
  const token = (rows.at(-1)!.props as { link: string }).link.split("/s/")[1];
  const page = await loadSignoffPage(token, origin);
  expect(page.state).toBe("ok");
  await submitSignoff({ token, input, origin });
  return page;
}

async function approvedInRound1(p: P, customer = 0) {
  const customerId = p.customerIds[customer];
  await saveBusinessCase({ actor: p.admin, programId: p.programId, roundId: p.roundId, customerId, input: caseV1 });
  await sendSignoffRequest({ actor: p.admin, programId: p.programId, roundId: p.roundId, customerId });
  await buyerAnswers(p, `buyer.${customer}@customer.test`);
  await closeRound({ actor: p.admin, programId: p.programId, roundId: p.roundId, outcome: "iterate", note: "Next: the dispatch view." });
}

async function nextRound(p: P) {
  const round = await createRound({ actor: p.admin, programId: p.programId, input: { title: "Next", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 }, copyTasks: true });
  await openRound({ actor: p.admin, programId: p.programId, roundId: round.id });
  return round.id;
}

const stateIn = async (p: P, roundId: string, customer = 0) => (await roundSignoffs({ workspaceId: p.workspaceId, programId: p.programId, roundId })).find((r) => r.customerId === p.customerIds[customer])!;

describe("the business case across rounds", () => {
  it("an unchanged case: round 1's approval counts in rounds 2 and 3 without asking the buyer again", async () => {
    const p = await programWithOpenRound();
    await approvedInRound1(p);
    const requestsBefore = await rowCount(signoffRequests);
    const second = await nextRound(p);
    expect(await stateIn(p, second)).toMatchObject({ state: "approved", requestId: null, carried: { decision: "approve", version: 1, roundNumber: 1 } });
    // "Send to every buyer not yet asked" leaves a standing approval alone.
    expect((await sendAllSignoffRequests({ actor: p.admin, programId: p.programId, roundId: second })).sent).toBe(0);
    await closeRound({ actor: p.admin, programId: p.programId, roundId: second, outcome: "iterate", note: "More users." });
    const third = await nextRound(p);
    expect(await stateIn(p, third)).toMatchObject({ state: "approved", carried: { version: 1, roundNumber: 1 } });
    expect(await rowCount(signoffRequests)).toBe(requestsBefore);
    // The case is the customer's: one history, shown in every round.
    expect((await caseVersions(p.workspaceId, p.customerIds[0])).map((v) => v.version)).toEqual([1]);
    expect(await rowCount(businessCases, eq(businessCases.customerId, p.customerIds[0]))).toBe(1);
  });

  it("an edit in round 2 asks to confirm, naming the buyer; then ends the approval and asks again", async () => {
    const p = await programWithOpenRound();
    await approvedInRound1(p);
    const second = await nextRound(p);
    const edited = { ...caseV1, priceTerms: "EUR 30,000 a year" };
    const refused = await saveBusinessCase({ actor: p.admin, programId: p.programId, roundId: second, customerId: p.customerIds[0], input: edited }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe("Saving ends Buyer 0's approval of version 1 (given in round 1). Tick the box to confirm, then save again.");
    expect(await rowCount(businessCaseVersions, eq(businessCaseVersions.priceTerms, "EUR 30,000 a year"))).toBe(0);

    const saved = await saveBusinessCase({ actor: p.admin, programId: p.programId, roundId: second, customerId: p.customerIds[0], input: edited, endApproval: true });
    expect(saved).toEqual({ version: 2, changed: true, reRequested: true });
    expect(await stateIn(p, second)).toMatchObject({ state: "sent", carried: null, requestVersion: 2 });
    // The PM's page compares the new version with the one the buyer last answered.
    expect(await lastAnswer(p.workspaceId, p.customerIds[0])).toMatchObject({ buyerName: "Buyer 0", decision: "approve", version: 1, roundNumber: 1, isCurrent: false, priceTerms: "EUR 24,000 a year" });
    // The buyer's page says what changed since they last answered.
    const page = await buyerAnswers(p, "buyer.0@customer.test");
    expect(page).toMatchObject({ previous: { version: 1, decision: "approve", roundNumber: 1, priceTerms: "EUR 24,000 a year" }, businessCase: { version: 2, priceTerms: "EUR 30,000 a year" } });
    expect(await stateIn(p, second)).toMatchObject({ state: "approved", carried: null, requestVersion: 2 });
  });

  it("with 'buyers re-confirm every round' on, each round asks again", async () => {
    const p = await programWithOpenRound();
    await approvedInRound1(p);
    await db().update(programs).set({ reconfirmEveryRound: true }).where(eq(programs.id, p.programId));
    const second = await nextRound(p);
    expect(await stateIn(p, second)).toMatchObject({ state: "not_sent", carried: null });
    await sendSignoffRequest({ actor: p.admin, programId: p.programId, roundId: second, customerId: p.customerIds[0] });
    await buyerAnswers(p, "buyer.0@customer.test");
    expect(await stateIn(p, second)).toMatchObject({ state: "approved", carried: null, requestVersion: 1 });
  });

  it("a customer withdrawn and re-enrolled, or a replaced buyer, starts again", async () => {
    const p = await programWithOpenRound();
    await approvedInRound1(p, 0);
    // approvedInRound1 closed the round; approve customer 1 too in a second round, then carry on.
    const second = await nextRound(p);
    await changeCustomerStatus({ actor: p.admin, programId: p.programId, customerId: p.customerIds[0], change: { intent: "withdraw", reason: "Reorganising" } });
    await changeCustomerStatus({ actor: p.admin, programId: p.programId, customerId: p.customerIds[0], change: { intent: "reenroll" } });
    await changeCustomerStatus({ actor: p.admin, programId: p.programId, customerId: p.customerIds[0], change: { intent: "activate" } });
    expect(await stateIn(p, second)).toMatchObject({ state: "not_sent", carried: null });

    // Customer 1's buyer approved in round 2; then a new buyer takes over.
    await saveBusinessCase({ actor: p.admin, programId: p.programId, roundId: second, customerId: p.customerIds[1], input: caseV1 });
    await sendSignoffRequest({ actor: p.admin, programId: p.programId, roundId: second, customerId: p.customerIds[1] });
    await buyerAnswers(p, "buyer.1@customer.test");
    await closeRound({ actor: p.admin, programId: p.programId, roundId: second, outcome: "iterate", note: "Again." });
    const third = await nextRound(p);
    expect(await stateIn(p, third, 1)).toMatchObject({ state: "approved", carried: { roundNumber: 2 } });
    const [oldBuyer] = (await listContacts(p.workspaceId, p.customerIds[1])).filter((c) => c.isBuyer);
    await updateContact({ actor: p.admin, programId: p.programId, customerId: p.customerIds[1], contactId: oldBuyer.id, input: contactInput("Buyer 1", { isUser: true }) });
    await addContact({ actor: p.admin, programId: p.programId, customerId: p.customerIds[1], input: contactInput("New Buyer", { isBuyer: true }) });
    expect(await stateIn(p, third, 1)).toMatchObject({ state: "not_sent", carried: null, buyerName: "New Buyer" });
  });

  it("round 2's stored gate names the round-1 decision, and readiness reads its consent from there", async () => {
    const p = await programWithOpenRound();
    await approvedInRound1(p);
    const first = p.roundId;
    const second = await nextRound(p);
    await closeRound({ actor: p.admin, programId: p.programId, roundId: second, outcome: "iterate", note: "Keep going." });
    const [round1Decision] = await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.roundId, first));
    const [stored] = await db().select({ gate: rounds.gateSnapshot }).from(rounds).where(eq(rounds.id, second));
    const entry = (stored.gate as GateSnapshot).customers.find((c) => c.customerId === p.customerIds[0])!;
    expect(entry.valuable).toEqual({ state: "approved", reason: "approved version 1 in round 1 — still current", signoffId: round1Decision.id });
    // Usable fails (no users answered), and consent is found: the reason names the test only.
    const readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness.customers.find((c) => c.customerId === p.customerIds[0])).toMatchObject({ referenceable: false, blockedOn: "usability", reason: "round 2 usable test: 0 of 3 responses" });
    // A customer with neither: both tests named.
    expect(readiness.customers.find((c) => c.customerId === p.customerIds[1])?.reason).toMatch(/^round 2 usable test: .*; valuable test: /);
  });

  it("the program's template gives every customer without a case a first version, with its name filled in", async () => {
    const p = await programWithOpenRound();
    await saveBusinessCase({ actor: p.admin, programId: p.programId, roundId: p.roundId, customerId: p.customerIds[0], input: caseV1 });
    await expect(applyCaseTemplate({ actor: p.admin, programId: p.programId })).rejects.toThrow("Fill in the template's problem, value and price first.");
    await saveCaseTemplate({ actor: p.admin, programId: p.programId, input: { problem: "{customer} plans shifts by hand", valueClaimed: "{customer} saves 10 hours a week", priceTerms: "EUR 20,000 a year" } });
    const { applied } = await applyCaseTemplate({ actor: p.admin, programId: p.programId });
    expect(applied).toEqual(["Customer 1", "Customer 2", "Customer 3", "Customer 4", "Customer 5"]);
    expect((await caseVersions(p.workspaceId, p.customerIds[2]))[0]).toMatchObject({ version: 1, problem: "Customer 2 plans shifts by hand", valueClaimed: "Customer 2 saves 10 hours a week" });
    // Customer 0 keeps its own case; a second apply finds nobody left.
    expect((await caseVersions(p.workspaceId, p.customerIds[0]))[0].problem).toBe("Overtime");
    expect((await applyCaseTemplate({ actor: p.admin, programId: p.programId })).applied).toEqual([]);
    const viewer = { ...p.admin, role: "viewer" as const };
    await expect(applyCaseTemplate({ actor: viewer, programId: p.programId })).rejects.toThrow();
  });
});
