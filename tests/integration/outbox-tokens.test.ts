import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { clearanceLinks, emailOutbox, feedbackInvites, memberInvitations, quoteLinks, referenceLinks, signoffLinks, signoffs } from "#db/schema";
import { addContact } from "~/modules/customers/customers.server";
import { sendClearanceRequest } from "~/modules/clearance/requests.server";
import { addRequirement } from "~/modules/clearance/requirements.server";
import { saveTechBrief } from "~/modules/clearance/brief.server";
import { changeQuotes } from "~/modules/quotes/requests.server";
import { requestReference } from "~/modules/references/requests.server";
import { configureOutbox, getMailboxEmail, processOutbox } from "~/modules/email/outbox.server";
import { remindNonResponders, REMINDER_INTERVAL_MS, resendFeedbackLink } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff } from "~/modules/signoff/buyer.server";
import { remindBuyer } from "~/modules/signoff/reminders.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { clock } from "~/utils/clock.server";
import { hashToken } from "~/utils/tokens.server";
import { inviteMember } from "~/modules/workspaces/members.server";
import { contactInput, newWorkspace, origin, programWithOpenRound } from "../support/factories";
import { referenceableProgram } from "../support/referenceable";
import { sendThroughResendStandIn } from "../support/resend-stand-in";

const resend = sendThroughResendStandIn();
const caseInput = { problem: "Overtime", valueClaimed: "15% less overtime", priceTerms: "EUR 24,000 a year", notes: "" };

/** Every personal link in the emails the stand-in received (an email may show its link twice): its kind and raw token. */
function receivedLinks() {
  const links = new Map<string, { kind: string; token: string; to: string }>();
  for (const { body } of resend().received)
    for (const match of body.text.matchAll(/https?:\/\/[^\s/]+\/(f|s|g|q|r|consent|invitations)\/([A-Za-z0-9_-]+)/g))
      links.set(match[2], { kind: match[1], token: match[2], to: String(body.to) });
  return [...links.values()];
}

/** Where each kind of link's hash is kept: a received link works only if its hash is there. */
async function hashKnown(kind: string, token: string) {
  const hash = hashToken(token);
  const rows =
    kind === "f"
      ? await db().select({ id: feedbackInvites.id }).from(feedbackInvites).where(eq(feedbackInvites.tokenHash, hash))
      : kind === "s"
        ? await db().select({ id: signoffLinks.id }).from(signoffLinks).where(eq(signoffLinks.tokenHash, hash))
        : kind === "consent"
          ? await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.consentTokenHash, hash))
          : kind === "g"
            ? await db().select({ id: clearanceLinks.id }).from(clearanceLinks).where(eq(clearanceLinks.tokenHash, hash))
            : kind === "q"
              ? await db().select({ id: quoteLinks.id }).from(quoteLinks).where(eq(quoteLinks.tokenHash, hash))
              : kind === "r"
                ? await db().select({ id: referenceLinks.id }).from(referenceLinks).where(eq(referenceLinks.tokenHash, hash))
                : await db().select({ id: memberInvitations.id }).from(memberInvitations).where(eq(memberInvitations.tokenHash, hash));
  return rows.length === 1;
}

