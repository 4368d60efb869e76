import { and, asc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { auditEvents, contacts, customers } from "#db/schema";
import { createSession } from "~/modules/auth/session.server";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import { importCustomers, previewCustomerImport, type ImportPreview } from "~/modules/customers/import.server";
import { customerTimeline } from "~/modules/customers/timeline.server";
import { createProgram, setProgramArchived } from "~/modules/programs/programs.server";
import { addMember, contactInput, customerInput, newWorkspace, origin, programInput } from "../support/factories";
import { loadRoute } from "../support/routes";
import { tableFingerprints } from "../support/tables";

const HEADING = "organisation,contact name,email,title,roles\n";

/** `n` organisations, each with a buyer and three users: the figure of the issue is 7 and 28. */
function unitsCsv(names: string[], { separator = ",", peoplePer = 4 } = {}) {
  const rows = names.flatMap((name) => {
    const domain = `${name.toLowerCase().replace(/[^a-z]+/g, "")}.example`;
    return Array.from({ length: peoplePer }, (_, i) => [name, `Person ${i} of ${name}`, `p${i}@${domain}`, i === 0 ? "CFO" : "Analyst", i === 0 ? "buyer" : i === 1 ? "user; champion" : "user"]);
  });
  const quote = (cell: string) => (cell.includes(separator) ? `"${cell}"` : cell);
  return [HEADING.trim().split(",").join(separator), ...rows.map((r) => r.map(quote).join(separator))].join("\r\n") + "\r\n";
}

const SEVEN = ["Bluewater Utilities", "Nordlicht GmbH", "Acme Freight", "Harbor Health", "Pine Logistics", "Quarry & Sons", "Summit Power"];

async function setUp({ enrolled = 0 } = {}) {
  const ws = await newWorkspace();
  const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
  const existing: string[] = [];
  for (let i = 0; i < enrolled; i++) existing.push((await enrollCustomer({ actor: ws.admin, programId, input: customerInput(`Existing ${i}`) })).id);
  return { ...ws, programId, existing };
}

const planOf = (preview: ImportPreview) => {
  if (!preview.ok) throw new Error(`expected a plan, got: ${preview.message}`);
  return preview.plan;
};
const problemsOf = (preview: ImportPreview) => planOf(preview).problemRows.map((r) => [r.row, r.problems]);

async function peopleOf(programId: string) {
  return db()
    .select({ customer: customers.name, email: contacts.email, isBuyer: contacts.isBuyer, isUser: contacts.isUser, isChampion: contacts.isChampion, title: contacts.title })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(eq(customers.programId, programId), isNull(contacts.removedAt)))
    .orderBy(asc(customers.name), asc(contacts.email));
}

