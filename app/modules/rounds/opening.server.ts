import { createHash } from "node:crypto";
import { and, count, eq, ne } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { customers, roundTasks, rounds } from "#db/schema";
import { renderEmail, subjectOf } from "~/modules/email/templates.server";
import { MIN_CUSTOMERS } from "~/modules/programs/limits";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { invitationProps, roundContext, userTargets } from "./feedback-links.server";

/**
 * What opening a round would do: who it emails, or why it cannot open yet. The open itself
 * (openRound, under its locks) and the PM's confirm step both read it, so the count the PM is
 * shown is the count that is sent.
 */
export async function openingCheck(executor: Executor, { workspaceId, programId, roundId }: { workspaceId: string; programId: string; roundId: string }) {
  const [[seated], [otherOpen], [tasks]] = await Promise.all([
    executor.select({ n: count() }).from(customers).where(and(eq(customers.programId, programId), ne(customers.status, "withdrawn"))),
    executor.select({ number: rounds.number }).from(rounds).where(and(eq(rounds.programId, programId), eq(rounds.status, "open"))),
    executor.select({ n: count() }).from(roundTasks).where(eq(roundTasks.roundId, roundId)),
  ]);
  const reasons: string[] = [];
  if (seated.n < MIN_CUSTOMERS) reasons.push(`Only ${seated.n} of the minimum ${MIN_CUSTOMERS} charter customers are enrolled.`);
  if (otherOpen) reasons.push(`Round ${otherOpen.number} is still open; close it first.`);
  if (tasks.n === 0) reasons.push("The round has no usability task yet; add at least one.");
  const targets = reasons.length === 0 ? await userTargets(executor, workspaceId, programId) : [];
  if (reasons.length === 0 && targets.length === 0) reasons.push("No active customer has a user to invite: mark customers active and add their users.");
  return { reasons, targets };
}

/** Who exactly an open emails, in a few characters: the confirm step posts it back, the open compares. */
export function inviteesFingerprint(targets: { contactId: string }[]) {
  return createHash("sha256").update(targets.map((t) => t.contactId).sort().join(",")).digest("base64url").slice(0, 22);
}

/**
 * The rendered email's body, to show inside the page: what is between its body tags, with its
 * greeting heading kept as text (the page has its own h1; an h1 mid-page would break its outline).
 * The HTML is the template's own output, every value in it escaped by React.
 */
function emailBody(html: string) {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html;
  return body.replace(/<h1\b/g, '<p role="heading" aria-level="3"').replace(/<\/h1>/g, "</p>");
}

/** Stands in for the personal link in a preview: it opens no feedback form. */
export const PREVIEW_LINK_PATH = "/f/preview-only-each-person-gets-their-own-link";

/**
 * The confirm step before a draft round opens: the people it will email, by customer, and the
 * invitation as the first of them will receive it (the real template, this round's data, a
 * placeholder instead of their link). Reads only.
 */
export async function openingPreview({ workspaceId, programId, round, product }: { workspaceId: string; programId: string; round: { id: string; number: number; title: string; closesOn: string | null }; product: string }) {
  const [{ reasons, targets }, context] = await Promise.all([openingCheck(db(), { workspaceId, programId, roundId: round.id }), roundContext(db(), workspaceId, round, product)]);
  const byCustomer = new Map<string, { customerName: string; users: { name: string; email: string }[] }>();
  for (const t of targets) {
    const entry = byCustomer.get(t.customerId) ?? { customerName: t.customerName, users: [] };
    entry.users.push({ name: t.name, email: t.email });
    byCustomer.set(t.customerId, entry);
  }
  const first = targets[0];
  const message = first ? ({ template: "feedback-invite", props: invitationProps(context, first, `${env().APP_URL}${PREVIEW_LINK_PATH}`, clock.now()) } as const) : null;
  const rendered = message ? await renderEmail(message) : null;
  const email = message && rendered ? { to: `${first.name} <${first.email}>`, subject: subjectOf(message), bodyHtml: emailBody(rendered.html), text: rendered.text } : null;
  return { reasons, invited: targets.length, invitees: inviteesFingerprint(targets), customers: [...byCustomer.values()], email };
}
