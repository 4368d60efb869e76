import type { AppLoadContext } from "@remix-run/node";
import type { RequestOrigin } from "~/modules/audit/audit.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server socket saw it (see server.mjs). */
    clientIp: string | null;
    /** The CSP nonce of this response, for the inline scripts Remix renders. */
    cspNonce?: string;
  }
}

export function requestOrigin(request: Request, context: AppLoadContext): RequestOrigin {
  return {
    ip: context?.clientIp ?? null,
    userAgent: request.headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/** A same-site path to return to after sign-in; anything else falls back to the home page. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/programs") {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
