import { and, desc, eq } from "drizzle-orm";
import { db } from "#db/client";
import { emailOutbox, feedbackInvites } from "#db/schema";
import { openLinks } from "~/modules/email/sealed-links.server";

/**
 * The demo's people act as real ones do: through the link in the email they were sent. These read
 * the link back from the outbox (it is sealed there, never stored in the clear) and return its token.
 */
const tokenOf = (link: string | undefined) => {
  const token = link?.split("/").at(-1);
  if (!token) throw new Error("The demo could not read a link from its own email.");
  return token;
};

/** The token of the newest email of `template` about `subjectId` (a request, a decision). */
export async function tokenFromEmail(subjectId: string, template: "signoff-request" | "signoff-receipt") {
  const [email] = await db()
    .select({ id: emailOutbox.id, sealedLinks: emailOutbox.sealedLinks })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.subjectId, subjectId), eq(emailOutbox.template, template)))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  const links = email?.sealedLinks ? openLinks(email.sealedLinks, email.id) : null;
  return tokenOf(links?.[template === "signoff-receipt" ? "withdrawLink" : "link"]);
}

/** Each invited user's feedback token for a round, from their invitation emails (one query). */
export async function feedbackTokens(roundId: string) {
  const rows = await db()
    .select({ id: emailOutbox.id, sealedLinks: emailOutbox.sealedLinks, contactId: feedbackInvites.contactId, customerId: feedbackInvites.customerId })
    .from(emailOutbox)
    .innerJoin(feedbackInvites, eq(feedbackInvites.id, emailOutbox.subjectId))
    .where(and(eq(feedbackInvites.roundId, roundId), eq(emailOutbox.template, "feedback-invite")));
  return rows.map((r) => ({ contactId: r.contactId, customerId: r.customerId, token: tokenOf(r.sealedLinks ? openLinks(r.sealedLinks, r.id)?.link : undefined) }));
}
