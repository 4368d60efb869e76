import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Executor } from "#db/client";
import { contacts, customerQuotes, customers } from "#db/schema";

const author = alias(contacts, "author");
const approver = alias(contacts, "approver");

/**
 * The quotes a program may use in public, in one query: approved by the customer's buyer, of a
 * customer still in the program. A withdrawal of the buyer's reference consent ends the public use
 * of every quote of that customer approved before it (a quote approved after it shows again).
 * The dossier and the reference library read this; nothing else decides what is quotable.
 */
export async function approvedQuotes({ workspaceId, programId, customerId, executor = db() }: { workspaceId: string; programId: string; customerId?: string; executor?: Executor }) {
  return executor
    .select({
      id: customerQuotes.id,
      customerId: customerQuotes.customerId,
      customerName: customers.name,
      source: customerQuotes.source,
      text: sql<string>`${customerQuotes.text}`,
      attribution: customerQuotes.attribution,
      authorName: author.name,
      approvedAt: sql<Date>`${customerQuotes.answeredAt}`.mapWith(customerQuotes.answeredAt),
      approvedBy: customerQuotes.signatureName,
      approverName: approver.name,
    })
    .from(customerQuotes)
    .innerJoin(customers, eq(customers.id, customerQuotes.customerId))
    .innerJoin(author, eq(author.id, customerQuotes.authorContactId))
    .leftJoin(approver, eq(approver.id, customerQuotes.approverContactId))
    .where(
      and(
        eq(customerQuotes.workspaceId, workspaceId),
        eq(customers.programId, programId),
        customerId ? eq(customerQuotes.customerId, customerId) : undefined,
        eq(customerQuotes.status, "approved"),
        ne(customers.status, "withdrawn"),
        sql`not exists (select 1 from signoffs s where s.customer_id = ${customerQuotes.customerId} and s.consent_withdrawn_at is not null and s.consent_withdrawn_at >= ${customerQuotes.answeredAt})`,
      ),
    )
    .orderBy(asc(customers.name), desc(customerQuotes.answeredAt), asc(customerQuotes.id));
}
export type ApprovedQuote = Awaited<ReturnType<typeof approvedQuotes>>[number];
