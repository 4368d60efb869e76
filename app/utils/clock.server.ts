import { AsyncLocalStorage } from "node:async_hooks";

/** A shift of the clock for the work running inside `clock.shifted` (and only for it). */
const shift = new AsyncLocalStorage<{ offsetMs: number }>();

/** Where the time comes from: the system clock, or what a test put in its place. */
let source = (): Date => new Date();

const shiftedNow = (): Date => {
  const offsetMs = shift.getStore()?.offsetMs;
  return offsetMs === undefined ? source() : new Date(source().getTime() + offsetMs);
};

/**
 * The time, replaceable in tests (session expiry, link expiry): assigning `clock.now` replaces the
 * time's source; a `shifted` piece of work still sees its shift on top of it.
 */
export const clock = {
  get now(): () => Date {
    return shiftedNow;
  },
  set now(replacement: () => Date) {
    source = replacement;
  },
  /**
   * Runs `work` with a clock of its own that starts at `start` and runs on at real speed;
   * `travel(to)` moves it. Requests served meanwhile keep the real time: the demo's history is
   * built through the app's own functions, weeks in the past, while the server goes on.
   */
  shifted<T>(start: Date, work: (travel: (to: Date) => void) => Promise<T>): Promise<T> {
    const state = { offsetMs: start.getTime() - source().getTime() };
    return shift.run(state, () => work((to) => (state.offsetMs = to.getTime() - source().getTime())));
  },
  /** Runs `work` on the unshifted clock (timers started inside `shifted` would inherit the shift). */
  unshifted<T>(work: () => T): T {
    return shift.exit(work);
  },
};
