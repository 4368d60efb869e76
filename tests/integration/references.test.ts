import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { auditEvents, contacts, emailOutbox, notices, referenceRequests } from "#db/schema";
import { answerReferenceRequest, loadReferencePage } from "~/modules/references/answer.server";
import { referenceLibrary } from "~/modules/references/library.server";
import type { ReferenceRequestInput } from "~/modules/references/references.schema";
import { requestReference } from "~/modules/references/requests.server";
import { addContact, changeCustomerStatus, removeContact, updateCustomer } from "~/modules/customers/customers.server";
import { withdrawConsent } from "~/modules/signoff/buyer.server";
import { AppError } from "~/utils/errors";
import { emailProps } from "../support/emails";
import { addMember, contactInput, origin, rowCount } from "../support/factories";
import { COLLEAGUE, WORLD, referenceableProgram } from "../support/referenceable";
import { tableFingerprints } from "../support/tables";

/** References in use: requests by emailed link, the customer's answer, the limit, consent withdrawn. */

let p: Awaited<ReturnType<typeof referenceableProgram>>;
let pm: Awaited<ReturnType<typeof addMember>>;

beforeAll(async () => {
  // The first customer's buyer names a colleague to be asked about each use.
  p = await referenceableProgram({ colleagueOf: 0 });
  pm = await addMember(p.workspaceId, "pm");
}, 240_000);

// Every buyer of referenceableProgram consented to name and logo and a case study, not to calls.
const ask = (customer: number, overrides: Partial<ReferenceRequestInput> = {}): ReferenceRequestInput => ({
  customerId: p.customerIds[customer],
  kind: "logo",
  requester: "Sam Sales",
  purpose: "Northwind Plumbing",
  ask: "named",
  neededBy: null,
  overrideReason: "",
  ...overrides,
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof AppError ? { code: error.code, message: error.message } : Promise.reject(error)),
  );

async function linkOf(requestId: string) {
  const rows = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.template, "reference-request"), eq(emailOutbox.subjectId, requestId)));
  return rows.map((r) => (r.props as { link: string }).link.split("/r/")[1]);
}

const answer = { decision: "agree" as const, note: "Tuesdays work best", signatureName: "Buyer 1" };

