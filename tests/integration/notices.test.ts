import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox, noticeDigests, notices, rounds, slackPosts } from "#db/schema";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff, withdrawConsent } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import { listNotices, markNoticesRead, setNoticeEmail } from "~/modules/notices/notices.server";
import { getSignedInMember } from "~/modules/auth/session.server";
import { slackChannelSchema } from "~/modules/notices/notices.schema";
import { configureSlack, connectSlack, processSlackPosts, slackChannelOf } from "~/modules/notices/slack.server";
import { noticeOverdueRounds, sendNoticeDigests } from "~/modules/notices/watch.server";
import { addDays, today } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { emailProps } from "../support/emails";
import { addMember, origin, programWithOpenRound, rowCount } from "../support/factories";
import { cookieOf } from "../support/route-calls";

const caseInput = { problem: "Overtime", valueClaimed: "15% less overtime", priceTerms: "EUR 24,000 a year", notes: "" };
const decline: SignoffInput = {
  decision: "decline",
  declineReason: "Above this year's budget <and> not now",
  conditions: "",
  willingnessToPay: "none",
  referenceConsent: "no",
  consentNameLogo: false,
  consentCaseStudy: false,
  consentReferenceCalls: false,
  signatureName: "Bea Buyer",
};
const approve: SignoffInput = { ...decline, decision: "approve", declineReason: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true };

/** A program with an open round whose first customer's buyer has a sign-off link; returns the link's token. */
async function programAwaitingSignoff() {
  const ws = await programWithOpenRound();
  const ids = { programId: ws.programId, roundId: ws.roundId, customerId: ws.customerIds[0] };
  await saveBusinessCase({ actor: ws.admin, ...ids, input: caseInput });
  await sendSignoffRequest({ actor: ws.admin, ...ids });
  const [request] = await db()
    .select({ props: emailProps })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "signoff-request")));
  const token = (request.props as { link: string }).link.split("/s/")[1];
  return { ...ws, ids, token, adminMember: { id: ws.admin.memberId, workspaceId: ws.workspaceId, role: "admin" } };
}

/** The unread count as the workspace layout reads it: with the member's session. */
async function unreadNoticeCount(member: { id: string; workspaceId: string }) {
  const cookie = await cookieOf({ memberId: member.id, workspaceId: member.workspaceId });
  return (await getSignedInMember(new Request("http://localhost/programs", { headers: { cookie } })))!.unreadNotices;
}

const noticeEmails = (workspaceId: string, template: "notice" | "notice-digest") =>
  db().select({ to: emailOutbox.toAddress, subject: emailOutbox.subject, props: emailOutbox.props }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, workspaceId), eq(emailOutbox.template, template)));

