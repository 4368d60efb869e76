import type { AppLoadContext } from "@remix-run/node";
import { authenticateApiToken } from "~/modules/workspaces/api-tokens.server";
import { requestOrigin } from "~/utils/request.server";
import { requireMember } from "./session.server";

/** Who reads an export: a signed-in member, or a workspace API token. */
export type ExportReader = { workspaceId: string; via: "session" | "token" };

const unauthorized = (error: string, message: string) =>
  new Response(message, { status: 401, headers: { "WWW-Authenticate": `Bearer realm="charter", error="${error}"`, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * The reader of a CSV or JSON export. Only the export routes call this: everywhere else an
 * Authorization header is ignored and the page asks for a session, so a token never opens a page
 * or posts a form. A token reads its own workspace only (anything else is the usual 404).
 */
export async function requireExportReader(request: Request, context: AppLoadContext): Promise<ExportReader> {
  const header = request.headers.get("authorization");
  if (header === null) return { workspaceId: (await requireMember(request)).workspaceId, via: "session" };
  if (request.method !== "GET" && request.method !== "HEAD") throw new Response("API tokens only read.", { status: 405, headers: { Allow: "GET, HEAD" } });
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,300})$/.exec(header.trim());
  if (!match) throw unauthorized("invalid_request", "Send the token as: Authorization: Bearer <token>.");
  const token = await authenticateApiToken(match[1], requestOrigin(request, context));
  if (!token) throw unauthorized("invalid_token", "This API token is not valid (unknown or revoked).");
  return { workspaceId: token.workspaceId, via: "token" };
}