describe("reference requests", () => {
  it("refuses a use the buyer's consent excludes before asking, and writes nothing", async () => {
    const before = await tableFingerprints();
    const refused = await refusal(requestReference({ actor: pm, programId: p.programId, input: ask(1, { kind: "call" }) }));
    expect(refused?.code).toBe("conflict");
    expect(refused?.message).toMatch(/did not agree to reference calls/);
    expect(await refusal(requestReference({ actor: pm, programId: p.programId, input: ask(1, { kind: "analyst_briefing" }) }))).toMatchObject({ code: "conflict" });
    expect(await tableFingerprints()).toEqual(before);
  });

  it("refuses viewers", async () => {
    const viewer = await addMember(p.workspaceId, "viewer");
    expect(await refusal(requestReference({ actor: viewer, programId: p.programId, input: ask(1) }))).toMatchObject({ code: "forbidden" });
  });

  it("asks by link: opening changes nothing; of twenty parallel answers one is recorded, the rest are told it already was", async () => {
    const { id } = await requestReference({ actor: pm, programId: p.programId, input: ask(1) });
    const [token] = await linkOf(id);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const before = await tableFingerprints();
    expect(await loadReferencePage(token)).toMatchObject({ state: "ok", kind: "Logo on the website", requester: "Sam Sales", purpose: "Northwind Plumbing" });
    expect(await tableFingerprints()).toEqual(before);

    const results = await Promise.all(Array.from({ length: 20 }, () => answerReferenceRequest({ token, input: answer, origin })));
    expect(results.filter((r) => r.status === "recorded")).toHaveLength(1);
    expect(results.filter((r) => r.status === "already")).toHaveLength(19);
    const [row] = await db().select().from(referenceRequests).where(eq(referenceRequests.id, id));
    expect(row).toMatchObject({ status: "agreed", signatureName: "Buyer 1", answerNote: "Tuesdays work best", ip: origin.ip, userAgent: origin.userAgent });
    expect(await rowCount(notices, and(eq(notices.kind, "reference_answered"), eq(notices.workspaceId, p.workspaceId)))).toBe(1);
    const told = await db().select({ to: emailOutbox.toAddress, props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.template, "reference-outcome"), eq(emailOutbox.subjectId, id)));
    expect(told).toHaveLength(1);
    expect(told[0].props).toMatchObject({ outcome: "agreed", answeredBy: "Buyer 1" });
    // A replay later records nothing new and says when the first was.
    expect(await answerReferenceRequest({ token, input: { ...answer, decision: "decline" }, origin })).toMatchObject({ status: "already" });
    expect(await loadReferencePage(token)).toMatchObject({ state: "answered", status: "agreed" });
  });

  it("refuses a request past the limit unless an admin overrides with a reason, which is recorded", async () => {
    const customer = 2;
    await requestReference({ actor: pm, programId: p.programId, input: ask(customer) });
    const second = await requestReference({ actor: pm, programId: p.programId, input: ask(customer, { kind: "case_study" }) });
    // A declined use does not count: decline the second, and a third fits; then the customer is full.
    await answerReferenceRequest({ token: (await linkOf(second.id))[0], input: { ...answer, decision: "decline" }, origin });
    await requestReference({ actor: pm, programId: p.programId, input: ask(customer, { purpose: "Contoso" }) });
    const before = await tableFingerprints();
    expect((await refusal(requestReference({ actor: pm, programId: p.programId, input: ask(customer, { purpose: "Fabrikam" }) })))?.message).toMatch(/at the limit \(2 of 2 uses in 90 days; next available/);
    expect(await refusal(requestReference({ actor: pm, programId: p.programId, input: ask(customer, { overrideReason: "I insist" }) }))).toMatchObject({ code: "conflict" });
    expect((await refusal(requestReference({ actor: p.admin, programId: p.programId, input: ask(customer) })))?.message).toMatch(/Give a reason/);
    expect(await tableFingerprints()).toEqual(before);
    const overridden = await requestReference({ actor: p.admin, programId: p.programId, input: ask(customer, { overrideReason: "The analyst firm asked us directly" }) });
    expect(overridden.overridden).toBe(true);
    const [row] = await db().select({ overrideReason: referenceRequests.overrideReason, overrideById: referenceRequests.overrideById }).from(referenceRequests).where(eq(referenceRequests.id, overridden.id));
    expect(row).toEqual({ overrideReason: "The analyst firm asked us directly", overrideById: p.admin.memberId });
    const library = await referenceLibrary(p.workspaceId, p.programId, { q: "", kind: "", segment: "", availability: "full" });
    expect(library.entries.map((e) => [e.name, e.availability.used, e.availability.full])).toEqual([["Customer 2", 3, true]]);
  });

  it("cancels pending requests when the buyer withdraws consent, and tells their requesters, in the same transaction", async () => {
    const customer = 3;
    const pending = await requestReference({ actor: pm, programId: p.programId, input: ask(customer) });
    const agreed = await requestReference({ actor: p.admin, programId: p.programId, input: ask(customer, { kind: "case_study" }) });
    const [agreedToken] = await linkOf(agreed.id);
    await answerReferenceRequest({ token: agreedToken, input: answer, origin });
    const [pendingToken] = await linkOf(pending.id);
    const [receipt] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, p.workspaceId), eq(emailOutbox.template, "signoff-receipt"), eq(emailOutbox.toAddress, `buyer.${customer}@customer.test`)));
    await withdrawConsent({ token: (receipt.props as { withdrawLink: string }).withdrawLink.split("/consent/")[1], origin });

    const rows = await db().select({ id: referenceRequests.id, status: referenceRequests.status, cancelReason: referenceRequests.cancelReason }).from(referenceRequests).where(eq(referenceRequests.customerId, p.customerIds[customer]));
    expect(rows.find((r) => r.id === pending.id)).toMatchObject({ status: "cancelled", cancelReason: "the customer withdrew reference consent" });
    expect(rows.find((r) => r.id === agreed.id)).toMatchObject({ status: "agreed" });
    const told = await db().select({ to: emailOutbox.toAddress, props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.template, "reference-outcome"), eq(emailOutbox.subjectId, pending.id)));
    expect(told.map((t) => [t.props.outcome, t.to])).toEqual([["cancelled", expect.stringMatching(/^pm\./)]]);
    expect(await loadReferencePage(pendingToken)).toMatchObject({ state: "cancelled" });
    await expect(answerReferenceRequest({ token: pendingToken, input: answer, origin })).rejects.toThrow("cancelled");
    // And the customer is no longer referenceable: a new request is refused.
    expect((await refusal(requestReference({ actor: pm, programId: p.programId, input: ask(customer) })))?.message).toMatch(/not referenceable/);
  });

  it("shows each customer's industry, size and the uses its consent allows, searchable and filterable", async () => {
    await updateCustomer({ actor: pm, programId: p.programId, customerId: p.customerIds[4], input: { name: "Customer 4", segment: "HVAC services", size: "220 technicians", website: "", notes: "" } });
    const find = (filter: Partial<{ q: string; kind: "" | "call" | "logo"; segment: string; availability: "" | "available" | "full" }>) => referenceLibrary(p.workspaceId, p.programId, { q: "", kind: "", segment: "", availability: "", ...filter });
    expect((await find({})).entries.find((e) => e.name === "Customer 4")).toMatchObject({ segment: "HVAC services", size: "220 technicians", kinds: ["case_study", "logo", "press_quote"] });
    expect((await find({ segment: "HVAC services" })).entries.map((e) => e.name)).toEqual(["Customer 4"]);
    expect((await find({ q: "220 TECH" })).entries.map((e) => e.name)).toEqual(["Customer 4"]);
    expect((await find({ kind: "call" })).entries).toEqual([]);
  });

  it("reads the library in the same number of statements however many requests there are", async () => {
    const countQueries = async () => {
      const store = { count: 0 };
      await queryCounter.run(store, () => referenceLibrary(p.workspaceId, p.programId, { q: "", kind: "", segment: "", availability: "" }));
      return store.count;
    };
    const before = await countQueries();
    for (const purpose of ["Alpha", "Beta", "Gamma"]) await requestReference({ actor: p.admin, programId: p.programId, input: ask(5, { purpose, overrideReason: "Launch week" }) });
    expect(await countQueries()).toBe(before);
    expect(before).toBeLessThanOrEqual(9);
  });

  it("cancels pending requests when the PM withdraws the customer from the program", async () => {
    const pending = await requestReference({ actor: pm, programId: p.programId, input: ask(1, { purpose: "Initech" }) });
    await changeCustomerStatus({ actor: p.admin, programId: p.programId, customerId: p.customerIds[1], change: { intent: "withdraw", reason: "Budget cut" } });
    const [row] = await db().select({ status: referenceRequests.status, cancelReason: referenceRequests.cancelReason }).from(referenceRequests).where(eq(referenceRequests.id, pending.id));
    expect(row).toEqual({ status: "cancelled", cancelReason: "the customer withdrew from the program" });
    expect(await rowCount(emailOutbox, and(eq(emailOutbox.template, "reference-outcome"), eq(emailOutbox.subjectId, pending.id)))).toBe(1);
  });
});

