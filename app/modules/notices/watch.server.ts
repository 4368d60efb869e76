import { and, asc, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import { db } from "#db/client";
import { emailOutbox, feedbackInvites, members, noticeDigests, noticeReads, notices, noticeSettings, programs, rounds, userResponses, workspaces } from "#db/schema";
import { queueEmail } from "~/modules/email/outbox.server";
import { roundGate } from "~/modules/gates/gates.server";
import { addDays, today } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { raiseNotice, type NewNotice } from "./notices.server";

/**
 * What no single change announces, found by the background work once a minute: a round past its
 * planned date, every user of a round answered, the gate reached, an email that failed or bounced;
 * and each member's daily digest. Every step is idempotent (a notice's event key, a digest's day),
 * so two servers overlapping during a takeover raise and send each once.
 */

/** Failed and bounced emails are looked at for this long after they were queued. */
const EMAIL_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Notices about the notice emails themselves would feed on themselves. */
const NOTICE_TEMPLATES = ["notice", "notice-digest"];

const unnoticed = (eventKey: ReturnType<typeof sql>) => sql`not exists (select 1 from ${notices} n where n.workspace_id = ${rounds.workspaceId} and n.event_key = ${eventKey})`;

async function raiseEach(found: NewNotice[]) {
  let raised = 0;
  for (const notice of found) if (await db().transaction((tx) => raiseNotice(tx, notice))) raised++;
  return raised;
}

const roundHref = (r: { programId: string; id: string }) => `/programs/${r.programId}/rounds/${r.id}`;

export async function noticeOverdueRounds() {
  const day = today(clock.now());
  const rows = await db()
    .select({ id: rounds.id, workspaceId: rounds.workspaceId, programId: rounds.programId, number: rounds.number, closesOn: rounds.closesOn, programName: programs.name })
    .from(rounds)
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .where(and(eq(rounds.status, "open"), lt(rounds.closesOn, day), unnoticed(sql`'round_overdue:' || ${rounds.id}`)));
  return raiseEach(
    rows.map((r) => ({
      workspaceId: r.workspaceId,
      programId: r.programId,
      roundId: r.id,
      kind: "round_overdue",
      eventKey: `round_overdue:${r.id}`,
      title: `Round ${r.number} of ${r.programName} is past its planned close date`,
      body: `It was planned to close on ${r.closesOn}. Close it at the gate, or move the date and tell users and buyers.`,
      href: roundHref(r),
    })),
  );
}

export async function noticeAnsweredRounds() {
  const invited = sql<number>`count(distinct ${feedbackInvites.contactId})::int`;
  const answered = sql<number>`count(distinct ${userResponses.contactId})::int`;
  const rows = await db()
    .select({ id: rounds.id, workspaceId: rounds.workspaceId, programId: rounds.programId, number: rounds.number, programName: programs.name, invited, answered })
    .from(rounds)
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .innerJoin(feedbackInvites, and(eq(feedbackInvites.roundId, rounds.id), isNull(feedbackInvites.revokedAt)))
    .leftJoin(userResponses, and(eq(userResponses.roundId, rounds.id), eq(userResponses.contactId, feedbackInvites.contactId)))
    .where(and(eq(rounds.status, "open"), unnoticed(sql`'round_all_answered:' || ${rounds.id}`)))
    .groupBy(rounds.id, programs.name)
    .having(sql`${invited} = ${answered}`);
  return raiseEach(
    rows.map((r) => ({
      workspaceId: r.workspaceId,
      programId: r.programId,
      roundId: r.id,
      kind: "round_all_answered",
      eventKey: `round_all_answered:${r.id}`,
      title: `Every user of round ${r.number} of ${r.programName} answered`,
      body: `${r.answered} of ${r.invited} invited users sent their feedback.`,
      href: roundHref(r),
    })),
  );
}

export async function noticeGatesReached() {
  const open = await db()
    .select({
      id: rounds.id,
      workspaceId: rounds.workspaceId,
      programId: rounds.programId,
      number: rounds.number,
      minResponses: rounds.minResponses,
      minSus: rounds.minSus,
      minTaskCompletion: rounds.minTaskCompletion,
      target: programs.targetReferenceable,
      requireLowerBound: programs.usableRequiresLowerBound,
      programName: programs.name,
    })
    .from(rounds)
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .where(and(eq(rounds.status, "open"), unnoticed(sql`'gate_reached:' || ${rounds.id}`)));
  const found: NewNotice[] = [];
  // One gate per open round not yet noticed (at most one open round per program): a fixed number of queries each.
  for (const round of open) {
    const { gate } = await roundGate({ workspaceId: round.workspaceId, round, target: round.target, requireLowerBound: round.requireLowerBound, detail: false });
    if (!gate.canPass) continue;
    found.push({
      workspaceId: round.workspaceId,
      programId: round.programId,
      roundId: round.id,
      kind: "gate_reached",
      eventKey: `gate_reached:${round.id}`,
      title: `Round ${round.number} of ${round.programName} reached the gate`,
      body: gate.summary,
      href: roundHref(round),
    });
  }
  return raiseEach(found);
}

export async function noticeFailedEmails() {
  const since = new Date(clock.now().getTime() - EMAIL_WINDOW_MS);
  const rows = await db()
    .select({ id: emailOutbox.id, workspaceId: emailOutbox.workspaceId, toAddress: emailOutbox.toAddress, subject: emailOutbox.subject, status: emailOutbox.status, delivery: emailOutbox.delivery, lastError: emailOutbox.lastError })
    .from(emailOutbox)
    .where(
      and(
        gte(emailOutbox.createdAt, since),
        sql`(${emailOutbox.status} = 'failed' or ${emailOutbox.delivery} in ('bounced', 'complained'))`,
        sql`${emailOutbox.template} not in (${sql.join(NOTICE_TEMPLATES.map((t) => sql`${t}`), sql`, `)})`,
        sql`not exists (select 1 from ${notices} n where n.workspace_id = ${emailOutbox.workspaceId} and n.event_key = 'email_failed:' || ${emailOutbox.id})`,
      ),
    )
    .limit(100);
  return raiseEach(
    rows.map((e) => {
      const bounced = e.status !== "failed";
      return {
        workspaceId: e.workspaceId,
        kind: "email_failed",
        eventKey: `email_failed:${e.id}`,
        title: bounced ? `An email to ${e.toAddress} ${e.delivery === "complained" ? "was marked as spam" : "bounced"}` : `An email to ${e.toAddress} could not be sent`,
        body: `“${e.subject}”${!bounced && e.lastError ? ` (${e.lastError})` : ""}. Check the address, then re-send the link.`,
      } satisfies NewNotice;
    }),
  );
}

/**
 * Yesterday's notices (UTC), one email per member who chose the digest (the default) and has one
 * unread. The (member, day) key makes it once, even when two runs race: the second waits for the
 * first's row and then inserts nothing.
 */
export async function sendNoticeDigests() {
  const day = addDays(today(clock.now()), -1);
  // As text: postgres.js takes no Date in a raw fragment.
  const from = `${day}T00:00:00Z`;
  const to = `${addDays(day, 1)}T00:00:00Z`;
  const unreadThatDay = sql`${notices.workspaceId} = ${members.workspaceId} and ${notices.createdAt} >= ${from}::timestamptz and ${notices.createdAt} < ${to}::timestamptz and not exists (select 1 from ${noticeReads} r where r.notice_id = ${notices.id} and r.member_id = ${members.id})`;
  const due = await db()
    .select({ id: members.id, workspaceId: members.workspaceId, name: members.name, email: members.email, teamName: workspaces.name })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .leftJoin(noticeSettings, eq(noticeSettings.memberId, members.id))
    .where(
      and(
        inArray(members.role, ["admin", "pm"]),
        isNull(members.deactivatedAt),
        sql`coalesce(${noticeSettings.email}, 'digest') = 'digest'`,
        sql`exists (select 1 from ${notices} where ${unreadThatDay})`,
        sql`not exists (select 1 from ${noticeDigests} d where d.member_id = ${members.id} and d.day = ${day})`,
      ),
    );
  let sent = 0;
  for (const member of due) {
    const done = await db().transaction(async (tx) => {
      const items = await tx
        .select({ title: notices.title, body: notices.body, href: notices.href })
        .from(notices)
        .innerJoin(members, eq(members.id, member.id))
        .where(unreadThatDay)
        .orderBy(asc(notices.createdAt))
        .limit(50);
      if (items.length === 0) return false;
      const [digest] = await tx
        .insert(noticeDigests)
        .values({ workspaceId: member.workspaceId, memberId: member.id, day, notices: items.length })
        .onConflictDoNothing()
        .returning({ day: noticeDigests.day });
      if (!digest) return false;
      const base = env().APP_URL;
      await queueEmail(tx, {
        workspaceId: member.workspaceId,
        to: member.email,
        template: "notice-digest",
        props: {
          memberName: member.name.split(" ")[0] || member.name,
          teamName: member.teamName,
          day,
          items: items.map((n) => ({ title: n.title, body: n.body, link: `${base}${n.href ?? "/notices"}` })),
          link: `${base}/notices`,
        },
      });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

/** The background step: everything above, each failure logged on its own. */
export async function watchForNotices() {
  const step = (name: string, work: () => Promise<unknown>) => work().catch((error) => console.error(`${name}:`, error instanceof Error ? error.message : error));
  await step("Notices of overdue rounds", noticeOverdueRounds);
  await step("Notices of answered rounds", noticeAnsweredRounds);
  await step("Notices of gates reached", noticeGatesReached);
  await step("Notices of failed emails", noticeFailedEmails);
  await step("Notice digests", sendNoticeDigests);
}
