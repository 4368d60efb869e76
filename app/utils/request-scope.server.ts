import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Work done once per HTTP request and shared by its loaders. Remix hands each loader its own copy
 * of the Request, so the Request cannot key a memo; the load context (one object per HTTP request,
 * made in server.mjs) can. `inRequestScope` runs a loader or action inside its request's scope.
 */
const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();
const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

export function inRequestScope<T>(context: unknown, run: () => T): T {
  if (!context || typeof context !== "object") return run();
  let memo = memos.get(context);
  if (!memo) memos.set(context, (memo = new Map()));
  return scope.run(memo, run);
}

/**
 * The first call in a request computes; later calls in the same request share its promise. Outside
 * a request scope (tests calling a loader directly) every call computes. A rejected computation is
 * not kept, so a later loader tries again.
 */
export function oncePerRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const memo = scope.getStore();
  if (!memo) return compute();
  const known = memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const promise = compute();
  memo.set(key, promise);
  promise.catch(() => memo.delete(key));
  return promise;
}
