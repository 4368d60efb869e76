import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, contacts } from "#db/schema";
import { addContact, enrollCustomer } from "~/modules/customers/customers.server";
import { createProgram } from "~/modules/programs/programs.server";
import { nameReferenceContact } from "~/modules/signoff/reference-contact.server";
import { contactInput, customerInput, newWorkspace, origin, programInput } from "../support/factories";

/** The buyer naming their reference contact moves the role: one holder at a time, none left role-less. */
describe("the reference contact the buyer names", () => {
  it("moves the role to the named person and never leaves a person without a role", async () => {
    const ws = await newWorkspace();
    const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
    const { id: customerId } = await enrollCustomer({ actor: ws.admin, programId, input: customerInput("Acme") });
    const buyer = await addContact({ actor: ws.admin, programId, customerId, input: contactInput("Bea Buyer", { isBuyer: true }) });
    const user = await addContact({ actor: ws.admin, programId, customerId, input: contactInput("Uma User", { isUser: true }) });
    const signing = { workspaceId: ws.workspaceId, programId, customerId, buyerContactId: buyer.id, buyerEmail: "bea.buyer@customer.test" };
    const name = (person: { name: string; email: string } | null) => db().transaction((tx) => nameReferenceContact(tx, signing, person, origin));
    const row = async (id: string) => (await db().select({ isReferenceContact: contacts.isReferenceContact, removedAt: contacts.removedAt }).from(contacts).where(eq(contacts.id, id)))[0];

    // Nobody named, or the buyer naming themselves: nothing changes.
    expect(await name(null)).toBeNull();
    expect(await name({ name: "Bea", email: "bea.buyer@customer.test" })).toBeNull();
    expect(await row(buyer.id)).toEqual({ isReferenceContact: false, removedAt: null });

    // A new person: added with the role only.
    const pat = (await name({ name: "Pat Colleague", email: "pat@customer.test" }))!;
    expect(await row(pat)).toEqual({ isReferenceContact: true, removedAt: null });
    // An existing contact (a user): gains the role; Pat, who had no other role, leaves the unit.
    expect(await name({ name: "Uma User", email: "uma.user@customer.test" })).toBe(user.id);
    expect(await row(user.id)).toEqual({ isReferenceContact: true, removedAt: null });
    expect((await row(pat)).removedAt).not.toBeNull();
    // Pat again: a new contact; Uma keeps being a user, without the role.
    const patAgain = (await name({ name: "Pat Colleague", email: "pat@customer.test" }))!;
    expect(patAgain).not.toBe(pat);
    expect(await row(user.id)).toEqual({ isReferenceContact: false, removedAt: null });
    // Naming the holder again changes nothing.
    expect(await name({ name: "Pat Colleague", email: "pat@customer.test" })).toBe(patAgain);

    const audit = await db().select({ action: auditEvents.action, actorType: auditEvents.actorType }).from(auditEvents).where(and(eq(auditEvents.customerId, customerId), eq(auditEvents.actorType, "buyer")));
    // Pat added, Uma gains the role, Pat removed, Pat added again, Uma loses the role: each by the buyer.
    expect(audit.map((a) => a.action).sort()).toEqual(["contact.added", "contact.added", "contact.removed", "contact.updated", "contact.updated"]);
  });
});
