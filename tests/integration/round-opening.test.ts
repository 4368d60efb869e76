import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox, feedbackInvites, members, rounds } from "#db/schema";
import { createSession } from "~/modules/auth/session.server";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import type { EmailMessage } from "~/modules/email/templates.server";
import { renderEmail } from "~/modules/email/templates.server";
import { loadFeedbackPage } from "~/modules/feedback/feedback.server";
import { createProgram } from "~/modules/programs/programs.server";
import { openingPreview, PREVIEW_LINK_PATH } from "~/modules/rounds/opening.server";
import { changeTasks, createRound, getRound, openRound } from "~/modules/rounds/rounds.server";
import { clock } from "~/utils/clock.server";
import { emailProps } from "../support/emails";
import { contactInput, customerInput, newWorkspace, origin, programInput, rowCount } from "../support/factories";
import { loadRoute } from "../support/routes";
import { tableFingerprints } from "../support/tables";

/**
 * The confirm step before a round opens (issue 13, "Nothing drops silently"): it names exactly the
 * people the open emails, counted by the code that sends, and previews the real invitation with a
 * placeholder instead of a working link; an open for other people than those reviewed is refused.
 */

const at = (iso: string) => {
  const t = Date.parse(iso);
  clock.now = () => new Date(t);
};

/** Seven customers with two users each: one withdrawn, plus one enrolled but not active; a draft round with a task. */
async function draftRound() {
  at("2026-12-01T10:00:00Z");
  const ws = await newWorkspace();
  const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
  const customerIds: string[] = [];
  for (let c = 0; c < 7; c++) {
    const { id } = await enrollCustomer({ actor: ws.admin, programId, input: customerInput(`Customer ${c}`) });
    await changeCustomerStatus({ actor: ws.admin, programId, customerId: id, change: { intent: "activate" } });
    for (let u = 0; u < 2; u++) await addContact({ actor: ws.admin, programId, customerId: id, input: contactInput(`User ${c} ${u}`, { isUser: true }) });
    customerIds.push(id);
  }
  await changeCustomerStatus({ actor: ws.admin, programId, customerId: customerIds[6], change: { intent: "withdraw", reason: "" } });
  const { id: late } = await enrollCustomer({ actor: ws.admin, programId, input: customerInput("Late Joiner") });
  await addContact({ actor: ws.admin, programId, customerId: late, input: contactInput("Larry Late", { isUser: true }) });
  const { id: roundId } = await createRound({
    actor: ws.admin,
    programId,
    input: { title: "Scheduling", prototypeUrl: "https://proto.example", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78, closesOn: "2026-12-18" },
  });
  await changeTasks({ actor: ws.admin, programId, roundId, change: { intent: "add-task", instruction: "Plan a day", successCriteria: "" } });
  const round = await getRound(ws.workspaceId, programId, roundId);
  const preview = () => openingPreview({ workspaceId: ws.workspaceId, programId, round, product: programInput.product });
  return { ...ws, programId, roundId, customerIds, preview };
}

const invitations = async (roundId: string) =>
  db()
    .select({ to: emailOutbox.toAddress, subject: emailOutbox.subject, props: emailProps })
    .from(emailOutbox)
    .innerJoin(feedbackInvites, eq(feedbackInvites.id, emailOutbox.subjectId))
    .where(and(eq(feedbackInvites.roundId, roundId), eq(emailOutbox.template, "feedback-invite")));

