// The import page's preview (app/routes/customer-import.tsx): every row's problems, then what the
// import would create, and the import itself as a second post carrying the same CSV text.
import { Form } from "@remix-run/react";
import { roleHints } from "~/components/forms/contact-form";
import { Button } from "~/components/ui/button";
import { FormErrors } from "~/components/ui/field";
import { Badge } from "~/components/ui/page";
import type { ImportPlan } from "~/modules/customers/import.server";

const roleKeys = Object.keys(roleHints) as (keyof typeof roleHints)[];
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const delimiterName = { ",": "commas", ";": "semicolons", "\t": "tabs" } as const;

export function ImportPreviewPanel({ plan, csv, formErrors, importing }: { plan: ImportPlan; csv: string; formErrors?: string[]; importing: boolean }) {
  const ready = plan.problemRows.length === 0 && plan.people > 0;
  const added = plan.customers.filter((c) => c.existingId);
  return (
    <>
      <FormErrors id="import-errors" errors={formErrors} />
      <p className="text-sm text-slate-600">
        Read {plan.rows === 1 ? "one row" : `${plan.rows} rows`} separated by {delimiterName[plan.delimiter]}.
        {plan.ignoredColumns.length > 0 ? ` Columns not read: ${plan.ignoredColumns.join(", ")}.` : ""}
      </p>

      {plan.problemRows.length > 0 ? (
        <section aria-labelledby="problems-heading" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <h2 id="problems-heading" className="text-base font-semibold">
            {plural(plan.problemRows.length, "row has a problem", "rows have problems")}: nothing will be imported until they are fixed
          </h2>
          <p className="mt-1">Fix them in the box above (or in the spreadsheet) and preview again. Rows are numbered as in a spreadsheet, the heading being row 1.</p>
          <ul className="mt-3 space-y-2">
            {plan.problemRows.map((row) => (
              <li key={row.row} className="break-words rounded-md bg-white p-3 ring-1 ring-red-200">
                <p className="font-medium">
                  Row {row.row}
                  {row.organisation ? ` · ${row.organisation}` : ""}
                  {row.name ? ` · ${row.name}` : ""}
                  {row.email ? ` · ${row.email}` : ""}
                </p>
                <ul className="mt-1 list-disc pl-5">
                  {row.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="creates-heading" className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200 sm:p-5">
        <h2 id="creates-heading" className="text-base font-semibold text-slate-900">
          {ready ? "The import will create" : "Rows without problems would create"}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {plural(plan.newCustomers, "new customer")} and {plural(plan.people, "person", "people")}
          {added.length > 0 ? `, some of them added to ${added.map((c) => c.name).join(", ")} (already enrolled)` : ""}. The program has {plan.seatsTaken} enrolled now.
        </p>
        {plan.customers.length === 0 ? (
          <p className="mt-3 text-sm text-slate-600">Nothing yet: every row has a problem.</p>
        ) : (
          <ul className="mt-3 space-y-4">
            {plan.customers.map((customer) => (
              <li key={customer.name}>
                <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
                  {customer.name}
                  {customer.existingId ? <Badge tone="blue">Already enrolled: people added to it</Badge> : <Badge tone="green">New customer</Badge>}
                </h3>
                <ul className="mt-1 divide-y divide-slate-100 text-sm">
                  {customer.people.map((person) => (
                    <li key={person.row} className="flex flex-wrap gap-x-3 gap-y-0.5 py-1.5">
                      <span className="font-medium text-slate-900">{person.name}</span>
                      <span className="break-all text-slate-600">{person.email}</span>
                      {person.title ? <span className="text-slate-600">{person.title}</span> : null}
                      <span className="text-slate-700">{roleKeys.filter((role) => person[role]).map((role) => roleHints[role][0]).join(", ")}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
        {ready ? (
          <Form method="post" encType="multipart/form-data" className="mt-5" aria-label="Import the previewed CSV">
            <input type="hidden" name="intent" value="import" />
            {/* The same text that was previewed; the server reads and checks it again before writing. */}
            <input type="hidden" name="csv" value={csv} />
            <Button disabled={importing}>
              {importing ? "Importing…" : `Import ${plan.newCustomers > 0 ? `${plural(plan.newCustomers, "customer")} and ` : ""}${plural(plan.people, "person", "people")}`}
            </Button>
          </Form>
        ) : null}
      </section>
    </>
  );
}

/** The program page's notice after an import redirected there (`?imported=7&people=28`). */
export function importedMessage(searchParams: URLSearchParams) {
  const customers = Number(searchParams.get("imported"));
  const people = Number(searchParams.get("people"));
  if (!searchParams.has("imported") || !Number.isInteger(customers) || !Number.isInteger(people) || customers < 0 || people < 1) return null;
  return `Imported ${customers > 0 ? `${plural(customers, "new customer")} and ` : ""}${plural(people, "person", "people")} from the CSV.`;
}
