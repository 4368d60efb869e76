import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { contacts, customers } from "#db/schema";
import { recordAudits, type AuditEntry, type MemberActor } from "~/modules/audit/audit.server";
import { MAX_CUSTOMERS } from "~/modules/programs/limits";
import { assertEditor, getProgram } from "~/modules/programs/programs.server";
import { isCheckViolation, isUniqueViolation } from "~/utils/db-errors";
import { AppError } from "~/utils/errors";
import type { ContactInput } from "./customers.schema";
import { lockActiveProgram } from "./customers.server";
import { readCustomerCsv, type ImportRow } from "./import-csv.server";

export type ImportPerson = { row: number } & ContactInput;
export type ImportCustomer = {
  name: string;
  /** Set when the organisation is already enrolled: its people are added to it. */
  existingId: string | null;
  people: ImportPerson[];
};
export type ImportProblemRow = { row: number; organisation: string; name: string; email: string; problems: string[] };
export type ImportPlan = {
  delimiter: "," | ";" | "\t";
  ignoredColumns: string[];
  rows: number;
  /** What the import writes: only rows without problems; it runs only when `problemRows` is empty. */
  customers: ImportCustomer[];
  problemRows: ImportProblemRow[];
  newCustomers: number;
  people: number;
  seatsTaken: number;
};
export type ImportPreview = { ok: false; message: string } | { ok: true; plan: ImportPlan };
export type ImportOutcome =
  | { imported: false; preview: ImportPreview }
  | { imported: true; customers: number; newCustomers: number; people: number };

const keyOf = (organisation: string) => organisation.toLowerCase();

/**
 * Checks the file's rows against the program: the 10-customer cap counting those enrolled, one
 * economic buyer and unique emails per customer (in the file and among the people already there),
 * organisations already enrolled (people added to them) or withdrawn (refused, said why). Two
 * queries, whatever the size of the file or the program.
 */
async function planImport(executor: Executor, workspaceId: string, programId: string, rows: ImportRow[]) {
  const enrolled = await executor
    .select({ id: customers.id, name: customers.name, status: customers.status })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId)))
    .orderBy(asc(customers.enrolledAt));
  const people = await executor
    .select({ customerId: contacts.customerId, name: contacts.name, email: contacts.email, isBuyer: contacts.isBuyer })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId), ne(customers.status, "withdrawn"), isNull(contacts.removedAt)));

  const seatsTaken = enrolled.filter((c) => c.status !== "withdrawn").length;
  const seated = new Map(enrolled.filter((c) => c.status !== "withdrawn").map((c) => [keyOf(c.name), c]));
  const withdrawn = new Map(enrolled.filter((c) => c.status === "withdrawn").map((c) => [keyOf(c.name), c]));

  // The file's organisations in the order they first appear; the first spelling names a new one.
  const groups = new Map<string, { name: string; rows: ImportRow[] }>();
  for (const row of rows) {
    if (!row.organisationValid) continue;
    const key = keyOf(row.organisation);
    if (!groups.has(key)) groups.set(key, { name: row.organisation, rows: [] });
    groups.get(key)!.rows.push(row);
  }

  const problems = new Map(rows.map((row) => [row, [...row.problems]]));
  const plan: ImportCustomer[] = [];
  let newCustomers = 0;
  for (const [key, group] of groups) {
    const existing = seated.get(key);
    const flagAll = (message: string) => group.rows.forEach((row) => problems.get(row)!.push(message));
    if (!existing && withdrawn.has(key)) {
      flagAll(`${withdrawn.get(key)!.name} withdrew from this program. Re-enroll it on its page first, then import its people.`);
      continue;
    }
    if (!existing) {
      newCustomers++;
      if (seatsTaken + newCustomers > MAX_CUSTOMERS)
        flagAll(
          `${group.name} would be customer ${seatsTaken + newCustomers}, over the cap: a program holds at most ${MAX_CUSTOMERS} (${seatsTaken} enrolled already). Remove it from the file or withdraw a customer first.`,
        );
    }
    const there = existing ? people.filter((p) => p.customerId === existing.id) : [];
    const emailRow = new Map<string, number>();
    let buyerRow: number | null = null;
    const fine: ImportPerson[] = [];
    for (const row of group.rows) {
      const { contact } = row;
      const onFile = emailRow.get(contact.email);
      const already = there.find((p) => p.email === contact.email);
      if (contact.email && onFile) problems.get(row)!.push(`${contact.email} is also on row ${onFile} for ${group.name}: one person per email at a customer.`);
      else if (already) problems.get(row)!.push(`${existing!.name} already has ${already.name} <${already.email}>.`);
      if (contact.email && !onFile) emailRow.set(contact.email, row.row);
      if (contact.isBuyer) {
        const buyerThere = there.find((p) => p.isBuyer);
        if (buyerRow) problems.get(row)!.push(`A second economic buyer for ${group.name} (row ${buyerRow} is one): a customer has exactly one buyer.`);
        else if (buyerThere) problems.get(row)!.push(`${existing!.name} already has an economic buyer, ${buyerThere.name}: a customer has exactly one buyer.`);
        else buyerRow = row.row;
      }
      if (problems.get(row)!.length === 0) fine.push({ row: row.row, ...contact });
    }
    if (fine.length > 0) plan.push({ name: existing?.name ?? group.name, existingId: existing?.id ?? null, people: fine });
  }

  const problemRows = rows
    .filter((row) => problems.get(row)!.length > 0)
    .map((row) => ({ row: row.row, organisation: row.organisation, name: row.contact.name, email: row.contact.email, problems: problems.get(row)! }));
  return {
    customers: plan,
    problemRows,
    newCustomers: plan.filter((c) => !c.existingId).length,
    people: plan.reduce((sum, c) => sum + c.people.length, 0),
    seatsTaken,
  };
}