describe("the confirm step before a round opens", () => {
  it("counts exactly the people the open emails and previews the invitation they get, with a link that opens nothing, writing nothing", async () => {
    const ws = await draftRound();
    const before = await tableFingerprints();
    const preview = await ws.preview();
    expect(await tableFingerprints()).toEqual(before);

    expect(preview.reasons).toEqual([]);
    expect(preview.invited).toBe(12);
    expect(preview.customers.map((c) => [c.customerName, c.users.length])).toEqual([0, 1, 2, 3, 4, 5].map((c) => [`Customer ${c}`, 2]));
    expect(preview.email?.to).toBe("User 0 0 <user.0.0@customer.test>");
    expect(preview.email?.subject).toBe("Dispatch Board, round 1: try the prototype and tell us what you think");
    expect(preview.email?.text).toContain("Please answer by Friday 18 December.");
    expect(preview.email?.bodyHtml).toContain("Please answer by Friday 18 December.");
    expect(preview.email?.bodyHtml).not.toMatch(/<h1|<body|<html/);
    expect(preview.email?.text).toContain(`http://localhost:3000${PREVIEW_LINK_PATH}`);
    expect((await loadFeedbackPage(PREVIEW_LINK_PATH.split("/f/")[1])).state).toBe("unknown");

    const { invited } = await openRound({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, confirmedInvitees: preview.invitees });
    expect(invited).toBe(12);
    const sent = await invitations(ws.roundId);
    expect(sent.map((e) => e.to).sort()).toEqual(preview.customers.flatMap((c) => c.users.map((u) => u.email)).sort());
    // The email the first person gets is the preview, but for their own working link.
    const first = sent.find((e) => e.to === "user.0.0@customer.test")!;
    const props = first.props as unknown as Extract<EmailMessage, { template: "feedback-invite" }>["props"];
    expect(first.subject).toBe(preview.email?.subject);
    expect((await loadFeedbackPage(props.link.split("/f/")[1])).state).toBe("ok");
    const { text } = await renderEmail({ template: "feedback-invite", props });
    expect(text.replaceAll(props.link, `http://localhost:3000${PREVIEW_LINK_PATH}`)).toBe(preview.email?.text);
  });

  it("refuses to open for other people than those reviewed, changing nothing, and opens once reviewed again", async () => {
    const ws = await draftRound();
    const reviewed = await ws.preview();
    await addContact({ actor: ws.admin, programId: ws.programId, customerId: ws.customerIds[0], input: contactInput("Una Added", { isUser: true }) });
    const before = await tableFingerprints();
    await expect(openRound({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, confirmedInvitees: reviewed.invitees })).rejects.toThrow(
      "The people to invite changed since you reviewed them: opening now would email 13. Review the invitation again.",
    );
    expect(await tableFingerprints()).toEqual(before);

    const again = await ws.preview();
    expect(again.invited).toBe(13);
    expect((await openRound({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, confirmedInvitees: again.invitees })).invited).toBe(13);
  });

  it("says why a round cannot open, and the round page refuses an open that skipped the review", async () => {
    const ws = await draftRound();
    for (const customerId of ws.customerIds.slice(0, 2)) await changeCustomerStatus({ actor: ws.admin, programId: ws.programId, customerId, change: { intent: "withdraw", reason: "" } });
    expect((await ws.preview()).reasons).toEqual(["Only 5 of the minimum 6 charter customers are enrolled."]);

    const [admin] = await db().select({ id: members.id }).from(members).where(eq(members.workspaceId, ws.workspaceId));
    const cookie = (await createSession({ id: admin.id, workspaceId: ws.workspaceId }, origin)).split(";")[0];
    const { action } = await loadRoute("routes/round.tsx");
    const before = await tableFingerprints();
    const result = (await action!({
      request: new Request(`http://charter.test/programs/${ws.programId}/rounds/${ws.roundId}`, { method: "POST", body: new URLSearchParams({ intent: "open-round" }), headers: { cookie, "content-type": "application/x-www-form-urlencoded" } }),
      params: { programId: ws.programId, roundId: ws.roundId },
      context: { clientIp: "127.0.0.1" },
    })) as { data: { error: Record<string, string[]> }; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data.error.invitees).toEqual(["Review whom the round will email before opening it."]);
    const after = await tableFingerprints();
    after.sessions = before.sessions;
    expect(after).toEqual(before);
    expect(await rowCount(rounds, and(eq(rounds.id, ws.roundId), eq(rounds.status, "draft")))).toBe(1);
  });
});
