/** The time, replaceable in tests (session expiry, link expiry). */
export const clock = {
  now: (): Date => new Date(),
};
