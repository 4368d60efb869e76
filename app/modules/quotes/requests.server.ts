import { and, eq, isNull, notInArray } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { contacts, customerQuotes, customers, programs, userResponses, userResponseTasks } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { lockQuote, revokeLinks, sendQuoteLink, type LockedQuote } from "./links.server";
import type { QuoteAction } from "./quotes.schema";

/**
 * The PM's side of the champion's quote (PRODUCT.md, "Champion"): ask the champion, or propose a
 * user's comment, then follow each quote — withdraw it, re-send or revoke its link. Each operation
 * locks what it checks first, and writes its audit row in the same transaction.
 */

type Scope = { actor: MemberActor; programId: string; customerId: string };

/** The customer, locked, if it is this workspace's and program's and can still change. */
async function lockCustomer(tx: Transaction, { actor, programId, customerId }: Scope) {
  const [customer] = await tx
    .select({ id: customers.id, name: customers.name, status: customers.status, programStatus: programs.status })
    .from(customers)
    .innerJoin(programs, eq(programs.id, customers.programId))
    .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)))
    .for("update", { of: customers });
  if (!customer) throw new AppError("not_found", "Customer not found.");
  if (customer.programStatus === "archived") throw new AppError("conflict", "This program is archived. Restore it to change it.");
  if (customer.status === "withdrawn") throw new AppError("conflict", `${customer.name} has withdrawn: its people are not asked for quotes.`);
  return customer;
}

const audit = (tx: Transaction, actor: MemberActor, scope: { programId: string; customerId: string }, action: string, quoteId: string, details: Record<string, unknown> = {}) =>
  recordAudit(tx, actor, { workspaceId: actor.workspaceId, action, programId: scope.programId, customerId: scope.customerId, subjectId: quoteId, details });

/** Asks the customer's champion for a quote: the request, its "give" link and the email, together. */
async function askChampion(tx: Transaction, scope: Scope, contactId: string) {
  const { actor } = scope;
  const customer = await lockCustomer(tx, scope);
  const [champion] = await tx
    .select({ id: contacts.id, name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customer.id), eq(contacts.isChampion, true), isNull(contacts.removedAt)));
  if (!champion) throw new AppError("invalid", `Choose a champion of ${customer.name}.`, "contactId");
  // The customer's lock makes this check hold against a double click.
  const [waiting] = await tx
    .select({ id: customerQuotes.id })
    .from(customerQuotes)
    .where(and(eq(customerQuotes.customerId, customer.id), eq(customerQuotes.authorContactId, champion.id), eq(customerQuotes.status, "requested")));
  if (waiting) throw new AppError("conflict", `${champion.name} was already asked and has not answered yet: re-send that link instead.`);
  const [quote] = await tx
    .insert(customerQuotes)
    .values({ workspaceId: actor.workspaceId, customerId: customer.id, source: "champion", authorContactId: champion.id, requestedById: actor.memberId, createdAt: clock.now() })
    .returning({ id: customerQuotes.id });
  const sent = await sendQuoteLink(tx, (await lockQuote(tx, actor.workspaceId, quote.id))!, "give");
  await audit(tx, actor, scope, "quote.requested", quote.id, sent);
  return { quoteId: quote.id };
}

/** The words of one comment a user wrote, named as the panel names it ("<response>:confusing"). */
async function commentOf(tx: Transaction, customerId: string, ref: string) {
  const [responseId, field, taskId] = ref.toLowerCase().split(":");
  const [response] = await tx
    .select({ id: userResponses.id, contactId: userResponses.contactId, confusing: userResponses.confusing, missing: userResponses.missing, name: contacts.name, title: contacts.title, removedAt: contacts.removedAt })
    .from(userResponses)
    .innerJoin(contacts, eq(contacts.id, userResponses.contactId))
    .where(and(eq(userResponses.id, responseId), eq(userResponses.customerId, customerId)))
    .for("update", { of: userResponses });
  if (!response) return undefined;
  let text = field === "confusing" ? response.confusing : field === "missing" ? response.missing : "";
  if (taskId) {
    const [task] = await tx
      .select({ comment: userResponseTasks.comment })
      .from(userResponseTasks)
      .where(and(eq(userResponseTasks.responseId, response.id), eq(userResponseTasks.taskId, taskId)));
    text = task?.comment ?? "";
  }
  return { ...response, text: text.trim() };
}

/**
 * Proposes a user's comment as a quote: the words are the user's own, so it skips the champion and
 * goes straight to the buyer's approval.
 */