describe("notices in the portal", () => {
  it("a buyer's decline raises one notice with its reason, however often it is posted; PMs of that workspace only see it, and mark it read", async () => {
    const ws = await programAwaitingSignoff();
    const viewer = await addMember(ws.workspaceId, "viewer");
    const pm = await addMember(ws.workspaceId, "pm");
    const other = await programWithOpenRound();

    const results = await Promise.all([submitSignoff({ token: ws.token, input: decline, origin }), submitSignoff({ token: ws.token, input: decline, origin })]);
    expect(results.map((r) => r.status).sort()).toEqual(["already", "recorded"]);
    await submitSignoff({ token: ws.token, input: decline, origin });

    const list = await listNotices(ws.adminMember);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: "signoff_declined", title: "Customer 0's buyer declined the business case (round 1)", read: false });
    expect(list[0].body).toContain("Above this year's budget");
    expect(list[0].href).toMatch(new RegExp(`^/programs/${ws.programId}/rounds/${ws.roundId}/signoffs/`));

    const pmMember = { id: pm.memberId, workspaceId: ws.workspaceId, role: "pm" };
    expect(await unreadNoticeCount(ws.adminMember)).toBe(1);
    expect(await unreadNoticeCount(pmMember)).toBe(1);
    expect(await unreadNoticeCount({ id: viewer.memberId, workspaceId: ws.workspaceId })).toBe(0);
    expect(await listNotices({ id: other.admin.memberId, workspaceId: other.workspaceId })).toEqual([]);
    // Another workspace's member cannot mark this workspace's notice read.
    expect(await markNoticesRead({ member: { id: other.admin.memberId, workspaceId: other.workspaceId }, noticeId: list[0].id })).toEqual({ marked: 0 });

    expect(await markNoticesRead({ member: ws.adminMember, noticeId: list[0].id })).toEqual({ marked: 1 });
    expect(await markNoticesRead({ member: ws.adminMember, noticeId: list[0].id })).toEqual({ marked: 0 });
    expect(await unreadNoticeCount(ws.adminMember)).toBe(0);
    // Read is per member: the other PM still has it unread, until "mark all read".
    expect(await unreadNoticeCount(pmMember)).toBe(1);
    expect(await markNoticesRead({ member: pmMember })).toEqual({ marked: 1 });
    expect(await unreadNoticeCount(pmMember)).toBe(0);
  });

  it("a withdrawn reference consent raises a notice once", async () => {
    const ws = await programAwaitingSignoff();
    await submitSignoff({ token: ws.token, input: approve, origin });
    expect(await rowCount(notices, eq(notices.workspaceId, ws.workspaceId))).toBe(0);
    const [receipt] = await db()
      .select({ props: emailProps })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "signoff-receipt")));
    const consentToken = (receipt.props as { withdrawLink: string }).withdrawLink.split("/consent/")[1];
    await withdrawConsent({ token: consentToken, origin });
    await withdrawConsent({ token: consentToken, origin });
    const list = await listNotices(ws.adminMember);
    expect(list.map((n) => [n.kind, n.title])).toEqual([["consent_withdrawn", "Customer 0's buyer withdrew reference consent"]]);
  });

  it("a round past its planned date is noticed once by the background work", async () => {
    const ws = await programWithOpenRound();
    await db().update(rounds).set({ closesOn: addDays(today(clock.now()), -1) }).where(eq(rounds.id, ws.roundId));
    await Promise.all([noticeOverdueRounds(), noticeOverdueRounds()]);
    await noticeOverdueRounds();
    const list = await listNotices({ id: ws.admin.memberId, workspaceId: ws.workspaceId });
    expect(list.map((n) => n.kind)).toEqual(["round_overdue"]);
  });
});

describe("notices by email", () => {
  it("a member who chose 'each' gets an email per notice; 'digest' members get one digest a day, once, even from concurrent runs; 'none' gets nothing", async () => {
    const ws = await programAwaitingSignoff();
    const each = await addMember(ws.workspaceId, "pm");
    const none = await addMember(ws.workspaceId, "pm");
    await addMember(ws.workspaceId, "viewer");
    await setNoticeEmail({ member: { id: each.memberId, workspaceId: ws.workspaceId }, email: "each" });
    await setNoticeEmail({ member: { id: none.memberId, workspaceId: ws.workspaceId }, email: "none" });

    await submitSignoff({ token: ws.token, input: decline, origin });
    const single = await noticeEmails(ws.workspaceId, "notice");
    expect(single).toHaveLength(1);
    expect(single[0].subject).toBe("Customer 0's buyer declined the business case (round 1)");
    expect(single[0].to).toBe(each.email);
    // The decision's own email (the sign-off notice) goes to the other PMs: not a second email to
    // the member who chose one per notice, and nothing to the member who chose none.
    const signoffNotices = await db().select({ to: emailOutbox.toAddress }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "signoff-notice")));
    expect(signoffNotices.map((e) => e.to)).toEqual([ws.adminEmail]);

    // Today's notices go out in tomorrow's digest, to the admin (default: digest) only.
    expect(await sendNoticeDigests()).toBe(0);
    const tomorrow = new Date(clock.now().getTime() + 24 * 3_600_000);
    clock.now = () => tomorrow;
    // (Other tests' workspaces in this file may have digests due too: count this workspace's.)
    await Promise.all([sendNoticeDigests(), sendNoticeDigests(), sendNoticeDigests()]);
    await sendNoticeDigests();
    const digests = await noticeEmails(ws.workspaceId, "notice-digest");
    expect(digests.map((d) => d.to)).toEqual([ws.adminEmail]);
    expect(digests[0].subject).toMatch(/^1 notice from Charter for \d{4}-\d{2}-\d{2}$/);
    expect(await rowCount(noticeDigests, eq(noticeDigests.workspaceId, ws.workspaceId))).toBe(1);
  });
});

