import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { contacts, customers, programs } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { MAX_CUSTOMERS } from "~/modules/programs/limits";
import { lockLiveRounds } from "~/modules/rounds/round-locks.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { isCheckViolation, isUniqueViolation } from "~/utils/db-errors";
import { AppError } from "~/utils/errors";
import type { ContactInput, CustomerInput } from "./customers.schema";
import { cancelPendingReferences } from "~/modules/references/withdrawal.server";
import { channelsLeft, endLinksOf } from "./end-links.server";

const programFull = () =>
  new AppError(
    "conflict",
    `This program already has ${MAX_CUSTOMERS} charter customers, the most a program holds. Withdraw one to free a slot.`,
  );
const duplicateName = () =>
  new AppError("conflict", "An organisation with this name is already enrolled in this program.", "name");

/** Customers of a program with their decision-making-unit coverage, in one query. */
export async function listCustomers(workspaceId: string, programId: string) {
  return db()
    .select({
      id: customers.id,
      name: customers.name,
      segment: customers.segment,
      website: customers.website,
      status: customers.status,
      enrolledAt: customers.enrolledAt,
      withdrawnAt: customers.withdrawnAt,
      buyers: sql<number>`count(${contacts.id}) filter (where ${contacts.isBuyer})`.mapWith(Number),
      users: sql<number>`count(${contacts.id}) filter (where ${contacts.isUser})`.mapWith(Number),
      gatekeepers: sql<number>`count(${contacts.id}) filter (where ${contacts.isGatekeeper})`.mapWith(Number),
      contacts: sql<number>`count(${contacts.id})`.mapWith(Number),
    })
    .from(customers)
    .leftJoin(contacts, and(eq(contacts.customerId, customers.id), isNull(contacts.removedAt)))
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId)))
    .groupBy(customers.id)
    .orderBy(sql`${customers.status} = 'withdrawn'`, asc(customers.enrolledAt), asc(customers.name));
}

export async function getCustomer(workspaceId: string, programId: string, customerId: string) {
  const [customer] = await db()
    .select({
      id: customers.id,
      programId: customers.programId,
      name: customers.name,
      segment: customers.segment,
      size: customers.size,
      website: customers.website,
      notes: customers.notes,
      status: customers.status,
      enrolledAt: customers.enrolledAt,
      activatedAt: customers.activatedAt,
      withdrawnAt: customers.withdrawnAt,
      withdrawnReason: customers.withdrawnReason,
    })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, workspaceId)))
    .limit(1);
  if (!customer) throw new AppError("not_found", "Customer not found.");
  return customer;
}

export async function listContacts(workspaceId: string, customerId: string) {
  return db()
    .select({
      id: contacts.id,
      name: contacts.name,
      email: contacts.email,
      title: contacts.title,
      isBuyer: contacts.isBuyer,
      isUser: contacts.isUser,
      isChampion: contacts.isChampion,
      isGatekeeper: contacts.isGatekeeper,
      isReferenceContact: contacts.isReferenceContact,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.customerId, customerId), isNull(contacts.removedAt)))
    .orderBy(sql`not ${contacts.isBuyer}`, asc(contacts.name));
}

/** Locks the program row so concurrent enrollments into it queue up behind each other. */
export async function lockActiveProgram(tx: Transaction, workspaceId: string, programId: string) {
  const [program] = await tx
    .select({ id: programs.id, status: programs.status })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.workspaceId, workspaceId)))
    .for("update");
  if (!program) throw new AppError("not_found", "Program not found.");
  if (program.status === "archived") throw new AppError("conflict", "This program is archived. Restore it to change its customers.");
  return program;
}

async function seatsTaken(tx: Transaction, programId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(customers)
    .where(and(eq(customers.programId, programId), ne(customers.status, "withdrawn")));
  return row?.n ?? 0;
}

/** Enrolls an organisation. The 11th non-withdrawn customer is refused and nothing is written. */
export async function enrollCustomer({ actor, programId, input }: { actor: MemberActor; programId: string; input: CustomerInput }) {
  assertEditor(actor);
  try {
    return await db().transaction(async (tx) => {
      await lockActiveProgram(tx, actor.workspaceId, programId);
      if ((await seatsTaken(tx, programId)) >= MAX_CUSTOMERS) throw programFull();
      const [customer] = await tx
        .insert(customers)
        .values({ workspaceId: actor.workspaceId, programId, ...input })
        .returning({ id: customers.id });
      await recordAudit(tx, actor, {
        workspaceId: actor.workspaceId,
        action: "customer.enrolled",
        programId,
        customerId: customer.id,
        subjectId: customer.id,
        details: { ...input },
      });
      return customer;
    });
  } catch (error) {
    if (isUniqueViolation(error, "customers_program_name_active_key")) throw duplicateName();
    if (isCheckViolation(error, "customers_max_ten_per_program")) throw programFull();
    throw error;
  }
}

