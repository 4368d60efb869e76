import type { AuditFilters } from "./audit-log.server";

export type { AuditFilters };

/** Events per page of the audit log (the page says so). */
export const AUDIT_PAGE_SIZE = 100;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit log's filters from its query string (the page and its CSV read them the same way); anything malformed is ignored. */
export function auditFilters(url: URL): AuditFilters {
  const pick = (name: string) => {
    const value = url.searchParams.get(name) ?? "";
    return uuid.test(value) ? value.toLowerCase() : undefined;
  };
  return { customerId: pick("customer"), roundId: pick("round"), action: url.searchParams.get("action")?.slice(0, 80) || undefined };
}

/** A page cursor: an event id, or nothing when it is not a plain positive integer. */
export function eventId(value: string | null): number | undefined {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
