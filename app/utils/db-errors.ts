/** Reads the PostgreSQL error behind a drizzle error (postgres.js and PGlite name fields differently). */
export function pgError(error: unknown): { code?: string; constraint?: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) {
      const constraint = (e.constraint_name ?? e.constraint) as string | undefined;
      return { code: e.code, constraint };
    }
    current = e.cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown, constraint?: string) => {
  const e = pgError(error);
  return e?.code === "23505" && (!constraint || e.constraint === constraint);
};

export const isCheckViolation = (error: unknown, constraint?: string) => {
  const e = pgError(error);
  return e?.code === "23514" && (!constraint || e.constraint === constraint);
};
