import type { ServerBuild } from "@remix-run/node";

/**
 * When the database cannot be reached, a request gets a plain 503 page instead of a 500: the
 * reader learns that nothing was saved and that trying again later will work. Remix 2 has no
 * middleware, so server.mjs passes its build through `answerUnavailableWith503`, which wraps every
 * loader and action.
 */

/** Socket errors, postgres.js connection errors, and PostgreSQL's "cannot serve now" states. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  // drizzle wraps the driver's error in its own (with the query); look through the causes.
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
    if (e instanceof Error && /PGlite is closed/i.test(e.message)) return true;
  }
  return false;
}

export const UNAVAILABLE_MESSAGE =
  "Charter cannot reach its database just now, so nothing from this request was saved. Please try again in a minute.";

/** How long a client is asked to wait before trying again, on every 503 (resource, data or page). */
export const RETRY_AFTER_SECONDS = "30";

const unavailable = () =>
  new Response(UNAVAILABLE_MESSAGE, { status: 503, statusText: "Service Unavailable", headers: { "Retry-After": RETRY_AFTER_SECONDS, "Content-Type": "text/plain; charset=utf-8" } });

export type Handler = (args: unknown) => Promise<unknown>;

function guarded(handler: Handler): Handler {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      console.error("Database unreachable:", (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code ?? "unknown");
      throw unavailable();
    }
  };
}

/** Which handler `wrapHandlers` is wrapping: a loader or an action, of a page or a resource route. */
export type HandlerKind = { kind: "loader" | "action"; page: boolean };

/** The same build with every loader and action passed through `wrap`. */
export function wrapHandlers(build: ServerBuild, wrap: (handler: Handler, of: HandlerKind) => Handler): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const module = { ...route.module } as Record<string, unknown>;
      for (const kind of ["loader", "action"] as const) {
        const handler = route.module[kind];
        // A route with a component is a page; one without (the CSV, the webhook) is a resource route.
        if (handler) module[kind] = wrap(handler as Handler, { kind, page: route.module.default !== undefined });
      }
      return [id, { ...route, module: module as unknown as typeof route.module }];
    }),
  );
  return { ...build, routes };
}

/** The same build with every loader and action answering 503 when the database is unreachable. */
export const answerUnavailableWith503 = (build: ServerBuild) => wrapHandlers(build, guarded);
