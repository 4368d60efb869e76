import { and, desc, eq, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "#db/client";
import { contacts, customerQuotes, rounds, roundTasks, userResponses, userResponseTasks } from "#db/schema";
import { clock } from "~/utils/clock.server";

const author = alias(contacts, "author");

/**
 * The customer page's "Quotes" panel: each quote with its state and live link, and the comments
 * its users wrote that could be proposed. Three queries, whatever the number of quotes or answers.
 */
export async function customerQuotesPanel(workspaceId: string, customerId: string) {
  const now = clock.now();
  const [quotes, responseComments, taskComments] = await Promise.all([
    db()
      .select({
        id: customerQuotes.id,
        source: customerQuotes.source,
        status: customerQuotes.status,
        text: customerQuotes.text,
        attribution: customerQuotes.attribution,
        responseId: customerQuotes.responseId,
        authorName: author.name,
        createdAt: customerQuotes.createdAt,
        givenAt: customerQuotes.givenAt,
        answeredAt: customerQuotes.answeredAt,
        answerNote: customerQuotes.answerNote,
        signatureName: customerQuotes.signatureName,
        // The live link, if any: which step it asks for and until when.
        liveLink: sql<{ purpose: "give" | "approve"; expiresAt: string } | null>`(select json_build_object('purpose', l.purpose, 'expiresAt', l.expires_at) from quote_links l
          where l.quote_id = ${customerQuotes.id} and l.revoked_at is null and l.expires_at > ${now.toISOString()} order by l.created_at desc limit 1)`,
      })
      .from(customerQuotes)
      .innerJoin(author, eq(author.id, customerQuotes.authorContactId))
      .where(and(eq(customerQuotes.workspaceId, workspaceId), eq(customerQuotes.customerId, customerId)))
      .orderBy(desc(customerQuotes.createdAt), desc(customerQuotes.id)),
    db()
      .select({ responseId: userResponses.id, confusing: userResponses.confusing, missing: userResponses.missing, roundNumber: rounds.number, name: contacts.name })
      .from(userResponses)
      .innerJoin(rounds, eq(rounds.id, userResponses.roundId))
      .innerJoin(contacts, eq(contacts.id, userResponses.contactId))
      .where(and(eq(userResponses.workspaceId, workspaceId), eq(userResponses.customerId, customerId), sql`${contacts.removedAt} is null`, or(ne(userResponses.confusing, ""), ne(userResponses.missing, ""))))
      .orderBy(desc(rounds.number), contacts.name),
    db()
      .select({ responseId: userResponses.id, taskId: userResponseTasks.taskId, comment: userResponseTasks.comment, instruction: roundTasks.instruction, roundNumber: rounds.number, name: contacts.name })
      .from(userResponseTasks)
      .innerJoin(userResponses, eq(userResponses.id, userResponseTasks.responseId))
      .innerJoin(roundTasks, eq(roundTasks.id, userResponseTasks.taskId))
      .innerJoin(rounds, eq(rounds.id, userResponses.roundId))
      .innerJoin(contacts, eq(contacts.id, userResponses.contactId))
      .where(and(eq(userResponses.workspaceId, workspaceId), eq(userResponses.customerId, customerId), sql`${contacts.removedAt} is null`, ne(userResponseTasks.comment, "")))
      .orderBy(desc(rounds.number), contacts.name, roundTasks.position),
  ]);
  // A comment already proposed (and not rejected or withdrawn) is not offered again.
  const taken = new Set(quotes.filter((q) => q.responseId && q.status !== "rejected" && q.status !== "withdrawn").map((q) => `${q.responseId}\n${q.text}`));
  const comments = [
    ...responseComments.flatMap((r) =>
      (["confusing", "missing"] as const)
        .filter((field) => r[field].trim())
        .map((field) => ({ value: `${r.responseId}:${field}`, text: r[field].trim(), responseId: r.responseId, label: `${r.name}, round ${r.roundNumber} (${field === "confusing" ? "what was confusing" : "what is missing"})` })),
    ),
    ...taskComments
      .filter((t) => t.comment.trim())
      .map((t) => ({ value: `${t.responseId}:task:${t.taskId}`, text: t.comment.trim(), responseId: t.responseId, label: `${t.name}, round ${t.roundNumber} (task “${t.instruction}”)` })),
  ].filter((c) => !taken.has(`${c.responseId}\n${c.text}`));
  return { quotes: quotes.map((q) => ({ ...q, liveLink: q.liveLink ? { purpose: q.liveLink.purpose, expiresAt: new Date(q.liveLink.expiresAt) } : null })), comments };
}
export type QuotesPanel = Awaited<ReturnType<typeof customerQuotesPanel>>;

