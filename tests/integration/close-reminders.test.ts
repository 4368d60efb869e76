import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { closeReminders, emailOutbox } from "#db/schema";
import { submitFeedback } from "~/modules/feedback/feedback.server";
import { closeRound } from "~/modules/gates/gates.server";
import { sendCloseDateReminders } from "~/modules/rounds/close-reminders.server";
import { getRound, listTasks, remindNonResponders, updateRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff } from "~/modules/signoff/buyer.server";
import { remindBuyer, sendDueSignoffReminders } from "~/modules/signoff/reminders.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { clock } from "~/utils/clock.server";
import { emailProps } from "../support/emails";
import { origin, programWithOpenRound } from "../support/factories";

/**
 * Reminders timed against a round's planned close (PRODUCT.md, Across rounds): 3 days and 1 day
 * before it, to users who have not answered and buyers who have not decided; once per slot, within
 * the caps; never after the close. The clock is moved; the background work's function is called
 * as its timer would.
 */

const at = (iso: string) => {
  const t = Date.parse(iso);
  clock.now = () => new Date(t);
};
const caseInput = { problem: "Planning takes a day.", valueClaimed: "Half the time.", priceTerms: "€12k a year.", notes: "" };
const approve = { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "no", consentNameLogo: false, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "B" } as const;
const answers = { sus1: 4, sus2: 2, sus3: 4, sus4: 2, sus5: 4, sus6: 2, sus7: 4, sus8: 2, sus9: 4, sus10: 2, confusing: "", missing: "" };

/**
 * Six active customers (a buyer and a user each), an open round closing on `closesOn`, three buyers
 * asked, all at `from`. The job reminds every round of the file's database: each test's dates keep
 * clear of the others' windows.
 */
async function roundClosingOn(closesOn: string | null, from = "2027-03-01T10:00:00Z") {
  at(from);
  const ws = await programWithOpenRound();
  const round = await getRound(ws.workspaceId, ws.programId, ws.roundId);
  await updateRound({
    actor: ws.admin,
    programId: ws.programId,
    roundId: ws.roundId,
    input: { title: round.title, prototypeUrl: round.prototypeUrl, version: round.version, testerNotes: round.testerNotes, minResponses: round.minResponses, minSus: round.minSus, minTaskCompletionPct: round.minTaskCompletion * 100, closesOn },
  });
  for (const customerId of ws.customerIds.slice(0, 3)) {
    await saveBusinessCase({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId });
  }
  const emails = async (template: "feedback-reminder" | "signoff-reminder" | "feedback-invite" | "signoff-request") =>
    (
      await db()
        .select({ to: emailOutbox.toAddress, props: emailProps })
        .from(emailOutbox)
        .where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, template)))
    ).map((e): Record<string, string> & { to: string } => ({ ...(e.props as Record<string, string>), to: e.to }));
  const latest = async (template: "feedback-invite" | "signoff-request", to: string) => {
    const link = (await emails(template)).find((e) => e.to === to)!.link;
    return link.split(template === "feedback-invite" ? "/f/" : "/s/")[1];
  };
  const reminded = async () => (await Promise.all([emails("feedback-reminder"), emails("signoff-reminder")])).flat().map((e) => e.to).sort();
  return { ...ws, emails, latest, reminded };
}

const users = (...n: number[]) => n.map((i) => `user.${i}@customer.test`);
const buyers = (...n: number[]) => n.map((i) => `buyer.${i}@customer.test`);