describe("importing customers from a CSV", () => {
  it("previews without writing, then imports 7 customers with 28 people and their audit rows", async () => {
    const { admin, programId } = await setUp();
    const csv = unitsCsv(SEVEN);
    const before = await tableFingerprints();
    const plan = planOf(await previewCustomerImport({ actor: admin, programId, csv }));
    expect(await tableFingerprints(), "a preview writes nothing").toEqual(before);
    expect([plan.rows, plan.newCustomers, plan.people, plan.problemRows]).toEqual([28, 7, 28, []]);
    expect(plan.customers.map((c) => [c.name, c.existingId, c.people.length])).toEqual(SEVEN.map((name) => [name, null, 4]));

    expect(await importCustomers({ actor: admin, programId, csv })).toEqual({ imported: true, customers: 7, newCustomers: 7, people: 28 });
    const enrolled = await db().select({ name: customers.name, status: customers.status }).from(customers).where(eq(customers.programId, programId)).orderBy(asc(customers.name));
    expect(enrolled).toEqual([...SEVEN].sort().map((name) => ({ name, status: "enrolled" })));
    const people = await peopleOf(programId);
    expect(people).toHaveLength(28);
    expect(people.filter((p) => p.customer === "Quarry & Sons")).toEqual([
      { customer: "Quarry & Sons", email: "p0@quarrysons.example", isBuyer: true, isUser: false, isChampion: false, title: "CFO" },
      { customer: "Quarry & Sons", email: "p1@quarrysons.example", isBuyer: false, isUser: true, isChampion: true, title: "Analyst" },
      { customer: "Quarry & Sons", email: "p2@quarrysons.example", isBuyer: false, isUser: true, isChampion: false, title: "Analyst" },
      { customer: "Quarry & Sons", email: "p3@quarrysons.example", isBuyer: false, isUser: true, isChampion: false, title: "Analyst" },
    ]);
    const audit = await db().select({ action: auditEvents.action, details: auditEvents.details, memberId: auditEvents.actorMemberId }).from(auditEvents).where(eq(auditEvents.programId, programId));
    const byAction = (action: string) => audit.filter((a) => a.action === action);
    expect([byAction("customers.imported").length, byAction("customer.enrolled").length, byAction("contact.added").length]).toEqual([1, 7, 28]);
    expect(byAction("customers.imported")[0].details).toEqual({ customers: 7, newCustomers: 7, people: 28, rows: 28 });
    expect(byAction("contact.added").every((a) => (a.details as { via?: string }).via === "csv_import" && a.memberId === admin.memberId)).toBe(true);
    const [quarry] = await db().select({ id: customers.id }).from(customers).where(and(eq(customers.programId, programId), eq(customers.name, "Quarry & Sons")));
    const { activity } = await customerTimeline(admin.workspaceId, programId, quarry.id);
    expect(activity.map((a) => a.text).sort()).toEqual([
      "Enrolled in the program by Ada Admin (CSV import)",
      ...[0, 1, 2, 3].map((i) => `Person ${i} of Quarry & Sons added by Ada Admin (CSV import)`),
    ]);
  });

  it("writes nothing at all when one row of the file is wrong", async () => {
    const { admin, programId } = await setUp();
    const csv = unitsCsv(SEVEN.slice(0, 3)) + "Summit Power,Sam,sam@summit,,user\r\n";
    const before = await tableFingerprints();
    const outcome = await importCustomers({ actor: admin, programId, csv });
    expect(outcome.imported).toBe(false);
    expect(!outcome.imported && problemsOf(outcome.preview)).toEqual([[14, ["Enter a valid email address, like name@company.com."]]]);
    expect(await tableFingerprints(), "nothing of the good rows either").toEqual(before);
  });

  it("reads semicolon-separated files like comma-separated ones", async () => {
    const { admin, programId } = await setUp();
    const plan = planOf(await previewCustomerImport({ actor: admin, programId, csv: "\uFEFF" + unitsCsv(["Nordlicht GmbH", "Quarry; Sons"], { separator: ";" }) }));
    expect(plan.delimiter).toBe(";");
    expect(plan.customers.map((c) => [c.name, c.people.length])).toEqual([["Nordlicht GmbH", 4], ["Quarry; Sons", 4]]);
    expect(plan.customers[0].people[1]).toMatchObject({ isUser: true, isChampion: true });
  });

  it("counts the customers already enrolled against the cap of 10, and names the rows over it", async () => {
    const { admin, programId, existing } = await setUp({ enrolled: 8 });
    // A withdrawn customer frees its place.
    await changeCustomerStatus({ actor: admin, programId, customerId: existing[7], change: { intent: "withdraw", reason: "" } });
    const csv = unitsCsv(["Alpha", "Beta", "Gamma", "Delta"], { peoplePer: 1 });
    const before = await tableFingerprints();
    const preview = await previewCustomerImport({ actor: admin, programId, csv });
    expect(problemsOf(preview)).toEqual([
      [5, ["Delta would be customer 11, over the cap: a program holds at most 10 (7 enrolled already). Remove it from the file or withdraw a customer first."]],
    ]);
    expect(planOf(preview).seatsTaken).toBe(7);
    const outcome = await importCustomers({ actor: admin, programId, csv });
    expect(outcome.imported).toBe(false);
    expect(await tableFingerprints()).toEqual(before);
    // Without Delta the file fits exactly.
    expect(await importCustomers({ actor: admin, programId, csv: unitsCsv(["Alpha", "Beta", "Gamma"], { peoplePer: 1 }) })).toMatchObject({ imported: true, newCustomers: 3 });
  });

  it("finds duplicates in the file and against the people already enrolled, and adds people to an enrolled organisation", async () => {
    const { admin, programId } = await setUp();
    const { id: acme } = await enrollCustomer({ actor: admin, programId, input: customerInput("Acme Freight") });
    await addContact({ actor: admin, programId, customerId: acme, input: { ...contactInput("Bea Buyer", { isBuyer: true }), email: "bea@acme.example" } });
    const gone = await enrollCustomer({ actor: admin, programId, input: customerInput("Gone Ltd") });
    await changeCustomerStatus({ actor: admin, programId, customerId: gone.id, change: { intent: "withdraw", reason: "" } });
    const csv =
      HEADING +
      "Harbor Health,Hal Buyer,hal@harbor.example,,buyer\n" + // 2
      "Harbor Health,Hannah Second,hannah@harbor.example,,buyer; user\n" + // 3: a second buyer in the file
      "harbor health,Hugo User,HAL@harbor.example,,user\n" + // 4: the same email at the same customer, whatever its case
      "ACME FREIGHT,Bob Buyer,bob@acme.example,,buyer\n" + // 5: Acme has a buyer already
      "Acme Freight,Bea Again,bea@acme.example,,user\n" + // 6: Bea is there already
      "Acme Freight,Una User,una@acme.example,Dispatcher,user\n" + // 7: added to Acme
      "Gone Ltd,Gil,gil@gone.example,,user\n" + // 8: withdrawn
      "Pine Logistics,Hal Buyer,hal@harbor.example,,buyer\n"; // 9: the same email at another customer is fine, as in the forms
    const preview = await previewCustomerImport({ actor: admin, programId, csv });
    expect(problemsOf(preview)).toEqual([
      [3, ["A second economic buyer for Harbor Health (row 2 is one): a customer has exactly one buyer."]],
      [4, ["hal@harbor.example is also on row 2 for Harbor Health: one person per email at a customer."]],
      [5, ["Acme Freight already has an economic buyer, Bea Buyer: a customer has exactly one buyer."]],
      [6, ["Acme Freight already has Bea Buyer <bea@acme.example>."]],
      [8, ["Gone Ltd withdrew from this program. Re-enroll it on its page first, then import its people."]],
    ]);
    expect(planOf(preview).customers.map((c) => [c.name, c.existingId, c.people.map((p) => p.email)])).toEqual([
      ["Harbor Health", null, ["hal@harbor.example"]],
      ["Acme Freight", acme, ["una@acme.example"]],
      ["Pine Logistics", null, ["hal@harbor.example"]],
    ]);
    const before = await tableFingerprints();
    expect((await importCustomers({ actor: admin, programId, csv })).imported).toBe(false);
    expect(await tableFingerprints()).toEqual(before);

    // The good rows alone go in; Acme gets its new person and no second customer of its name.
    const fixed = HEADING + "Harbor Health,Hal Buyer,hal@harbor.example,,buyer\nHarbor Health,Hannah Second,hannah@harbor.example,,user\nacme freight,Una User,una@acme.example,Dispatcher,user\n";
    expect(await importCustomers({ actor: admin, programId, csv: fixed })).toEqual({ imported: true, customers: 2, newCustomers: 1, people: 3 });
    expect((await peopleOf(programId)).filter((p) => p.customer === "Acme Freight").map((p) => p.email)).toEqual(["bea@acme.example", "una@acme.example"]);
    // Posting the same file again (a double click, a reload) records nothing twice.
    const again = await importCustomers({ actor: admin, programId, csv: fixed });
    expect(again.imported).toBe(false);
    expect(!again.imported && problemsOf(again.preview).map(([row]) => row)).toEqual([2, 3, 4]);
  });

  it("checks again at import: a preview that went stale is refused", async () => {
    const { admin, programId } = await setUp({ enrolled: 5 });
    const csv = unitsCsv(SEVEN.slice(0, 5), { peoplePer: 1 });
    expect(planOf(await previewCustomerImport({ actor: admin, programId, csv })).problemRows).toEqual([]);
    // Meanwhile a colleague enrolls a sixth customer: the fifth of the file no longer fits.
    await enrollCustomer({ actor: admin, programId, input: customerInput("Late Arrival") });
    const before = await tableFingerprints();
    const outcome = await importCustomers({ actor: admin, programId, csv });
    expect(!outcome.imported && problemsOf(outcome.preview).map(([row]) => row)).toEqual([6]);
    expect(await tableFingerprints()).toEqual(before);
  });

  it("lets only PMs and admins import, in their own workspace's active programs", async () => {
    const { admin, programId, workspaceId } = await setUp();
    const viewer = await addMember(workspaceId, "viewer");
    const other = await newWorkspace();
    const csv = unitsCsv(["Alpha"]);
    const before = await tableFingerprints();
    await expect(previewCustomerImport({ actor: viewer, programId, csv })).rejects.toMatchObject({ code: "forbidden" });
    await expect(importCustomers({ actor: viewer, programId, csv })).rejects.toMatchObject({ code: "forbidden" });
    await expect(importCustomers({ actor: other.admin, programId, csv })).rejects.toMatchObject({ code: "not_found" });
    await expect(previewCustomerImport({ actor: other.admin, programId, csv })).rejects.toMatchObject({ code: "not_found" });
    expect(await tableFingerprints()).toEqual(before);
    await setProgramArchived({ actor: admin, programId, archived: true });
    await expect(importCustomers({ actor: admin, programId, csv })).rejects.toMatchObject({ code: "conflict" });
    await expect(previewCustomerImport({ actor: admin, programId, csv })).rejects.toMatchObject({ code: "conflict" });
  });

  it("runs the same number of SQL statements for 1 customer as for 7", async () => {
    const counts: number[][] = [];
    for (const names of [SEVEN.slice(0, 1), SEVEN]) {
      const { admin, programId } = await setUp({ enrolled: 2 });
      const csv = unitsCsv(names);
      const preview = { count: 0 };
      await queryCounter.run(preview, () => previewCustomerImport({ actor: admin, programId, csv }));
      const run = { count: 0 };
      await queryCounter.run(run, () => importCustomers({ actor: admin, programId, csv }));
      counts.push([preview.count, run.count]);
    }
    expect(counts[1]).toEqual(counts[0]);
  });
});