/** What an import of this CSV would write, and every row's problems. Writes nothing. */
export async function previewCustomerImport({ actor, programId, csv }: { actor: MemberActor; programId: string; csv: string }): Promise<ImportPreview> {
  assertEditor(actor);
  const program = await getProgram(actor.workspaceId, programId);
  if (program.status === "archived") throw new AppError("conflict", "This program is archived. Restore it to change its customers.");
  const reading = readCustomerCsv(csv);
  if (!reading.ok) return reading;
  const plan = await planImport(db(), actor.workspaceId, programId, reading.rows);
  return { ok: true, plan: { delimiter: reading.delimiter, ignoredColumns: reading.ignoredColumns, rows: reading.rows.length, ...plan } };
}

/**
 * Enrolls the file's customers with their people, all or nothing: the CSV is read and checked again
 * under the program's lock (a preview may be stale), and any problem leaves everything as it was.
 */
export async function importCustomers({ actor, programId, csv }: { actor: MemberActor; programId: string; csv: string }): Promise<ImportOutcome> {
  assertEditor(actor);
  const reading = readCustomerCsv(csv);
  try {
    return await db().transaction(async (tx) => {
      // Every change to this program's customers and contacts takes this lock first, so the checks hold until commit.
      await lockActiveProgram(tx, actor.workspaceId, programId);
      if (!reading.ok) return { imported: false, preview: reading };
      const plan = await planImport(tx, actor.workspaceId, programId, reading.rows);
      const preview = { ok: true as const, plan: { delimiter: reading.delimiter, ignoredColumns: reading.ignoredColumns, rows: reading.rows.length, ...plan } };
      if (plan.problemRows.length > 0 || plan.people === 0) return { imported: false, preview };

      const fresh = plan.customers.filter((c) => !c.existingId);
      const inserted = fresh.length
        ? await tx
            .insert(customers)
            .values(fresh.map((c) => ({ workspaceId: actor.workspaceId, programId, name: c.name, segment: "", website: "", notes: "" })))
            .returning({ id: customers.id, name: customers.name })
        : [];
      const idOf = new Map(inserted.map((c) => [keyOf(c.name), c.id]));
      const customerIdOf = (c: ImportCustomer) => c.existingId ?? idOf.get(keyOf(c.name))!;
      const added = await tx
        .insert(contacts)
        .values(plan.customers.flatMap((c) => c.people.map(({ row: _row, ...person }) => ({ workspaceId: actor.workspaceId, customerId: customerIdOf(c), ...person }))))
        .returning({ id: contacts.id, customerId: contacts.customerId, email: contacts.email });

      // The same events as the forms write, marked as an import, and one for the file as a whole.
      const via = "csv_import";
      const entries: AuditEntry[] = [
        {
          workspaceId: actor.workspaceId,
          action: "customers.imported",
          programId,
          details: { customers: plan.customers.length, newCustomers: fresh.length, people: plan.people, rows: reading.rows.length },
        },
        ...inserted.map((c) => ({
          workspaceId: actor.workspaceId,
          action: "customer.enrolled",
          programId,
          customerId: c.id,
          subjectId: c.id,
          details: { name: c.name, segment: "", website: "", notes: "", via },
        })),
        ...plan.customers.flatMap((c) =>
          c.people.map(({ row: _row, ...person }) => {
            const customerId = customerIdOf(c);
            const contact = added.find((a) => a.customerId === customerId && a.email === person.email)!;
            return { workspaceId: actor.workspaceId, action: "contact.added", programId, customerId, subjectId: contact.id, details: { ...person, via } };
          }),
        ),
      ];
      await recordAudits(tx, actor, entries);
      return { imported: true, customers: plan.customers.length, newCustomers: fresh.length, people: plan.people };
    });
  } catch (error) {
    // The checks above ran under the lock; these are the database's own rules, should anything slip past.
    if (isCheckViolation(error, "customers_max_ten_per_program"))
      throw new AppError("conflict", `The import would take the program past ${MAX_CUSTOMERS} customers. Nothing was imported.`);
    if (isUniqueViolation(error)) throw new AppError("conflict", "An organisation or a person in the file is already in this program. Nothing was imported; preview the file again.");
    throw error;
  }
}
