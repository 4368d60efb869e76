import { referenceUses } from "./reference-uses";

/** The certificate's wording, shared by its page and its PDF so both say the same. */

const utcFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
export const utc = (value: string | Date) => `${utcFormat.format(new Date(value))} UTC`;

/** Names compared without case, spaces or punctuation ("Bea  buyer" signs as "Bea Buyer"). */
export const normalName = (name: string) => name.toLowerCase().replace(/[^\p{L}]+/gu, "");

export const historyLabel: Record<string, string> = {
  "signoff.sent": "Request sent",
  "signoff.reminded": "Reminder sent",
  "signoff.opened": "Link first opened",
  "signoff.approved": "Approved",
  "signoff.declined": "Declined",
  "signoff.consent_withdrawn": "Reference consent withdrawn",
};

export const wtpText = (c: { willingnessToPay: string | null; wtpAmount: number | null; wtpCurrency: string | null }) =>
  c.willingnessToPay === "as_proposed"
    ? "The proposed price or terms"
    : c.willingnessToPay === "amount"
      ? `${c.wtpAmount?.toLocaleString("en-GB")} ${c.wtpCurrency} per year`
      : c.willingnessToPay === "none"
        ? "Nothing at this point"
        : "Not said";

/** The reference uses a buyer allowed, in the sign-off form's words. */
export const allowedUses = (c: Record<keyof typeof referenceUses, boolean | null>) =>
  (Object.keys(referenceUses) as (keyof typeof referenceUses)[]).filter((key) => c[key]).map((key) => referenceUses[key]);
