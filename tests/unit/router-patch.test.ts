import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import routeConfig from "~/routes";

/**
 * .patches/ holds a fork of @remix-run/router's route matching (its ranked branches and compiled
 * paths cached; see Benchmark in the README). A fork is guarded: `patch-package --error-on-fail`
 * fails the install when it no longer applies, and this test proves the patched matching answers
 * exactly as the package's own code, rebuilt here by reversing the patch, for every URL of
 * app/routes.ts and its near misses.
 */

type RouteObject = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: RouteObject[] };
type Match = { route: RouteObject; params: Record<string, string | undefined>; pathname: string; pathnameBase: string };
type Router = {
  matchRoutes: (routes: RouteObject[], location: string, basename?: string) => Match[] | null;
  matchPath: (pattern: { path: string; caseSensitive?: boolean; end?: boolean }, pathname: string) => unknown;
};

const root = join(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
// The server build resolves the package through its "main": the CommonJS file the patch edits.
const installedFile = require.resolve("@remix-run/router");
const patchFile = join(root, ".patches", readdirSync(join(root, ".patches")).find((name) => name.startsWith("@remix-run+router+"))!);

/** The package's own source: each hunk of the patch applied backwards. */
function unpatched(source: string, patch: string) {
  const hunks = patch.split(/^@@.*@@.*$/m).slice(1);
  for (const hunk of hunks) {
    const lines = hunk
      .replace(/^\n/, "")
      .replace(/\n$/, "")
      .split("\n")
      .filter((line) => !line.startsWith("\\"))
      .map((line) => line || " "); // an empty context line may have lost its leading space
    const side = (keep: string) => lines.filter((line) => line[0] === " " || line[0] === keep).map((line) => line.slice(1)).join("\n");
    const patched = side("+");
    expect(source.split(patched), "each patched block is found once in the installed file").toHaveLength(2);
    source = source.replace(patched, () => side("-"));
  }
  return source;
}

function load(source: string): Router {
  const module = { exports: {} as Router };
  new Function("exports", "module", "require", source)(module.exports, module, require);
  return module.exports;
}

/** The route tree as Remix's server builds it from the manifest: the root route, then app/routes.ts. */
type Entry = { file: string; id?: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Entry[] };
const tree = (entries: Entry[], suffix = ""): RouteObject[] =>
  entries.map((entry) => ({
    id: (entry.id ?? entry.file.replace(/\.[jt]sx?$/, "")) + suffix,
    path: entry.path,
    index: entry.index,
    caseSensitive: entry.caseSensitive,
    children: entry.children ? tree(entry.children, suffix) : undefined,
  }));
const routesOf = (suffix = ""): RouteObject[] => [{ id: "root" + suffix, path: "", children: tree(routeConfig as Entry[], suffix) }];

/** Every route's path as a pattern ("/programs/:programId/rounds/:roundId"). */
function patterns(routes: RouteObject[], prefix = ""): string[] {
  return routes.flatMap((route) => {
    const path = route.path ? `${prefix}/${route.path}`.replace(/\/+/g, "/") : prefix;
    return [...(route.children ? patterns(route.children, path) : []), ...(route.children ? [] : [path || "/"])];
  });
}

const PARAM_VALUES = ["0f8fc6a2-1e5f-4a4e-9d7e-3c2b1a0f9e8d", "abc", "a%20b", "caf%C3%A9", "%F0%9F%98%80", "x.y", "a%2Fb", "%00", "%E0%A4%A", "-"];

/** Each pattern with every kind of value, and its near misses: a slash more or less, another case, a segment more or less. */
function urls(all: string[]) {
  const concrete = all.flatMap((pattern) => PARAM_VALUES.map((value) => pattern.replace(/:\w+/g, value)));
  const variants = concrete.flatMap((url) => [
    url,
    `${url}/`,
    url.toUpperCase(),
    `${url}/extra`,
    url.replace(/\/[^/]*$/, "") || "/",
    url.replace(/^\//, "//"),
    `${url}.data`,
    `${url}?index&x=1#top`,
  ]);
  return [...new Set([...variants, "", "/", "//", "/nope", "/%", "/f", "/f/", "/f/a/b", "/q", "/q/", "/q/a/b", "/programs/new/", "/PROGRAMS/NEW", "/programs/:programId", "/*"])];
}

const shape = (matches: Match[] | null) => matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null;

describe("the @remix-run/router patch", () => {
  // Malformed percent-encodings make the router warn on every call; the answers are what count.
  beforeAll(() => void vi.spyOn(console, "warn").mockImplementation(() => {}));
  const installed = readFileSync(installedFile, "utf8");
  const patched = load(installed);
  const original = load(unpatched(installed, readFileSync(patchFile, "utf8")));

  it("is applied to the file the server loads, and reverses to the package's own code", () => {
    expect(installed).toContain("Patched (Charter)");
    expect(unpatched(installed, readFileSync(patchFile, "utf8"))).not.toContain("Patched (Charter)");
    expect(patched.matchRoutes).not.toBe(original.matchRoutes);
  });

  it("matches every URL of the route manifest, and its near misses, exactly as the unpatched router", () => {
    const routes = routesOf();
    const list = urls(patterns(routes));
    expect(list.length).toBeGreaterThan(1000);
    let matched = 0;
    // Twice over: the second pass runs on the patch's caches.
    for (let pass = 0; pass < 2; pass++)
      for (const url of list) {
        const expected = shape(original.matchRoutes(routes, url));
        expect(shape(patched.matchRoutes(routes, url)), url).toEqual(expected);
        expect(shape(patched.matchRoutes(routes, `/base${url}`, "/base")), `/base${url}`).toEqual(shape(original.matchRoutes(routes, `/base${url}`, "/base")));
        if (expected) matched++;
      }
    // Every route is reached by some URL: the list covers the whole manifest.
    const reached = new Set(list.flatMap((url) => shape(original.matchRoutes(routes, url))?.map((m) => m.id) ?? []));
    expect(patterns(routes).length).toBe(56);
    expect(reached.size).toBe(1 + 56 + 1); // root, every leaf, the workspace layout
    expect(matched).toBeGreaterThan(0);
  });

  it("keeps two route trees apart (its cache is per routes array)", () => {
    const first = routesOf();
    const second = routesOf("-second");
    for (const url of urls(patterns(first)).slice(0, 400)) {
      expect(shape(patched.matchRoutes(second, url)), url).toEqual(shape(original.matchRoutes(second, url)));
      expect(shape(patched.matchRoutes(first, url)), url).toEqual(shape(original.matchRoutes(first, url)));
    }
  });

  it("matches each path pattern like the unpatched router, case-sensitive or not, whole or prefix", () => {
    const all = patterns(routesOf());
    const list = urls(all).filter((_, i) => i % 7 === 0);
    for (const pattern of all)
      for (const caseSensitive of [false, true])
        for (const end of [true, false])
          for (const url of list)
            expect(patched.matchPath({ path: pattern, caseSensitive, end }, url), `${pattern} ${url}`).toEqual(original.matchPath({ path: pattern, caseSensitive, end }, url));
  });
});
