/** What a history module gets of one audit row to put it in words (the customer's timeline). */
export type HistoryEvent = {
  action: string;
  details: Record<string, unknown>;
  /** The member who acted, if a member did. */
  memberName: string | null;
  /** The customer's person who acted (a buyer, champion or gatekeeper by link), if one did. */
  contactName: string | null;
};

/** A detail as text, or "" when missing (rows written before a detail was kept read without it). */
export const detailText = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : "");

/** A person's words after a colon, in quotes: `: “No SAML support”`; nothing when there are none. */
export const quoted = (v: unknown) => (detailText(v) ? `: “${detailText(v)}”` : "");
