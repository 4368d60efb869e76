import { and, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Transaction } from "#db/client";
import { contacts, customerQuotes, customers, programs, quoteLinks, workspaces } from "#db/schema";
import { queueEmail } from "~/modules/email/outbox.server";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { newToken, tokenPrefix } from "~/utils/tokens.server";

/** A quote link works this long at most, like a sign-off link. */
export const QUOTE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const firstName = (name: string) => name.split(" ")[0] || name;

const author = alias(contacts, "author");
const buyer = alias(contacts, "buyer");

/**
 * A quote with what its links and emails need: the customer, the program, the author and the
 * customer's current economic buyer (who approves), in one statement. Locks the quote row, so
 * every change of a quote is taken in the same order: the quote first, then what it reads.
 */
export async function lockQuote(tx: Transaction, workspaceId: string, quoteId: string) {
  const [locked] = await tx
    .select({ id: customerQuotes.id })
    .from(customerQuotes)
    .where(and(eq(customerQuotes.id, quoteId), eq(customerQuotes.workspaceId, workspaceId)))
    .for("update");
  if (!locked) return undefined;
  const [row] = await tx
    .select({
      id: customerQuotes.id,
      workspaceId: customerQuotes.workspaceId,
      customerId: customerQuotes.customerId,
      source: customerQuotes.source,
      status: customerQuotes.status,
      text: customerQuotes.text,
      attribution: customerQuotes.attribution,
      givenAt: customerQuotes.givenAt,
      answeredAt: customerQuotes.answeredAt,
      authorContactId: customerQuotes.authorContactId,
      approverContactId: customerQuotes.approverContactId,
      programId: programs.id,
      programStatus: programs.status,
      product: programs.product,
      customerName: customers.name,
      customerStatus: customers.status,
      authorName: author.name,
      authorEmail: author.email,
      authorIsChampion: author.isChampion,
      authorRemovedAt: author.removedAt,
      buyerId: buyer.id,
      buyerName: buyer.name,
      buyerEmail: buyer.email,
      teamName: workspaces.name,
    })
    .from(customerQuotes)
    .innerJoin(customers, eq(customers.id, customerQuotes.customerId))
    .innerJoin(programs, eq(programs.id, customers.programId))
    .innerJoin(author, eq(author.id, customerQuotes.authorContactId))
    .leftJoin(buyer, and(eq(buyer.customerId, customerQuotes.customerId), eq(buyer.isBuyer, true), isNull(buyer.removedAt)))
    .innerJoin(workspaces, eq(workspaces.id, customerQuotes.workspaceId))
    .where(eq(customerQuotes.id, quoteId));
  return row;
}
export type LockedQuote = NonNullable<Awaited<ReturnType<typeof lockQuote>>>;

/** Ends every live link of a quote; returns how many were live. */
export async function revokeLinks(tx: Transaction, quoteId: string) {
  const revoked = await tx
    .update(quoteLinks)
    .set({ revokedAt: clock.now() })
    .where(and(eq(quoteLinks.quoteId, quoteId), isNull(quoteLinks.revokedAt)))
    .returning({ id: quoteLinks.id });
  return revoked.length;
}

/**
 * Sends the quote's link for its stage — "give" to the champion while the quote is requested,
 * "approve" to the customer's buyer once it is given — and ends the earlier ones. The email is
 * queued in the caller's transaction. Returns the link's hash prefix and whom it went to.
 */
export async function sendQuoteLink(tx: Transaction, quote: LockedQuote, purpose: "give" | "approve") {
  const to = purpose === "give" ? { id: quote.authorContactId, name: quote.authorName, email: quote.authorEmail } : { id: quote.buyerId!, name: quote.buyerName!, email: quote.buyerEmail! };
  await revokeLinks(tx, quote.id);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + QUOTE_TTL_MS);
  const { token, hash } = newToken();
  await tx.insert(quoteLinks).values({ workspaceId: quote.workspaceId, quoteId: quote.id, purpose, tokenHash: hash, expiresAt, createdAt: now });
  if (purpose === "approve") await tx.update(customerQuotes).set({ approverContactId: to.id }).where(eq(customerQuotes.id, quote.id));
  await queueEmail(tx, {
    workspaceId: quote.workspaceId,
    to: to.email,
    subjectId: quote.id,
    template: "quote-request",
    props: {
      purpose,
      recipientName: firstName(to.name),
      customerName: quote.customerName,
      productName: quote.product,
      teamName: quote.teamName,
      ...(purpose === "approve" ? { quoteText: quote.text ?? "", attribution: quote.attribution } : {}),
      expiresOn: longDate.format(expiresAt),
      link: `${env().APP_URL}/q/${token}`,
    },
  });
  return { to: to.email, name: to.name, link: tokenPrefix(hash), purpose };
}