/** Every text, varchar and json column of every table whose value contains one of the tokens. */
async function columnsHolding(tokens: string[]) {
  const columns = await db().execute<{ table_name: string; column_name: string }>(
    sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
        order by table_name, column_name`,
  );
  const rows = Array.isArray(columns) ? columns : (columns as { rows: { table_name: string; column_name: string }[] }).rows;
  expect(rows.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const { table_name, column_name } of rows) {
    const result = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table_name)} t
          where exists (select 1 from unnest(${`{${tokens.join(",")}}`}::text[]) token where position(token in t.${sql.identifier(column_name)}::text) > 0)`,
    );
    const [{ n }] = Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows;
    if (n > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

async function openProgram() {
  const p = await programWithOpenRound();
  return { ...p, ids: { programId: p.programId, roundId: p.roundId, customerId: p.customerIds[0] } };
}

describe("no usable token at rest", () => {
  it("keeps no raw link token in any column once the outbox has sent every kind of link, and the links it sent work", async () => {
    const ws = await openProgram();
    const { programId, roundId, customerId } = ws.ids;
    // Feedback invites (the round opened), a re-sent link, reminders a day later.
    const [user] = await db().select({ contactId: feedbackInvites.contactId }).from(feedbackInvites).where(eq(feedbackInvites.roundId, roundId)).limit(1);
    await resendFeedbackLink({ actor: ws.admin, programId, roundId, contactId: user.contactId });
    const later = Date.now() + REMINDER_INTERVAL_MS + 60_000;
    clock.now = () => new Date(later);
    expect((await remindNonResponders({ actor: ws.admin, programId, roundId })).reminded).toBe(6);
    // A sign-off request, its re-request after an edit, a reminder; a teammate's invitation.
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, ...ws.ids });
    await saveBusinessCase({ actor: ws.admin, ...ws.ids, input: { ...caseInput, priceTerms: "EUR 20,000 a year" } });
    await remindBuyer({ actor: ws.admin, programId, roundId, customerId });
    await inviteMember({ actor: ws.admin, name: "Mia PM", email: "mia@example.test", role: "pm" });
    expect(await processOutbox()).toBeGreaterThan(0);

    // The buyer approves with the reminder's link and consents: the receipt carries the consent link.
    const buyerLink = receivedLinks().findLast((l) => l.kind === "s")!;
    expect(await submitSignoff({ token: buyerLink.token, input: { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "Bea Buyer" }, origin })).toMatchObject({ status: "recorded" });
    await processOutbox();

    const links = receivedLinks();
    const templates = await db().select({ template: emailOutbox.template, status: emailOutbox.status, sealedLinks: emailOutbox.sealedLinks }).from(emailOutbox).where(eq(emailOutbox.workspaceId, ws.workspaceId));
    expect(new Set(templates.map((t) => t.template))).toEqual(new Set(["feedback-invite", "feedback-reminder", "signoff-request", "signoff-reminder", "signoff-receipt", "signoff-notice", "teammate-invite"]));
    expect(templates.every((t) => t.status === "sent" && t.sealedLinks === null)).toBe(true);
    // 6 invites + 1 re-sent + 6 reminders, 2 requests + 1 reminder, 1 consent link, 1 invitation.
    expect(links.map((l) => l.kind).sort()).toEqual([...Array(13).fill("f"), "consent", "invitations", "s", "s", "s"].sort());
    for (const link of links) expect(await hashKnown(link.kind, link.token), `${link.kind} link to ${link.to}`).toBe(true);

    expect(await columnsHolding(links.map((l) => l.token))).toEqual([]);
    // Some thirty emails and a scan of every column: room for a loaded machine.
  }, 120_000);

  it("keeps the gatekeeper's, the champion's and the reference links sealed the same way", async () => {
    const p = await referenceableProgram();
    const customerId = p.customerIds[1];
    const scope = { actor: p.admin, programId: p.programId, customerId };
    await addContact({ ...scope, input: contactInput("Gia Gatekeeper", { isGatekeeper: true }) });
    const champion = await addContact({ ...scope, input: contactInput("Cam Champion", { isChampion: true }) });
    const requirement = await addRequirement({ actor: p.admin, programId: p.programId, input: { title: "SAML single sign-on", need: "" } });
    await saveTechBrief({ ...scope, input: { answers: [{ requirementId: requirement.id, answer: "Planned for March" }], notes: "" } });
    await sendClearanceRequest(scope);
    await changeQuotes({ ...scope, input: { intent: "ask-quote", contactId: champion.id } });
    await requestReference({ actor: p.admin, programId: p.programId, input: { customerId, kind: "logo", requester: "Sam Sales", purpose: "Northwind", ask: "named", neededBy: null, overrideReason: "" } });
    await processOutbox();

    const links = receivedLinks().filter((l) => ["g", "q", "r"].includes(l.kind));
    expect(links.map((l) => l.kind).sort()).toEqual(["g", "q", "r"]);
    for (const link of links) expect(await hashKnown(link.kind, link.token), `${link.kind} link to ${link.to}`).toBe(true);
    expect(await columnsHolding(links.map((l) => l.token))).toEqual([]);
  }, 240_000);

  it("in mailbox mode keeps the link only sealed, and the mailbox page still shows it", async () => {
    configureOutbox({ from: "Charter <charter@localhost>" });
    try {
      const ws = await newWorkspace();
      const { token, invitationId } = await inviteMember({ actor: ws.admin, name: "Max PM", email: "max@example.test", role: "pm" });
      await processOutbox();
      const [email] = await db().select({ id: emailOutbox.id, status: emailOutbox.status, sealedLinks: emailOutbox.sealedLinks }).from(emailOutbox).where(and(eq(emailOutbox.subjectId, invitationId), inArray(emailOutbox.template, ["teammate-invite"])));
      expect(email.status).toBe("sent");
      expect(email.sealedLinks).toMatch(/^v1\./);
      expect(await columnsHolding([token])).toEqual([]);
      expect((await getMailboxEmail(ws.workspaceId, email.id))!.text).toContain(`/invitations/${token}`);
      // A sealed value moved to another row does not open there.
      const other = await inviteMember({ actor: ws.admin, name: "Moe PM", email: "moe@example.test", role: "pm" });
      const [otherEmail] = await db().select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.subjectId, other.invitationId));
      await db().update(emailOutbox).set({ sealedLinks: email.sealedLinks }).where(eq(emailOutbox.id, otherEmail.id));
      const moved = (await getMailboxEmail(ws.workspaceId, otherEmail.id))!.text;
      expect(moved).not.toContain(token);
      expect(moved).toContain("(link no longer kept)");
    } finally {
      configureOutbox({ resendApiKey: "re_test_key", from: "Charter <charter@example.test>", sendTimeoutMs: 500 });
    }
  });
});