describe("the import page's action", () => {
  async function post(programId: string, cookie: string, fields: Record<string, string | File>) {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    const request = new Request(`http://charter.test/programs/${programId}/customers/import`, { method: "POST", body, headers: { cookie } });
    try {
      const result = (await (await loadRoute("routes/customer-import.tsx")).action!({ request, params: { programId }, context: { clientIp: "127.0.0.1" } })) as { data: { error: Record<string, string[]> | null; csv: string; preview: ImportPreview | null }; init: { status: number } | null };
      return { status: result.init?.status ?? 200, ...result.data };
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("location"), error: null, csv: "", preview: null };
      throw thrown;
    }
  }

  it("previews an uploaded file, shows its text to fix, and imports the text posted back", async () => {
    const { programId, admin, workspaceId } = await setUp();
    const cookie = (await createSession({ id: admin.memberId, workspaceId }, origin)).split(";")[0];
    const good = unitsCsv(SEVEN.slice(0, 2));
    const file = new File([good.replace("p1@nordlichtgmbh.example", "p1-at-nordlicht")], "units.csv", { type: "text/csv" });
    const before = await tableFingerprints();
    const preview = await post(programId, cookie, { intent: "preview", csv: "ignored when a file is chosen", file });
    expect(preview.status).toBe(200);
    expect(preview.csv).toContain("p1-at-nordlicht");
    expect(preview.preview && problemsOf(preview.preview)).toEqual([[7, ["Enter a valid email address, like name@company.com."]]]);
    const refused = await post(programId, cookie, { intent: "import", csv: preview.csv });
    expect([refused.status, refused.error]).toEqual([400, { "": ["Nothing was imported: one row has a problem. Fix them and preview again."] }]);
    expect(await tableFingerprints()).toEqual(before);

    const fixed = await post(programId, cookie, { intent: "preview", csv: good, file: new File([], "") });
    expect(fixed.preview && planOf(fixed.preview).people).toBe(8);
    const imported = await post(programId, cookie, { intent: "import", csv: fixed.csv });
    expect([imported.status, imported.location]).toEqual([302, `/programs/${programId}?imported=2&people=8`]);
    expect(await peopleOf(programId)).toHaveLength(8);
  });

  it("answers a file it cannot read, or one too large, on the CSV field", async () => {
    const { programId, admin, workspaceId } = await setUp();
    const cookie = (await createSession({ id: admin.memberId, workspaceId }, origin)).split(";")[0];
    const missing = await post(programId, cookie, { intent: "preview", csv: "name,email\nAl,al@x.example" });
    expect([missing.status, missing.error]).toEqual([400, { csv: ["The first row must name the columns: organisation, contact name, email, title, roles. Missing: organisation, roles."] }]);
    const huge = await post(programId, cookie, { intent: "preview", file: new File(["x".repeat(200 * 1024)], "big.csv") });
    expect([huge.status, huge.error]).toEqual([400, { file: ["The file is larger than 100 KB. Split it, or import at most 500 rows at a time."] }]);
  });
});
