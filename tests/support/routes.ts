import routeConfig from "~/routes";

/** Every URL of app/routes.ts as a leaf: its path and the route files (layouts first) that serve it. */
type Entry = { file: string; path?: string; index?: boolean; children?: Entry[] };
export type Leaf = { path: string; files: string[] };

function flatten(entries: Entry[], prefix = "", parents: string[] = []): Leaf[] {
  return entries.flatMap((entry) => {
    const path = entry.path ? `${prefix}/${entry.path}`.replace(/\/+/g, "/") : prefix;
    const files = [...parents, entry.file];
    const self = entry.children ? [] : [{ path: path || "/", files }];
    return [...self, ...(entry.children ? flatten(entry.children, path, files) : [])];
  });
}

export const leaves = flatten(routeConfig as Entry[]);

/** A loader or action as the tests call it: one argument, any answer (data, a Response, a throw). */
type RouteFunction = (args: { request: Request; params: Record<string, string>; context: { clientIp: string | null } }) => Promise<unknown> | unknown;
type RouteModule = { loader?: RouteFunction; action?: RouteFunction; default?: unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}");

/** Whether app/routes.ts names a file that exists. */
export const routeFileExists = (file: string) => `../../app/${file}` in modules;

/** Loads a route module by its file as app/routes.ts names it ("routes/program.tsx"). */
export const loadRoute = (file: string) => modules[`../../app/${file}`]();
