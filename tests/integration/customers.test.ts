import { and, eq, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, contacts, customers } from "#db/schema";
import {
  addContact,
  changeCustomerStatus,
  enrollCustomer,
  getCustomer,
  listContacts,
  listCustomers,
  removeContact,
  updateContact,
} from "~/modules/customers/customers.server";
import { createProgram } from "~/modules/programs/programs.server";
import { AppError } from "~/utils/errors";
import { addMember, contactInput, customerInput, newWorkspace, programInput, rowCount } from "../support/factories";

async function programWith(n: number) {
  const ws = await newWorkspace();
  const program = await createProgram({ actor: ws.admin, input: programInput });
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) ids.push((await enrollCustomer({ actor: ws.admin, programId: program.id, input: customerInput(`Customer ${i}`) })).id);
  return { ...ws, programId: program.id, customerIds: ids };
}

const seated = (programId: string) => rowCount(customers, and(eq(customers.programId, programId), ne(customers.status, "withdrawn")));

describe("enrollment", () => {
  it("refuses the 11th customer with a sentence and writes nothing", async () => {
    const { admin, programId } = await programWith(10);
    const auditBefore = await rowCount(auditEvents, eq(auditEvents.programId, programId));
    const attempt = enrollCustomer({ actor: admin, programId, input: customerInput("Eleventh Inc") });
    await expect(attempt).rejects.toThrow(/already has 10 charter customers/);
    await expect(attempt).rejects.toMatchObject({ code: "conflict" });
    expect(await seated(programId)).toBe(10);
    expect(await rowCount(customers, eq(customers.name, "Eleventh Inc"))).toBe(0);
    expect(await rowCount(auditEvents, eq(auditEvents.programId, programId))).toBe(auditBefore);
  });

  it("frees the slot of a withdrawn customer and keeps its history", async () => {
    const { admin, programId, customerIds, workspaceId } = await programWith(10);
    await changeCustomerStatus({ actor: admin, programId, customerId: customerIds[0], change: { intent: "withdraw", reason: "Budget freeze" } });
    const withdrawn = await getCustomer(workspaceId, programId, customerIds[0]);
    expect(withdrawn).toMatchObject({ status: "withdrawn", withdrawnReason: "Budget freeze" });
    expect(withdrawn.withdrawnAt).toBeInstanceOf(Date);
    await enrollCustomer({ actor: admin, programId, input: customerInput("Replacement Ltd") });
    expect(await seated(programId)).toBe(10);
    // With the program full again, the withdrawn customer cannot come back.
    await expect(changeCustomerStatus({ actor: admin, programId, customerId: customerIds[0], change: { intent: "reenroll" } })).rejects.toThrow(/already has 10/);
    const list = await listCustomers(workspaceId, programId);
    expect(list).toHaveLength(11);
    expect(list.at(-1)).toMatchObject({ name: "Customer 1", status: "withdrawn" });
  });

  it("holds at most 10 even when enrollments race", async () => {
    const { admin, programId } = await programWith(5);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => enrollCustomer({ actor: admin, programId, input: customerInput(`Racer ${i}`) })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(await seated(programId)).toBe(10);
  });

  it("is enforced by the database itself, not only by the module", async () => {
    const { workspaceId, programId } = await programWith(10);
    await expect(db().insert(customers).values({ workspaceId, programId, name: "Sneaky Co" })).rejects.toThrow();
    expect(await seated(programId)).toBe(10);
  });

  it("refuses a second enrolled organisation of the same name, whatever the case", async () => {
    const { admin, programId } = await programWith(1);
    await expect(enrollCustomer({ actor: admin, programId, input: customerInput("customer 1") })).rejects.toMatchObject({ code: "conflict", field: "name" });
  });

  it("moves enrolled → active → withdrawn and refuses the wrong steps", async () => {
    const { admin, programId, customerIds, workspaceId } = await programWith(1);
    const customerId = customerIds[0];
    await changeCustomerStatus({ actor: admin, programId, customerId, change: { intent: "activate" } });
    expect((await getCustomer(workspaceId, programId, customerId)).status).toBe("active");
    await expect(changeCustomerStatus({ actor: admin, programId, customerId, change: { intent: "activate" } })).rejects.toThrow(/not enrolled/);
    await changeCustomerStatus({ actor: admin, programId, customerId, change: { intent: "withdraw", reason: "" } });
    await changeCustomerStatus({ actor: admin, programId, customerId, change: { intent: "reenroll" } });
    expect((await getCustomer(workspaceId, programId, customerId)).status).toBe("enrolled");
    const actions = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.customerId, customerId))
      .orderBy(auditEvents.id);
    expect(actions.map((a) => a.action)).toEqual(["customer.enrolled", "customer.activated", "customer.withdrawn", "customer.reenrolled"]);
  });

  it("lets a viewer change nothing", async () => {
    const { workspaceId, programId, customerIds } = await programWith(1);
    const viewer = await addMember(workspaceId, "viewer");
    const before = await rowCount(customers, eq(customers.programId, programId));
    await expect(enrollCustomer({ actor: viewer, programId, input: customerInput("Viewer Co") })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeCustomerStatus({ actor: viewer, programId, customerId: customerIds[0], change: { intent: "withdraw", reason: "" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(addContact({ actor: viewer, programId, customerId: customerIds[0], input: contactInput("Val Viewer", { isUser: true }) })).rejects.toMatchObject({ code: "forbidden" });
    expect(await rowCount(customers, eq(customers.programId, programId))).toBe(before);
    expect(await rowCount(contacts, eq(contacts.customerId, customerIds[0]))).toBe(0);
  });

  it("answers not found across workspaces, for reads and writes", async () => {
    const a = await programWith(1);
    const b = await newWorkspace();
    await expect(getCustomer(b.workspaceId, a.programId, a.customerIds[0])).rejects.toMatchObject({ code: "not_found" });
    await expect(enrollCustomer({ actor: b.admin, programId: a.programId, input: customerInput("Intruder") })).rejects.toMatchObject({ code: "not_found" });
    await expect(addContact({ actor: b.admin, programId: a.programId, customerId: a.customerIds[0], input: contactInput("Eve", { isUser: true }) })).rejects.toMatchObject({ code: "not_found" });
    expect(await listCustomers(b.workspaceId, a.programId)).toEqual([]);
    expect(await listContacts(b.workspaceId, a.customerIds[0])).toEqual([]);
  });
});

describe("decision-making unit", () => {
  it("has at most one economic buyer, and says who it is", async () => {
    const { admin, programId, customerIds } = await programWith(1);
    const customerId = customerIds[0];
    await addContact({ actor: admin, programId, customerId, input: contactInput("Bea Buyer", { isBuyer: true }) });
    const second = addContact({ actor: admin, programId, customerId, input: contactInput("Bob Boss", { isBuyer: true }) });
    await expect(second).rejects.toMatchObject({ code: "conflict", field: "isBuyer" });
    await expect(second).rejects.toThrow(/Bea Buyer is already the economic buyer/);
    // The database refuses it too.
    const [row] = await db().select({ workspaceId: contacts.workspaceId }).from(contacts).where(eq(contacts.customerId, customerId));
    await expect(
      db().insert(contacts).values({ workspaceId: row.workspaceId, customerId, name: "Raw", email: "raw@customer.test", isBuyer: true }),
    ).rejects.toThrow();
  });

  it("lets one person hold several roles, and moves the buyer role between people", async () => {
    const { admin, programId, customerIds, workspaceId } = await programWith(1);
    const customerId = customerIds[0];
    const bea = await addContact({ actor: admin, programId, customerId, input: contactInput("Bea Buyer", { isBuyer: true, isUser: true, isChampion: true }) });
    const bob = await addContact({ actor: admin, programId, customerId, input: contactInput("Bob User", { isUser: true }) });
    await updateContact({ actor: admin, programId, customerId, contactId: bea.id, input: contactInput("Bea Buyer", { isUser: true }) });
    await updateContact({ actor: admin, programId, customerId, contactId: bob.id, input: contactInput("Bob User", { isUser: true, isBuyer: true }) });
    const list = await listContacts(workspaceId, customerId);
    expect(list.map((c) => [c.name, c.isBuyer, c.isUser])).toEqual([
      ["Bob User", true, true],
      ["Bea Buyer", false, true],
    ]);
  });

  it("keeps email addresses unique within a customer, and lets a removed person's address be reused", async () => {
    const { admin, programId, customerIds } = await programWith(2);
    const [first, second] = customerIds;
    const sam = await addContact({ actor: admin, programId, customerId: first, input: contactInput("Sam Same", { isUser: true }) });
    await expect(
      addContact({ actor: admin, programId, customerId: first, input: { ...contactInput("Other Sam", { isUser: true }), email: "sam.same@customer.test" } }),
    ).rejects.toMatchObject({ code: "conflict", field: "email" });
    // Another customer may have the same person (a consultant working for both).
    await addContact({ actor: admin, programId, customerId: second, input: contactInput("Sam Same", { isUser: true }) });
    await removeContact({ actor: admin, programId, customerId: first, contactId: sam.id });
    await addContact({ actor: admin, programId, customerId: first, input: contactInput("Sam Same", { isUser: true }) });
    expect(await rowCount(contacts, eq(contacts.customerId, first))).toBe(2);
  });

  it("refuses changes to a withdrawn customer's contacts", async () => {
    const { admin, programId, customerIds } = await programWith(1);
    await changeCustomerStatus({ actor: admin, programId, customerId: customerIds[0], change: { intent: "withdraw", reason: "" } });
    await expect(addContact({ actor: admin, programId, customerId: customerIds[0], input: contactInput("Late Larry", { isUser: true }) })).rejects.toThrow(/withdrawn/);
  });

  it("counts coverage per customer in one list", async () => {
    const { admin, programId, customerIds, workspaceId } = await programWith(2);
    await addContact({ actor: admin, programId, customerId: customerIds[0], input: contactInput("Bea Buyer", { isBuyer: true }) });
    for (const name of ["Uma One", "Uri Two", "Ula Three"]) await addContact({ actor: admin, programId, customerId: customerIds[0], input: contactInput(name, { isUser: true }) });
    const list = await listCustomers(workspaceId, programId);
    expect(list.map((c) => [c.name, c.buyers, c.users, c.contacts])).toEqual([
      ["Customer 1", 1, 3, 4],
      ["Customer 2", 0, 0, 0],
    ]);
  });
});
