import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLogo } from "~/modules/brand/brand.server";

/**
 * A workspace's logo, by the SHA-256 of its bytes: public (the link pages and emails show it), and
 * the address changes with the content, so it is cached for a year. Served as the type its bytes
 * proved on upload (PNG, JPEG or WebP), never sniffed, never run as a document.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const sha256 = params.sha256 ?? "";
  const logo = /^[0-9a-f]{64}$/.test(sha256) ? await getLogo(sha256) : null;
  if (!logo) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.bytes.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "Content-Disposition": "inline",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "cross-origin",
    },
  });
}
