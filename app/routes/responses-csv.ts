import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireExportReader } from "~/modules/auth/export-reader.server";
import { roundResponsesCsv } from "~/modules/feedback/responses-export.server";
import { csvResponse } from "~/utils/csv";
import { idParam, orHttpError } from "~/utils/forms.server";

/** A round's user responses as CSV, one row per user (columns in the README); a session or an API token. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const reader = await requireExportReader(request, context);
  const { csv, roundNumber } = await orHttpError(roundResponsesCsv(reader.workspaceId, idParam(params.programId), idParam(params.roundId)));
  return csvResponse(csv, `round-${roundNumber}-responses.csv`);
}
