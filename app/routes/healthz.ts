/** Liveness probe, and the benchmark's "trivial route": no session, no database. */
export function loader() {
  return new Response("ok", { headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}
