export { leaves, type Leaf } from "./route-leaves";

/** A loader or action as the tests call it: one argument, any answer (data, a Response, a throw). */
type RouteFunction = (args: { request: Request; params: Record<string, string>; context: { clientIp: string | null } }) => Promise<unknown> | unknown;
type RouteModule = { loader?: RouteFunction; action?: RouteFunction; default?: unknown };
const modules = import.meta.glob<RouteModule>("../../app/routes/*.{ts,tsx}");

/** Whether app/routes.ts names a file that exists. */
export const routeFileExists = (file: string) => `../../app/${file}` in modules;

/** Loads a route module by its file as app/routes.ts names it ("routes/program.tsx"). */
export const loadRoute = (file: string) => modules[`../../app/${file}`]();