describe("reminders before the planned close", () => {
  it("go 3 days and 1 day before it to users who have not answered and buyers who have not decided, once per slot however often the job runs", async () => {
    const ws = await roundClosingOn("2027-03-08");
    // User 0 answers; buyer 1 decides.
    const [task] = await listTasks(ws.workspaceId, ws.roundId);
    await submitFeedback({ token: await ws.latest("feedback-invite", "user.0@customer.test"), input: { ...answers, tasks: [{ taskId: task.id, outcome: "completed", comment: "" }] }, origin });
    await submitSignoff({ token: await ws.latest("signoff-request", "buyer.1@customer.test"), input: approve, origin });

    // Four days before: nothing, and the after-the-request schedule does not run for a dated round.
    at("2027-03-04T12:00:00Z");
    expect(await sendCloseDateReminders()).toBe(0);
    expect(await sendDueSignoffReminders()).toBe(0);
    expect(await ws.reminded()).toEqual([]);

    at("2027-03-05T08:30:00Z");
    expect(await sendCloseDateReminders()).toBe(7);
    expect(await ws.reminded()).toEqual([...buyers(0, 2), ...users(1, 2, 3, 4, 5)].sort());
    // Run again, and several at once: the slot went out already.
    at("2027-03-05T09:00:00Z");
    expect((await Promise.all([sendCloseDateReminders(), sendCloseDateReminders(), sendCloseDateReminders()])).reduce((a, b) => a + b)).toBe(0);
    at("2027-03-06T20:00:00Z");
    expect(await sendCloseDateReminders()).toBe(0);
    expect(await ws.reminded()).toHaveLength(7);
    // The reminders say the date, as a person reads it.
    const [feedbackReminder] = await ws.emails("feedback-reminder");
    expect(feedbackReminder.answerBy).toBe("Please answer by Monday 8 March.");
    expect((await ws.emails("signoff-reminder"))[0].answerBy).toBe("Please answer by Monday 8 March.");

    // One day before: the second slot, run concurrently, each person once.
    at("2027-03-07T08:05:00Z");
    expect((await Promise.all([sendCloseDateReminders(), sendCloseDateReminders(), sendCloseDateReminders(), sendCloseDateReminders()])).reduce((a, b) => a + b)).toBe(7);
    expect(await ws.reminded()).toEqual([...buyers(0, 0, 2, 2), ...users(1, 1, 2, 2, 3, 3, 4, 4, 5, 5)].sort());
    at("2027-03-08T23:00:00Z");
    expect(await sendCloseDateReminders()).toBe(0);
    expect(await db().$count(closeReminders, eq(closeReminders.roundId, ws.roundId))).toBe(14);
  });

  it("stay within the caps: a buyer's 3 reminders (the PM's count) and one email a day to a user", async () => {
    const ws = await roundClosingOn("2027-04-12", "2027-04-05T10:00:00Z");
    // The PM reminded buyer 0 twice already: the 3-days-before reminder is their third and last.
    at("2027-04-06T10:00:00Z");
    await remindBuyer({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId: ws.customerIds[0] });
    await remindBuyer({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId: ws.customerIds[0] });
    at("2027-04-09T09:00:00Z");
    await sendCloseDateReminders();
    // The PM reminds the users on the morning of the last slot: they are not emailed again within the day.
    at("2027-04-11T07:00:00Z");
    expect((await remindNonResponders({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId })).reminded).toBe(6);
    at("2027-04-11T09:00:00Z");
    expect(await sendCloseDateReminders()).toBe(2);
    expect((await ws.emails("signoff-reminder")).filter((e) => e.to === "buyer.0@customer.test")).toHaveLength(3);
    expect((await ws.emails("feedback-reminder")).filter((e) => e.to === "user.3@customer.test")).toHaveLength(2);
    // A day after the PM's reminder, still before the close, the users' slot goes out.
    at("2027-04-12T07:30:00Z");
    expect(await sendCloseDateReminders()).toBe(6);
    expect((await ws.emails("feedback-reminder")).filter((e) => e.to === "user.3@customer.test")).toHaveLength(3);
    expect((await ws.emails("signoff-reminder")).filter((e) => e.to === "buyer.0@customer.test")).toHaveLength(3);
  });

  it("never go after the close: not on a closed round, not after the planned date", async () => {
    const late = await roundClosingOn("2027-05-10", "2027-05-03T10:00:00Z");
    at("2027-05-11T00:00:00Z");
    expect(await sendCloseDateReminders()).toBe(0);
    at("2027-05-14T09:00:00Z");
    expect(await sendCloseDateReminders()).toBe(0);
    expect(await late.reminded()).toEqual([]);

    const closed = await roundClosingOn("2027-05-17", "2027-05-10T10:00:00Z");
    await closeRound({ actor: closed.admin, programId: closed.programId, roundId: closed.roundId, outcome: "iterate", note: "Scheduling needs work." });
    at("2027-05-16T09:00:00Z");
    expect(await sendCloseDateReminders()).toBe(0);
    expect(await closed.reminded()).toEqual([]);
  });

  it("leave a round without a date on today's schedule: buyers 3 days after the request, users only when the PM reminds", async () => {
    const ws = await roundClosingOn(null);
    at("2027-03-04T10:30:00Z");
    expect(await sendCloseDateReminders()).toBe(0);
    expect(await sendDueSignoffReminders()).toBe(3);
    expect(await ws.reminded()).toEqual(buyers(0, 1, 2));
    expect((await ws.emails("signoff-reminder"))[0].answerBy).toBeNull();
  });
});
