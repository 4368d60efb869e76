/** Browsers ask for /favicon.ico whatever the page declares; the icon is an SVG. */
export function loader() {
  return new Response(null, { status: 301, headers: { location: "/favicon.svg", "cache-control": "public, max-age=86400" } });
}
