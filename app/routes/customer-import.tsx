import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { ErrorList, FormErrors } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { listCustomers } from "~/modules/customers/customers.server";
import { templateHeadings } from "~/modules/customers/import-csv.server";
import { customerImportSchema, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/modules/customers/import.schema";
import { importCustomers, previewCustomerImport, type ImportPreview } from "~/modules/customers/import.server";
import { MAX_CUSTOMERS } from "~/modules/programs/limits";
import { getProgram } from "~/modules/programs/programs.server";
import { AppError } from "~/utils/errors";
import { asHttpError, idParam, orHttpError } from "~/utils/forms.server";
import { ImportPreviewPanel } from "./customer-import/preview";

export const meta: MetaFunction = () => [{ title: "Import customers from a CSV · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const [program, customers] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), listCustomers(member.workspaceId, programId)]);
  return { program, seated: customers.filter((c) => c.status !== "withdrawn").length, headings: templateHeadings() };
}

type ActionResult = { error: Record<string, string[] | null> | null; csv: string; preview: ImportPreview | null };

/** Preview (writes nothing) and import (all or nothing) both read the CSV again from the post: the server holds no state between them. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: customerImportSchema });
  const typed = typeof formData.get("csv") === "string" ? (formData.get("csv") as string) : "";
  if (submission.status !== "success") return data<ActionResult>({ error: submission.error ?? { "": ["Check the form."] }, csv: typed, preview: null }, { status: 400 });
  const { intent, file } = submission.value;
  // A chosen file replaces the pasted text; its content then shows in the box, to be fixed there.
  const csv = file ? await file.text() : submission.value.csv;
  try {
    if (intent === "preview") {
      const preview = await previewCustomerImport({ actor, programId, csv });
      return data<ActionResult>({ error: preview.ok ? null : { csv: [preview.message] }, csv, preview }, { status: preview.ok ? 200 : 400 });
    }
    const outcome = await importCustomers({ actor, programId, csv });
    if (outcome.imported) throw redirect(`/programs/${programId}?imported=${outcome.newCustomers}&people=${outcome.people}`);
    const { preview } = outcome;
    const message = preview.ok
      ? preview.plan.problemRows.length > 0
        ? `Nothing was imported: ${preview.plan.problemRows.length === 1 ? "one row has a problem" : `${preview.plan.problemRows.length} rows have problems`}. Fix them and preview again.`
        : "Nothing was imported: the file has no one to add."
      : preview.message;
    return data<ActionResult>({ error: preview.ok ? { "": [message] } : { csv: [message] }, csv, preview }, { status: 400 });
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return data<ActionResult>({ error: { "": [error.message] }, csv, preview: null }, { status: 409 });
    throw asHttpError(error);
  }
}

export default function ImportCustomers() {
  const { program, seated, headings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const csvErrors = result?.error?.csv ?? undefined;
  const formErrors = result?.error?.[""] ?? result?.error?.intent ?? result?.error?.file ?? undefined;
  const plan = result?.preview?.ok ? result.preview.plan : null;
  return (
    <>
      <PageHeader
        title="Import customers from a CSV"
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>
          </>
        }
        description={`${seated} of at most ${MAX_CUSTOMERS} places taken. Enroll customers with their decision-making units from a spreadsheet: preview first, then import all of it or nothing.`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="The CSV">
            {/* Keyed on the text: after a preview the box shows what was read (a file's content too) and the file field empties. */}
            <Form key={result?.csv ?? ""} method="post" encType="multipart/form-data" className="space-y-4" aria-label="Preview the CSV">
              <input type="hidden" name="intent" value="preview" />
              <FormErrors id="import-form-errors" errors={plan ? undefined : (formErrors ?? undefined)} />
              <div>
                <label htmlFor="import-csv" className="block text-sm font-medium text-slate-800">
                  Paste the CSV
                </label>
                <p id="import-csv-hint" className="mt-0.5 text-sm text-slate-500">
                  One row per person, under a heading row: {headings.join(", ")}. Commas or semicolons between fields.
                </p>
                <textarea
                  id="import-csv"
                  name="csv"
                  rows={10}
                  defaultValue={result?.csv ?? ""}
                  spellCheck={false}
                  aria-invalid={csvErrors ? true : undefined}
                  aria-describedby={csvErrors ? "import-csv-hint import-csv-error" : "import-csv-hint"}
                  className="mt-1.5 block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-invalid:ring-red-500"
                />
                <ErrorList id="import-csv-error" errors={csvErrors} />
              </div>
              <div>
                <label htmlFor="import-file" className="block text-sm font-medium text-slate-800">
                  Or choose a CSV file
                </label>
                <p id="import-file-hint" className="mt-0.5 text-sm text-slate-500">
                  A chosen file replaces the text in the box. At most {MAX_IMPORT_ROWS} rows and {MAX_IMPORT_BYTES / 1024} KB.
                </p>
                <input
                  id="import-file"
                  name="file"
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  aria-describedby="import-file-hint"
                  className="mt-1.5 block w-full max-w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800"
                />
              </div>
              <Button disabled={busy === "preview"}>{busy === "preview" ? "Reading…" : "Preview"}</Button>
            </Form>
          </Card>
          {plan && result ? <ImportPreviewPanel plan={plan} csv={result.csv} formErrors={formErrors ?? undefined} importing={busy === "import"} /> : null}
        </div>
        <Card title="How it reads the file" className="h-fit">
          <ul className="list-disc space-y-2 pl-5 text-sm text-slate-700">
            <li>
              <strong>roles</strong>: buyer, user, champion or gatekeeper; several in one cell separated by commas, like “user, champion”.
            </li>
            <li>Rows with the same organisation make one customer. An organisation already enrolled gets the new people added to it.</li>
            <li>The same rules as the forms: one economic buyer per customer, one person per email at a customer, at most {MAX_CUSTOMERS} customers in a program.</li>
            <li>Nothing is written until you import, and the import writes every row or none.</li>
          </ul>
          <p className="mt-4">
            <a href={`/programs/${program.id}/customers/import/template.csv`} download className="text-sm font-medium text-brand-700 underline">
              Download the template CSV
            </a>
          </p>
        </Card>
      </div>
    </>
  );
}
