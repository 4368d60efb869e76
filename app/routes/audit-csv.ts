import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditFilters } from "~/modules/audit/audit-filters";
import { programAuditCsv } from "~/modules/audit/audit-log.server";
import { requireExportReader } from "~/modules/auth/export-reader.server";
import { getProgram } from "~/modules/programs/programs.server";
import { csvResponse } from "~/utils/csv";
import { idParam, orHttpError } from "~/utils/forms.server";

/** The audit log's filtered view as CSV, the whole trail streamed; a session or an API token. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const reader = await requireExportReader(request, context);
  const programId = idParam(params.programId);
  await orHttpError(getProgram(reader.workspaceId, programId));
  return csvResponse(programAuditCsv(reader.workspaceId, programId, auditFilters(new URL(request.url))), `program-${programId}-audit.csv`);
}
