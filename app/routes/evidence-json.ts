import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/modules/auth/session.server";
import { programEvidenceJson } from "~/modules/gates/exports.server";
import { idParam, orHttpError } from "~/utils/forms.server";

/** The program's full evidence as JSON, for a warehouse. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const evidence = await orHttpError(programEvidenceJson(member.workspaceId, programId));
  return new Response(JSON.stringify(evidence, null, 2), {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="program-${programId}-evidence.json"`, "cache-control": "no-store" },
  });
}
