export { leaves, type Leaf } from "./route-leaves";

type RouteModule = { loader?: Function; action?: Function; default?: unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}");

/** Whether app/routes.ts names a file that exists. */
export const routeFileExists = (file: string) => `../../app/${file}` in modules;

/** Loads a route module by its file as app/routes.ts names it ("routes/program.tsx"). */
export const loadRoute = (file: string) => modules[`../../app/${file}`]();