async function proposeComment(tx: Transaction, scope: Scope, ref: string) {
  const { actor } = scope;
  const customer = await lockCustomer(tx, scope);
  const comment = await commentOf(tx, customer.id, ref);
  if (!comment || !comment.text) throw new AppError("invalid", "Choose a comment one of this customer's users wrote.", "comment");
  if (comment.removedAt) throw new AppError("invalid", `${comment.name} has left the decision-making unit: their words are not proposed any more.`, "comment");
  const [already] = await tx
    .select({ id: customerQuotes.id })
    .from(customerQuotes)
    .where(and(eq(customerQuotes.responseId, comment.id), eq(customerQuotes.text, comment.text), notInArray(customerQuotes.status, ["rejected", "withdrawn"])));
  if (already) throw new AppError("conflict", "This comment is already proposed as a quote.");
  const now = clock.now();
  const [quote] = await tx
    .insert(customerQuotes)
    .values({
      workspaceId: actor.workspaceId,
      customerId: customer.id,
      source: "user_comment",
      authorContactId: comment.contactId,
      responseId: comment.id,
      text: comment.text,
      attribution: `${comment.name}${comment.title ? `, ${comment.title}` : ""}, ${customer.name}`,
      status: "given",
      givenAt: now,
      requestedById: actor.memberId,
      createdAt: now,
    })
    .returning({ id: customerQuotes.id });
  const locked = (await lockQuote(tx, actor.workspaceId, quote.id))!;
  // Without a buyer the quote waits, given; the panel says so and the PM re-sends once there is one.
  const sent = locked.buyerId ? await sendQuoteLink(tx, locked, "approve") : { to: null };
  await audit(tx, actor, scope, "quote.proposed", quote.id, { responseId: comment.id, authorName: comment.name, ...sent });
  return { quoteId: quote.id };
}

async function lockScopedQuote(tx: Transaction, scope: Scope, quoteId: string): Promise<LockedQuote> {
  const quote = await lockQuote(tx, scope.actor.workspaceId, quoteId);
  if (!quote || quote.customerId !== scope.customerId || quote.programId !== scope.programId) throw new AppError("not_found", "Quote not found.");
  if (quote.programStatus === "archived") throw new AppError("conflict", "This program is archived. Restore it to change it.");
  return quote;
}

/** Withdraws a quote: it is no longer asked for nor used, and its links stop working. */
async function withdraw(tx: Transaction, scope: Scope, quoteId: string) {
  const quote = await lockScopedQuote(tx, scope, quoteId);
  if (quote.status === "withdrawn") return { quoteId, changed: false };
  if (quote.status === "rejected") throw new AppError("conflict", "The buyer rejected this quote: it is not used, so there is nothing to withdraw.");
  await tx.update(customerQuotes).set({ status: "withdrawn" }).where(eq(customerQuotes.id, quote.id));
  const links = await revokeLinks(tx, quote.id);
  await audit(tx, scope.actor, scope, "quote.withdrawn", quote.id, { from: quote.status, authorName: quote.authorName, linksRevoked: links });
  return { quoteId, changed: true };
}

/** A new link for the quote's stage (the old ones stop working): to the champion, or to the buyer. */
async function resend(tx: Transaction, scope: Scope, quoteId: string) {
  const quote = await lockScopedQuote(tx, scope, quoteId);
  if (quote.customerStatus === "withdrawn") throw new AppError("conflict", `${quote.customerName} has withdrawn: its people are not asked for quotes.`);
  if (quote.status === "requested") {
    if (quote.authorRemovedAt || !quote.authorIsChampion) throw new AppError("conflict", `${quote.authorName} is no longer ${quote.customerName}'s champion: withdraw this request.`);
    await audit(tx, scope.actor, scope, "quote.link_resent", quote.id, await sendQuoteLink(tx, quote, "give"));
    return { quoteId };
  }
  if (quote.status === "given") {
    if (!quote.buyerId) throw new AppError("conflict", `${quote.customerName} has no economic buyer to approve the quote: add one first.`);
    await audit(tx, scope.actor, scope, "quote.link_resent", quote.id, await sendQuoteLink(tx, quote, "approve"));
    return { quoteId };
  }
  throw new AppError("conflict", `This quote is ${quote.status}: there is no link to send.`);
}

/** Ends the quote's live links without changing the quote (a forwarded email, a wrong address). */
async function revoke(tx: Transaction, scope: Scope, quoteId: string) {
  const quote = await lockScopedQuote(tx, scope, quoteId);
  const links = await revokeLinks(tx, quote.id);
  if (links === 0) throw new AppError("conflict", "This quote has no live link to revoke.");
  await audit(tx, scope.actor, scope, "quote.links_revoked", quote.id, { authorName: quote.authorName, linksRevoked: links });
  return { quoteId };
}

/** One entry point for the customer page's quote forms. */
export async function changeQuotes({ actor, programId, customerId, input }: Scope & { input: QuoteAction }) {
  assertEditor(actor);
  const scope = { actor, programId, customerId };
  return db().transaction(async (tx) => {
    switch (input.intent) {
      case "ask-quote":
        return askChampion(tx, scope, input.contactId);
      case "propose-quote":
        return proposeComment(tx, scope, input.comment);
      case "withdraw-quote":
        return withdraw(tx, scope, input.quoteId);
      case "resend-quote":
        return resend(tx, scope, input.quoteId);
      case "revoke-quote":
        return revoke(tx, scope, input.quoteId);
    }
  });
}