describe("notices on Slack", () => {
  const received: { path: string; contentType: string | undefined; body: { text: string } }[] = [];
  const answers: number[] = [];
  let server: ReturnType<typeof createServer>;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({ path: req.url ?? "", contentType: req.headers["content-type"], body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "internal_error");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    configureSlack({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  afterAll(async () => {
    configureSlack({});
    await new Promise((resolve) => server.close(resolve));
  });

  it("accepts only Slack's webhook addresses", () => {
    expect(slackChannelSchema.safeParse({ intent: "connect", url: "https://hooks.slack.com/services/T000/B000/XXXX" }).success).toBe(true);
    for (const url of ["http://hooks.slack.com/services/T/B/X", "https://hooks.slack.com.evil.test/services/T/B/X", "https://example.com/services/T/B/X", "https://hooks.slack.com/services/T/B/X?x=<script>"])
      expect(slackChannelSchema.safeParse({ intent: "connect", url }).success, url).toBe(false);
  });

  it("posts a decline to the program's channel: retried after a 500, once after the 200", async () => {
    const ws = await programAwaitingSignoff();
    const secretPath = "/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx";
    await connectSlack({ actor: ws.admin, programId: ws.programId, url: `https://hooks.slack.com${secretPath}` });
    const channel = await slackChannelOf(ws.workspaceId, ws.programId);
    expect(channel?.hint).toBe("https://hooks.slack.com/services/T0A…/…uvwx");
    // The secret is stored sealed: the database holds neither the URL nor its path.
    const stored = JSON.stringify(await db().execute(`select * from slack_channels`));
    expect(stored).not.toContain("abcdefghijklmnopqrstuvwx");

    received.length = 0;
    answers.push(500);
    await submitSignoff({ token: ws.token, input: decline, origin });
    await submitSignoff({ token: ws.token, input: decline, origin });
    expect(await processSlackPosts()).toBe(0);
    expect(received).toHaveLength(1);
    const [post] = await db().select().from(slackPosts).where(eq(slackPosts.workspaceId, ws.workspaceId));
    expect(post).toMatchObject({ status: "queued", attempts: 1, lastError: expect.stringContaining("500") });

    // Not before its retry is due; then sent, once.
    expect(await processSlackPosts()).toBe(0);
    expect(received).toHaveLength(1);
    const later = new Date(post.nextAttemptAt.getTime() + 1000);
    clock.now = () => later;
    expect(await processSlackPosts()).toBe(1);
    expect(await processSlackPosts()).toBe(0);
    expect(received).toHaveLength(2);
    for (const request of received) {
      expect(request.path).toBe(secretPath);
      expect(request.contentType).toBe("application/json");
      expect(request.body.text).toContain("*Customer 0's buyer declined the business case (round 1)*");
      // The reason is text, not Slack markup.
      expect(request.body.text).toContain("Above this year's budget &lt;and&gt; not now");
      expect(request.body.text).toMatch(new RegExp(`<http://[^|]+/programs/${ws.programId}/rounds/${ws.roundId}/signoffs/[0-9a-f-]+\\|Open in Charter>`));
    }
    const [sent] = await db().select({ status: slackPosts.status, attempts: slackPosts.attempts }).from(slackPosts).where(eq(slackPosts.workspaceId, ws.workspaceId));
    expect(sent).toEqual({ status: "sent", attempts: 2 });
  });
});
