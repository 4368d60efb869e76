import { expect, test } from "@playwright/test";

/**
 * The suite tests what people run: `npm test` builds with NODE_ENV=production and the servers run
 * in production mode. A build made under another NODE_ENV ships React's development build (about
 * 200 KB more, slower, and with checks people never run), and `npm start` would then reuse it.
 */

/** Every script the sign-in page loads, following the bundle's imports. */
async function clientScripts(request: import("@playwright/test").APIRequestContext) {
  const page = await request.get("/login");
  expect(page.status()).toBe(200);
  const pending = [...(await page.text()).matchAll(/\/assets\/[\w.-]+\.js/g)].map((m) => m[0]);
  const scripts = new Map<string, string>();
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (scripts.has(path)) continue;
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const source = await response.text();
    scripts.set(path, source);
    // Chunks import each other by relative name ("./components-abc.js").
    for (const [, name] of source.matchAll(/["']\.\/([\w.-]+\.js)["']/g)) pending.push(`/assets/${name}`);
  }
  return scripts;
}

test("the served client bundle is React's production build", async ({ request }) => {
  const scripts = await clientScripts(request);
  expect(scripts.size).toBeGreaterThan(1);
  const all = [...scripts.values()].join("\n");
  // react-dom's production build replaces its messages by error codes; the development build
  // carries its checks and their warnings.
  // (Booleans, so that a failure names the marker rather than printing a megabyte of script.)
  expect(all.includes("Minified React error"), "react-dom's production build is served").toBe(true);
  for (const marker of ["validateDOMNesting", "The above error occurred", "react-dom.development"]) expect(all.includes(marker), `development-only "${marker}" is served`).toBe(false);
});

test("the server runs in production mode", async ({ request }) => {
  // Only NODE_ENV=production sends HSTS (server.mjs); insecure requests are upgraded only when
  // APP_URL is https, which the test servers' is not.
  const page = await request.get("/login");
  expect(page.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(page.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");
});
