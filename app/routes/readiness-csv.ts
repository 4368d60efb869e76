import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireExportReader } from "~/modules/auth/export-reader.server";
import { readinessCsv } from "~/modules/gates/exports.server";
import { getProgram } from "~/modules/programs/programs.server";
import { idParam, orHttpError } from "~/utils/forms.server";

/** The readiness table as CSV (columns documented in the README); a session or an API token. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const reader = await requireExportReader(request, context);
  const programId = idParam(params.programId);
  const program = await orHttpError(getProgram(reader.workspaceId, programId));
  const csv = await orHttpError(readinessCsv(reader.workspaceId, programId));
  const filename = `${program.name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "program"}-readiness.csv`;
  return new Response(csv, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  });
}
