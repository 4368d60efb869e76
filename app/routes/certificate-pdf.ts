import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/modules/auth/session.server";
import { certificatePdf } from "~/modules/documents/certificate-pdf.server";
import { pdfResponse } from "~/modules/documents/pdf-writer.server";
import { idParam, orHttpError } from "~/utils/forms.server";

/** The sign-off certificate as a PDF; the same members may read it as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const { bytes, filename } = await orHttpError(
    certificatePdf({ workspaceId: member.workspaceId, programId: idParam(params.programId), roundId: idParam(params.roundId), signoffId: idParam(params.signoffId) }),
  );
  return pdfResponse(bytes, filename);
}
