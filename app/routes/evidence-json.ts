import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireExportReader } from "~/modules/auth/export-reader.server";
import { programEvidenceJson } from "~/modules/gates/exports.server";
import { idParam, orHttpError } from "~/utils/forms.server";

/** The program's full evidence as JSON, for a warehouse; a session or an API token. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const reader = await requireExportReader(request, context);
  const programId = idParam(params.programId);
  const evidence = await orHttpError(programEvidenceJson(reader.workspaceId, programId));
  return new Response(JSON.stringify(evidence, null, 2), {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="program-${programId}-evidence.json"`, "cache-control": "no-store" },
  });
}
