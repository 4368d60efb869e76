import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/modules/auth/session.server";
import { templateCsv } from "~/modules/customers/import-csv.server";
import { getProgram } from "~/modules/programs/programs.server";
import { idParam, orHttpError } from "~/utils/forms.server";

/** The import's template: the headings it reads and one customer's decision-making unit as an example. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  await orHttpError(getProgram(member.workspaceId, idParam(params.programId)));
  return new Response(templateCsv(), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="charter-customers-template.csv"', "cache-control": "no-store" },
  });
}
