import { and, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Executor } from "#db/client";
import { contacts, customerQuotes, customers, programs, quoteLinks, workspaceLogos, workspaces } from "#db/schema";
import { recordAudit, type RequestOrigin } from "~/modules/audit/audit.server";
import { brandColumns, brandOf } from "~/modules/brand/brand.server";
import { raiseNotice } from "~/modules/notices/notices.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { hashToken, tokenPrefix } from "~/utils/tokens.server";
import { lockQuote, sendQuoteLink } from "./links.server";
import type { QuoteAnswer } from "./quotes.schema";

/**
 * The champion's and the buyer's side of a quote, both at /q/:token: the link's purpose says which
 * page it opens. Opening a link changes nothing; only the form post acts, once.
 */

export type DeadQuoteLink = "unknown" | "revoked" | "expired" | "withdrawn";

const author = alias(contacts, "author");
const approver = alias(contacts, "approver");

const plausibleToken = (token: string) => token.length > 20 && token.length < 100;

function linkQuery(executor: Executor, token: string) {
  return executor
    .select({
      linkId: quoteLinks.id,
      purpose: quoteLinks.purpose,
      expiresAt: quoteLinks.expiresAt,
      linkRevokedAt: quoteLinks.revokedAt,
      quoteId: customerQuotes.id,
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
      authorTitle: author.title,
      authorIsChampion: author.isChampion,
      authorRemovedAt: author.removedAt,
      approverName: approver.name,
      approverIsBuyer: approver.isBuyer,
      approverRemovedAt: approver.removedAt,
      ...brandColumns,
    })
    .from(quoteLinks)
    .innerJoin(customerQuotes, eq(customerQuotes.id, quoteLinks.quoteId))
    .innerJoin(customers, eq(customers.id, customerQuotes.customerId))
    .innerJoin(programs, eq(programs.id, customers.programId))
    .innerJoin(author, eq(author.id, customerQuotes.authorContactId))
    .leftJoin(approver, eq(approver.id, customerQuotes.approverContactId))
    .innerJoin(workspaces, eq(workspaces.id, customerQuotes.workspaceId))
    .leftJoin(workspaceLogos, eq(workspaceLogos.workspaceId, customerQuotes.workspaceId))
    .where(eq(quoteLinks.tokenHash, hashToken(token)))
    .limit(1);
}
type Link = Awaited<ReturnType<typeof linkQuery>>[number];

/** The time the link's own step was answered, if it was: a second post is "already recorded". */
function answeredAt(link: Link): Date | null {
  if (link.purpose === "give") return link.status !== "requested" && link.status !== "withdrawn" ? link.givenAt : null;
  return link.status === "approved" || link.status === "rejected" ? link.answeredAt : null;
}

/** Why a link cannot take an answer now; an answered one is told apart first. */
function deadReason(link: Link | undefined): DeadQuoteLink | null {
  if (!link) return "unknown";
  if (link.status === "withdrawn") return "withdrawn";
  if (link.customerStatus === "withdrawn" || link.programStatus === "archived") return "revoked";
  // The person asked left the unit or lost the role the link was for: their link ends.
  if (link.purpose === "give" && (link.authorRemovedAt || !link.authorIsChampion)) return "revoked";
  if (link.purpose === "approve" && (link.approverRemovedAt || !link.approverIsBuyer)) return "revoked";
  if (link.linkRevokedAt) return "revoked";
  if (link.expiresAt <= clock.now()) return "expired";
  if (link.purpose === "give" ? link.status !== "requested" : link.status !== "given") return "revoked";
  return null;
}

/** What the link's page shows, in one statement; nothing is written. */
export async function loadQuotePage(token: string) {
  const [link] = plausibleToken(token) ? await linkQuery(db(), token) : [];
  if (!link) return { state: "unknown" as const };
  const brand = { ...brandOf(link), productName: link.product };
  const common = { purpose: link.purpose, product: link.product, customerName: link.customerName, brand };
  const at = answeredAt(link);
  if (at) return { ...common, state: "answered" as const, at, status: link.status, text: link.text ?? "", attribution: link.attribution };
  const dead = deadReason(link);
  if (dead) return { state: dead, purpose: link.purpose, product: link.product };
  if (link.purpose === "give")
    return { ...common, state: "give" as const, expiresAt: link.expiresAt, authorName: link.authorName, suggestedAttribution: `${link.authorName}${link.authorTitle ? `, ${link.authorTitle}` : ""}, ${link.customerName}` };
  return { ...common, state: "approve" as const, expiresAt: link.expiresAt, approverName: link.approverName ?? "", text: link.text ?? "", attribution: link.attribution, authorName: link.authorName, fromUser: link.source === "user_comment" };
}