export async function updateCustomer({ actor, programId, customerId, input }: { actor: MemberActor; programId: string; customerId: string; input: CustomerInput }) {
  assertEditor(actor);
  try {
    await db().transaction(async (tx) => {
      await lockActiveProgram(tx, actor.workspaceId, programId);
      const [row] = await tx
        .update(customers)
        .set(input)
        .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)))
        .returning({ id: customers.id });
      if (!row) throw new AppError("not_found", "Customer not found.");
      await recordAudit(tx, actor, {
        workspaceId: actor.workspaceId,
        action: "customer.updated",
        programId,
        customerId,
        subjectId: customerId,
        details: { ...input },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, "customers_program_name_active_key")) throw duplicateName();
    throw error;
  }
}

type StatusChange = { intent: "activate" } | { intent: "withdraw"; reason: string } | { intent: "reenroll" };

/**
 * enrolled → active (taking part in rounds) → withdrawn (history kept, slot freed);
 * a withdrawn customer may be re-enrolled while a slot is free.
 */
export async function changeCustomerStatus({ actor, programId, customerId, change }: { actor: MemberActor; programId: string; customerId: string; change: StatusChange }) {
  assertEditor(actor);
  try {
    await db().transaction(async (tx) => {
      await lockActiveProgram(tx, actor.workspaceId, programId);
      // The lock order (rounds/round-locks.server.ts): a withdrawal ends links in the live rounds.
      if (change.intent === "withdraw") await lockLiveRounds(tx, programId);
      const [customer] = await tx
        .select({ status: customers.status, name: customers.name })
        .from(customers)
        .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)))
        .for("update");
      if (!customer) throw new AppError("not_found", "Customer not found.");
      const now = clock.now();
      if (change.intent === "activate") {
        if (customer.status !== "enrolled") throw new AppError("conflict", `${customer.name} is ${customer.status}, not enrolled, so it cannot be activated.`);
        await tx.update(customers).set({ status: "active", activatedAt: now }).where(eq(customers.id, customerId));
      } else if (change.intent === "withdraw") {
        if (customer.status === "withdrawn") throw new AppError("conflict", `${customer.name} has already withdrawn.`);
        await tx
          .update(customers)
          .set({ status: "withdrawn", withdrawnAt: now, withdrawnReason: change.reason || null })
          .where(eq(customers.id, customerId));
        // Everyone of the customer leaves with it: their links end, their reminders stop.
        const people = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.customerId, customerId));
        await endLinksOf(tx, actor, { programId, customerId, contactIds: people.map((p) => p.id), channels: { user: true, buyer: true }, reason: "customer_withdrawn" });
        // No longer referenceable: what was pending on it as a reference is cancelled, its requesters told.
        await cancelPendingReferences(tx, actor, { workspaceId: actor.workspaceId, customerId, reason: "the customer withdrew from the program" });
      } else {
        if (customer.status !== "withdrawn") throw new AppError("conflict", `${customer.name} is still enrolled.`);
        if ((await seatsTaken(tx, programId)) >= MAX_CUSTOMERS) throw programFull();
        await tx
          .update(customers)
          .set({ status: "enrolled", withdrawnAt: null, withdrawnReason: null, activatedAt: null, enrolledAt: now })
          .where(eq(customers.id, customerId));
      }
      await recordAudit(tx, actor, {
        workspaceId: actor.workspaceId,
        action: { activate: "customer.activated", withdraw: "customer.withdrawn", reenroll: "customer.reenrolled" }[change.intent],
        programId,
        customerId,
        subjectId: customerId,
        details: { from: customer.status, ...(change.intent === "withdraw" && change.reason ? { reason: change.reason } : {}) },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, "customers_program_name_active_key"))
      throw new AppError("conflict", "Another enrolled organisation in this program has the same name. Rename one of them first.");
    if (isCheckViolation(error, "customers_max_ten_per_program")) throw programFull();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Contacts: the decision-making unit

/** Program, then (when people may lose links) its live rounds, then the customer: the documented lock order. */
async function lockCustomerForContacts(tx: Transaction, actor: MemberActor, programId: string, customerId: string, { endsLinks = false } = {}) {
  await lockActiveProgram(tx, actor.workspaceId, programId);
  if (endsLinks) await lockLiveRounds(tx, programId);
  const [customer] = await tx
    .select({ id: customers.id, status: customers.status })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)))
    .for("update");
  if (!customer) throw new AppError("not_found", "Customer not found.");
  if (customer.status === "withdrawn") throw new AppError("conflict", "This customer has withdrawn; re-enroll it to change its contacts.");
}

