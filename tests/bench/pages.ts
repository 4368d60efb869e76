/**
 * The pages the benchmark and the profiler drive, and the requests that drive each one.
 */
import type { LoadRequest } from "./load";
import type { PageId } from "./query-counts";
import type { SeededWorkspace } from "./seed";

// Two baselines: /healthz is the trivial route (Express and Remix's request handler, no
// rendering); /account is the trivial *page* (session lookup, layout and a one-field form rendered
// by React, with the same inline CSS and hydration data as every page): the framework's ceiling
// for a signed-in page.
export const PAGES: { id: PageId; label: string }[] = [
  { id: "trivial", label: "GET /healthz (trivial)" },
  { id: "page", label: "GET /account (trivial page)" },
  { id: "home", label: "GET /programs" },
  { id: "dashboard", label: "GET /programs/:id" },
  { id: "round", label: "GET /programs/:id/rounds/:rid" },
  { id: "buyer", label: "GET /s/:token (buyer)" },
  { id: "feedback", label: "POST /f/:token (user)" },
];

/** Sent with every page request, as browsers do (the server compresses responses over 1 KB). */
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? "gzip, deflate, br";

export function requestsFor(page: PageId, ws: SeededWorkspace, cookie: string, url: string): LoadRequest[] {
  const browser: Record<string, string> = ACCEPT_ENCODING ? { "accept-encoding": ACCEPT_ENCODING } : {};
  const signedIn = { ...browser, cookie };
  switch (page) {
    case "trivial":
      return [{ path: "/healthz", headers: browser }];
    case "page":
      return [{ path: "/account", headers: signedIn }];
    case "home":
      return [{ path: "/programs", headers: signedIn }];
    case "dashboard":
      return ws.programs.map((p) => ({ path: `/programs/${p.id}`, headers: signedIn }));
    case "round":
      return ws.programs.map((p) => ({ path: `/programs/${p.id}/rounds/${p.openRoundId}`, headers: signedIn }));
    case "buyer":
      return ws.signoff.map((token) => ({ path: `/s/${token}`, headers: browser }));
    case "feedback":
      // An identical resubmission of the stored answers: validated, checked, nothing recorded, 302.
      return ws.feedback.slice(0, 500).map(({ token, body }) => ({
        method: "POST",
        path: `/f/${token}`,
        headers: { ...browser, origin: url, "content-type": "application/x-www-form-urlencoded" },
        body,
      }));
  }
}
