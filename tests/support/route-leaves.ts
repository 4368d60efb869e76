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

/** Plain TypeScript (no Vite): the e2e specs read it too. */
export const leaves = flatten(routeConfig as Entry[]);