/** The PM's notice of an answer, with its emails and Slack post, in the answer's transaction. */
async function noticeOfAnswer(tx: Executor, link: Link, event: "given" | "approved" | "rejected", body: string) {
  const title =
    event === "given"
      ? `${link.authorName} gave a quote for ${link.customerName}`
      : `${link.customerName}'s buyer ${event} a quote for public use`;
  await raiseNotice(tx, {
    workspaceId: link.workspaceId,
    programId: link.programId,
    kind: "quote_answered",
    eventKey: `quote_${event}:${link.quoteId}`,
    title,
    body,
    href: `/programs/${link.programId}/customers/${link.customerId}#quotes`,
  });
}

/**
 * Records the champion's quote or the buyer's answer. Locks the quote first, then reads the link
 * again and checks that copy: a withdrawal, a revoked link or a removal that committed meanwhile
 * is seen. A second post — a double click, a retry, twenty at once — records nothing new and says
 * when the first was recorded.
 */
export async function submitQuoteAnswer({ token, input, origin }: { token: string; input: QuoteAnswer; origin: RequestOrigin }) {
  return db().transaction(async (tx) => {
    const [target] = plausibleToken(token) ? await tx.select({ quoteId: quoteLinks.quoteId, workspaceId: quoteLinks.workspaceId }).from(quoteLinks).where(eq(quoteLinks.tokenHash, hashToken(token))) : [];
    if (!target) throw new AppError("not_found", "unknown");
    await tx.select({ id: customerQuotes.id }).from(customerQuotes).where(eq(customerQuotes.id, target.quoteId)).for("update");
    const [link] = await linkQuery(tx, token);
    // A form of the other step (a give form posted to an approve link) is no answer to this link.
    if (!link || link.purpose !== input.intent) throw new AppError("not_found", "unknown");
    const at = answeredAt(link);
    if (at) return { status: "already" as const, at };
    const dead = deadReason(link);
    if (dead) throw new AppError("not_found", dead);
    const now = clock.now();
    const scope = { workspaceId: link.workspaceId, programId: link.programId, customerId: link.customerId, subjectId: link.quoteId };
    const linkPrefix = tokenPrefix(hashToken(token));

    if (input.intent === "give") {
      await tx.update(customerQuotes).set({ text: input.text, attribution: input.attribution, status: "given", givenAt: now }).where(eq(customerQuotes.id, link.quoteId));
      await recordAudit(tx, { type: "champion", contactId: link.authorContactId, ...origin }, { ...scope, action: "quote.given", details: { link: linkPrefix, attribution: input.attribution } });
      // The buyer is asked next, by their own link; without a buyer the quote waits and the PM is told.
      const quote = (await lockQuote(tx, link.workspaceId, link.quoteId))!;
      const asked = quote.buyerId ? await sendQuoteLink(tx, quote, "approve") : null;
      await noticeOfAnswer(
        tx,
        link,
        "given",
        `“${input.text}” — ${input.attribution}. ${asked ? `${quote.buyerName} is asked to approve it for public use.` : `${link.customerName} has no economic buyer to approve it: add one, then re-send the quote's link.`}`,
      );
      return { status: "recorded" as const, at: now };
    }

    const approved = input.decision === "approve";
    await tx
      .update(customerQuotes)
      .set({ status: approved ? "approved" : "rejected", answeredAt: now, answerNote: input.note, signatureName: input.signatureName, ip: origin.ip, userAgent: origin.userAgent })
      .where(and(eq(customerQuotes.id, link.quoteId), inArray(customerQuotes.status, ["given"]), isNull(customerQuotes.answeredAt)));
    await recordAudit(tx, { type: "buyer", contactId: link.approverContactId!, ...origin }, { ...scope, action: approved ? "quote.approved" : "quote.rejected", details: { link: linkPrefix, signatureName: input.signatureName, attribution: link.attribution, note: input.note } });
    await noticeOfAnswer(tx, link, approved ? "approved" : "rejected", `${input.signatureName} ${approved ? "approved" : "rejected"} “${link.text ?? ""}” — ${link.attribution}.${input.note ? ` Note: ${input.note}` : ""}`);
    return { status: "recorded" as const, at: now };
  });
}
