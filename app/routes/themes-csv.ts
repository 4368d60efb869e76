import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireExportReader } from "~/modules/auth/export-reader.server";
import { getProgram } from "~/modules/programs/programs.server";
import { themesCsv } from "~/modules/themes/themes-export.server";
import { csvResponse } from "~/utils/csv";
import { idParam, orHttpError } from "~/utils/forms.server";

/** The program's themes with their customers and quotes, one row per quote (README: Themes); a session or an API token. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const reader = await requireExportReader(request, context);
  const programId = idParam(params.programId);
  const program = await orHttpError(getProgram(reader.workspaceId, programId));
  const csv = await orHttpError(themesCsv(reader.workspaceId, programId));
  const slug = program.name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "program";
  return csvResponse(csv, `${slug}-themes.csv`);
}
