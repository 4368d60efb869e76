import { detailText as text, quoted, type HistoryEvent } from "~/modules/audit/history";

/** The audit actions of the champion's quote, as the customer's timeline lists them. */
export const QUOTE_ACTIONS = ["quote.requested", "quote.proposed", "quote.given", "quote.approved", "quote.rejected", "quote.withdrawn", "quote.link_resent", "quote.links_revoked"] as const;

/** The ones the timeline marks in amber: a quote that will not be used. */
export const QUOTE_SETBACKS: readonly string[] = ["quote.rejected", "quote.withdrawn"];

const wasBefore: Record<string, string> = { requested: "the champion had not answered yet", given: "it waited for the buyer's approval", approved: "it was approved for public use" };

/** A quote audit row in words: "Champion quote requested from Cam Champion by Ada Admin". */
export function describeQuoteEvent({ action, details: d, memberName, contactName }: HistoryEvent): string {
  const by = memberName ? ` by ${memberName}` : "";
  const to = text(d.name) || text(d.to);
  const attributed = text(d.attribution) ? ` (attributed to “${text(d.attribution)}”)` : "";
  const author = text(d.authorName);
  const buyer = contactName || text(d.signatureName) || "The buyer";
  switch (action) {
    case "quote.requested":
      return `Champion quote requested from ${to || "the champion"}${by}`;
    case "quote.proposed":
      return `${text(d.authorName) ? `${text(d.authorName)}'s comment` : "A user's comment"} proposed as a quote${by}; ${to ? `${to} was asked to approve it for public use` : "no buyer to approve it yet"}`;
    case "quote.given":
      return `${contactName ?? "The champion"} gave a quote${attributed}`;
    case "quote.approved":
      return `${buyer} approved the quote for public use${attributed}`;
    case "quote.rejected":
      return `${buyer} rejected the quote for public use${attributed}${quoted(d.note)}`;
    case "quote.withdrawn":
      return `${author ? `${author}'s quote` : "A quote"} withdrawn${by}${wasBefore[text(d.from)] ? ` (${wasBefore[text(d.from)]})` : ""}`;
    case "quote.link_resent":
      return `Quote link re-sent${by} to ${to || "its recipient"}${d.purpose === "approve" ? ", to approve it for public use" : d.purpose === "give" ? ", to give the quote" : ""}; the earlier links stopped working`;
    case "quote.links_revoked": {
      const n = typeof d.linksRevoked === "number" ? d.linksRevoked : 0;
      return `${n === 1 ? "The live link" : n > 1 ? `${n} live links` : "The live links"} of ${author ? `${author}'s quote` : "a quote"} revoked${by}; the quote is unchanged`;
    }
    default:
      return action;
  }
}