describe("the person the buyer named", () => {
  const contactOf = async (email: string) => (await db().select().from(contacts).where(and(eq(contacts.customerId, p.customerIds[0]), eq(contacts.email, email))))[0];
  const askedOf = async (requestId: string) => {
    const [row] = await db().select({ to: emailOutbox.toAddress }).from(emailOutbox).where(and(eq(emailOutbox.template, "reference-request"), eq(emailOutbox.subjectId, requestId)));
    return row.to;
  };

  it("is added to the customer's contacts at the sign-off, recorded as named by the buyer, and told in the receipt", async () => {
    const colleague = await contactOf(COLLEAGUE.email);
    expect(colleague).toMatchObject({ name: COLLEAGUE.name, isBuyer: false, isUser: false, isReferenceContact: true, removedAt: null });
    const [added] = await db().select({ actorType: auditEvents.actorType, details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.action, "contact.added"), eq(auditEvents.subjectId, colleague.id)));
    expect(added).toMatchObject({ actorType: "buyer", details: { via: "buyer", email: COLLEAGUE.email } });
    const [receipt] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.template, "signoff-receipt"), eq(emailOutbox.toAddress, "buyer.0@customer.test")));
    expect(receipt.props).toMatchObject({ referenceContact: `${COLLEAGUE.name} (${COLLEAGUE.email})` });
    // A member can name a reference contact too (the buyer told them by phone, say), but only one.
    const second = await refusal(addContact({ actor: pm, programId: p.programId, customerId: p.customerIds[0], input: contactInput("Quinn Other", { isReferenceContact: true }) }));
    expect(second).toMatchObject({ code: "conflict", message: expect.stringMatching(/already the reference contact/) });
    // Another buyer named nobody: no reference contact there, and their receipt has no one named.
    expect(await rowCount(contacts, and(eq(contacts.customerId, p.customerIds[1]), eq(contacts.isReferenceContact, true)))).toBe(0);
    const [otherReceipt] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.template, "signoff-receipt"), eq(emailOutbox.toAddress, "buyer.1@customer.test")));
    expect(otherReceipt.props).not.toHaveProperty("referenceContact");
  });

  it("is asked by default, answers by their own link, and the buyer can be asked instead", async () => {
    const named = await requestReference({ actor: pm, programId: p.programId, input: ask(0, { purpose: "Globex" }) });
    expect(await askedOf(named.id)).toBe(COLLEAGUE.email);
    const [email] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.template, "reference-request"), eq(emailOutbox.subjectId, named.id)));
    expect(email.props).toMatchObject({ contactName: "Pat", namedByBuyer: true });
    const [audit] = await db().select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.action, "reference.requested"), eq(auditEvents.subjectId, named.id)));
    expect(audit.details).toMatchObject({ contactName: COLLEAGUE.name, namedBy: WORLD.buyer });
    const [token] = await linkOf(named.id);
    expect(await answerReferenceRequest({ token, input: { ...answer, signatureName: COLLEAGUE.name }, origin })).toMatchObject({ status: "recorded" });
    const [row] = await db().select({ status: referenceRequests.status, contactId: referenceRequests.contactId, signatureName: referenceRequests.signatureName }).from(referenceRequests).where(eq(referenceRequests.id, named.id));
    expect(row).toEqual({ status: "agreed", contactId: (await contactOf(COLLEAGUE.email)).id, signatureName: COLLEAGUE.name });

    const buyer = await requestReference({ actor: pm, programId: p.programId, input: ask(0, { purpose: "Hooli", ask: "buyer" }) });
    expect(await askedOf(buyer.id)).toBe("buyer.0@customer.test");
  });

  it("stands in while one of the two is still a contact; with neither, nothing is asked or written", async () => {
    const buyer = await contactOf("buyer.0@customer.test");
    await removeContact({ actor: p.admin, programId: p.programId, customerId: p.customerIds[0], contactId: buyer.id });
    // The customer is at its limit by now; an admin's reason takes it past.
    const past = { overrideReason: "Launch week" };
    const byColleague = await requestReference({ actor: p.admin, programId: p.programId, input: ask(0, { purpose: "Umbrella", ...past }) });
    expect(await askedOf(byColleague.id)).toBe(COLLEAGUE.email);
    // Asking the buyer, who left, falls to nobody: refused.
    const before = await tableFingerprints();
    expect((await refusal(requestReference({ actor: p.admin, programId: p.programId, input: ask(0, { purpose: "Umbrella", ask: "buyer", ...past }) })))?.message).toMatch(/no longer in its unit; ask their reference contact, Pat Colleague, instead/);
    await removeContact({ actor: p.admin, programId: p.programId, customerId: p.customerIds[0], contactId: (await contactOf(COLLEAGUE.email)).id });
    const afterRemoval = await tableFingerprints();
    expect((await refusal(requestReference({ actor: p.admin, programId: p.programId, input: ask(0, { purpose: "Umbrella", ...past }) })))?.code).toBe("conflict");
    expect(await tableFingerprints()).toEqual(afterRemoval);
    expect(before).not.toEqual(afterRemoval);
  });
});
