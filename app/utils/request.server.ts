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

const THIS_SITE = "http://charter.invalid";

/**
 * A same-site path to return to after sign-in; anything else falls back to the home page. The value
 * is parsed as a browser parses a Location (tabs and newlines dropped, "\\" read as "/"), and only
 * the path of a same-origin result is kept, so "/\t/evil.example" or "/\\evil.example" cannot leave.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/programs") {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, THIS_SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== THIS_SITE) return fallback;
  return url.pathname + url.search + url.hash;
}
