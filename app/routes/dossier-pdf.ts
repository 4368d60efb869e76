import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/modules/auth/session.server";
import { dossierPdf } from "~/modules/documents/dossier-pdf.server";
import { pdfResponse } from "~/modules/documents/pdf-writer.server";
import { idParam, orHttpError } from "~/utils/forms.server";

/** A referenceable customer's reference dossier as a PDF; the same members may read it as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const { bytes, filename } = await orHttpError(dossierPdf({ workspaceId: member.workspaceId, programId: idParam(params.programId), customerId: idParam(params.customerId) }));
  return pdfResponse(bytes, filename);
}