async function currentBuyer(tx: Transaction, customerId: string, exceptContactId?: string) {
  const [buyer] = await tx
    .select({ id: contacts.id, name: contacts.name })
    .from(contacts)
    .where(
      and(
        eq(contacts.customerId, customerId),
        eq(contacts.isBuyer, true),
        isNull(contacts.removedAt),
        exceptContactId ? ne(contacts.id, exceptContactId) : undefined,
      ),
    )
    .limit(1);
  return buyer;
}

const buyerTaken = (name: string) =>
  new AppError("conflict", `${name} is already the economic buyer. A customer has exactly one buyer: untick it there first.`, "isBuyer");
const emailTakenHere = () => new AppError("conflict", "Someone at this customer already has this email address.", "email");

const referenceContactTaken = () =>
  new AppError("conflict", "Someone else is already the reference contact. A customer has at most one: untick it there first.", "isReferenceContact");

function contactErrors(error: unknown, buyerName = "Someone else") {
  if (isUniqueViolation(error, "contacts_customer_email_key")) return emailTakenHere();
  if (isUniqueViolation(error, "contacts_one_buyer_key")) return buyerTaken(buyerName);
  if (isUniqueViolation(error, "contacts_one_reference_contact_key")) return referenceContactTaken();
  return error;
}

export async function addContact({ actor, programId, customerId, input }: { actor: MemberActor; programId: string; customerId: string; input: ContactInput }) {
  assertEditor(actor);
  try {
    return await db().transaction(async (tx) => {
      await lockCustomerForContacts(tx, actor, programId, customerId);
      if (input.isBuyer) {
        const buyer = await currentBuyer(tx, customerId);
        if (buyer) throw buyerTaken(buyer.name);
      }
      const [contact] = await tx
        .insert(contacts)
        .values({ workspaceId: actor.workspaceId, customerId, ...input })
        .returning({ id: contacts.id });
      await recordAudit(tx, actor, {
        workspaceId: actor.workspaceId,
        action: "contact.added",
        programId,
        customerId,
        subjectId: contact.id,
        details: { ...input },
      });
      return contact;
    });
  } catch (error) {
    throw contactErrors(error);
  }
}

export async function updateContact({ actor, programId, customerId, contactId, input }: { actor: MemberActor; programId: string; customerId: string; contactId: string; input: ContactInput }) {
  assertEditor(actor);
  try {
    await db().transaction(async (tx) => {
      await lockCustomerForContacts(tx, actor, programId, customerId, { endsLinks: true });
      if (input.isBuyer) {
        const buyer = await currentBuyer(tx, customerId, contactId);
        if (buyer) throw buyerTaken(buyer.name);
      }
      const [before] = await tx
        .select({ isBuyer: contacts.isBuyer, isUser: contacts.isUser })
        .from(contacts)
        .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId), isNull(contacts.removedAt)))
        .for("update");
      if (!before) throw new AppError("not_found", "Contact not found.");
      await tx.update(contacts).set({ ...input, updatedAt: clock.now() }).where(eq(contacts.id, contactId));
      // A role taken away ends that role's links; the person's other channels go on.
      await endLinksOf(tx, actor, { programId, customerId, contactIds: [contactId], channels: channelsLeft(before, input), reason: "role_removed" });
      await recordAudit(tx, actor, {
        workspaceId: actor.workspaceId,
        action: "contact.updated",
        programId,
        customerId,
        subjectId: contactId,
        details: { ...input },
      });
    });
  } catch (error) {
    throw contactErrors(error);
  }
}

/** Removes a person from the unit; the row stays for the history of what they answered, their links end. */
export async function removeContact({ actor, programId, customerId, contactId }: { actor: MemberActor; programId: string; customerId: string; contactId: string }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    await lockCustomerForContacts(tx, actor, programId, customerId, { endsLinks: true });
    const [row] = await tx
      .update(contacts)
      .set({ removedAt: clock.now() })
      .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId), isNull(contacts.removedAt)))
      .returning({ email: contacts.email });
    if (!row) throw new AppError("not_found", "Contact not found.");
    await endLinksOf(tx, actor, { programId, customerId, contactIds: [contactId], channels: { user: true, buyer: true }, reason: "contact_removed" });
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "contact.removed",
      programId,
      customerId,
      subjectId: contactId,
      details: { email: row.email },
    });
  });
}

export async function getContact(workspaceId: string, customerId: string, contactId: string) {
  const [contact] = await db()
    .select({
      id: contacts.id,
      name: contacts.name,
      email: contacts.email,
      title: contacts.title,
      isBuyer: contacts.isBuyer,
      isUser: contacts.isUser,
      isChampion: contacts.isChampion,
      isGatekeeper: contacts.isGatekeeper,
      isReferenceContact: contacts.isReferenceContact,
    })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId), eq(contacts.workspaceId, workspaceId), isNull(contacts.removedAt)))
    .limit(1);
  if (!contact) throw new AppError("not_found", "Contact not found.");
  return contact;
}
