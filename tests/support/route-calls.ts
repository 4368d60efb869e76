import { createSession } from "~/modules/auth/session.server";
import { leaves } from "./route-leaves";
import { loadRoute } from "./routes";
import { origin } from "./factories";

/** A session cookie for a member, as the browser would send it. */
export const cookieOf = async (member: { memberId: string; workspaceId: string }) => (await createSession({ id: member.memberId, workspaceId: member.workspaceId }, origin)).split(";")[0];

/**
 * Requests a URL as Remix would answer it: every loader of a page in order (the layout's first), a
 * resource route's loader alone, or the page's action for a POST. A thrown Response is the answer.
 */
export async function request(path: string, init: { method?: string; headers?: Record<string, string>; body?: URLSearchParams } = {}): Promise<Response | unknown> {
  const url = new URL(`http://charter.test${path}`);
  const match = leaves
    .map((leaf) => ({ leaf, params: matchPath(leaf.path, url.pathname) }))
    .find((m) => m.params !== null);
  if (!match) throw new Error(`No route for ${path}`);
  const headers = { ...(init.body ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...init.headers };
  const req = () => new Request(url, { method: init.method ?? "GET", headers, body: init.body });
  const context = { clientIp: "127.0.0.1" };
  try {
    if ((init.method ?? "GET") !== "GET") {
      const mod = await loadRoute(match.leaf.files.at(-1)!);
      if (!mod.action) return new Response(null, { status: 405 });
      return await mod.action({ request: req(), params: match.params!, context });
    }
    // A resource route (no component: a CSV, a PDF) answers alone, without its layouts' loaders.
    const page = await loadRoute(match.leaf.files.at(-1)!);
    const files = page.default ? match.leaf.files : match.leaf.files.slice(-1);
    let last: unknown;
    for (const file of files) {
      const mod = await loadRoute(file);
      if (mod.loader) last = await mod.loader({ request: req(), params: match.params!, context });
    }
    return last;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/[.]/g, "\\.").replace(/:(\w+)/g, (_, name: string) => (names.push(name), "([^/]+)"));
  const found = new RegExp(`^${source}$`).exec(pathname);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, found[i + 1]]));
}

/** The HTTP status of an answer (a plain object or `data()` from a page loader counts as its own status or 200). */
export function statusOf(answer: unknown) {
  if (answer instanceof Response) return answer.status;
  return (answer as { init?: { status?: number } } | null)?.init?.status ?? 200;
}
