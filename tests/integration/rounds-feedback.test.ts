import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { auditEvents, customers, emailOutbox, feedbackInvites, rounds, userResponses, userResponseVersions } from "#db/schema";
import { changeCustomerStatus, enrollCustomer, addContact } from "~/modules/customers/customers.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { loadFeedbackPage, submitFeedback } from "~/modules/feedback/feedback.server";
import { roundEvidence } from "~/modules/feedback/evidence.server";
import { createProgram } from "~/modules/programs/programs.server";
import { changeTasks, createRound, listTasks, openRound, remindNonResponders, resendFeedbackLink, updateRound } from "~/modules/rounds/rounds.server";
import { clock } from "~/utils/clock.server";
import { hashToken } from "~/utils/tokens.server";
import { addMember, contactInput, customerInput, newWorkspace, origin, programInput, rowCount } from "../support/factories";
import { emailProps } from "../support/emails";

const roundInput = { title: "Drag and drop", prototypeUrl: "https://proto.example", version: "v1", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 };

/** A program with `customers` active customers, each with `users` users and a buyer. */
async function programWithUsers({ customers: n = 6, users = 3 } = {}) {
  const ws = await newWorkspace();
  const program = await createProgram({ actor: ws.admin, input: programInput });
  const customerIds: string[] = [];
  for (let c = 0; c < n; c++) {
    const { id } = await enrollCustomer({ actor: ws.admin, programId: program.id, input: customerInput(`Customer ${c}`) });
    await changeCustomerStatus({ actor: ws.admin, programId: program.id, customerId: id, change: { intent: "activate" } });
    await addContact({ actor: ws.admin, programId: program.id, customerId: id, input: contactInput(`Buyer ${c}`, { isBuyer: true }) });
    for (let u = 0; u < users; u++) await addContact({ actor: ws.admin, programId: program.id, customerId: id, input: contactInput(`User ${c} ${u}`, { isUser: true }) });
    customerIds.push(id);
  }
  return { ...ws, programId: program.id, customerIds };
}

async function openRoundWithTasks(ws: Awaited<ReturnType<typeof programWithUsers>>, tasks = 2) {
  const round = await createRound({ actor: ws.admin, programId: ws.programId, input: roundInput });
  for (let t = 0; t < tasks; t++) await changeTasks({ actor: ws.admin, programId: ws.programId, roundId: round.id, change: { intent: "add-task", instruction: `Task ${t}`, successCriteria: "" } });
  await openRound({ actor: ws.admin, programId: ws.programId, roundId: round.id });
  return round.id;
}

/** The personal links as the emails carry them. */
async function linksOf(roundId: string) {
  const rows = await db()
    .select({ to: emailOutbox.toAddress, props: emailProps })
    .from(emailOutbox)
    .innerJoin(feedbackInvites, eq(feedbackInvites.id, emailOutbox.subjectId))
    .where(eq(feedbackInvites.roundId, roundId));
  return new Map(rows.map((r) => [r.to, (r.props as { link: string }).link.split("/f/")[1]]));
}

async function answers(roundId: string, sus: number[], outcome: "completed" | "completed_with_help" | "not_completed" = "completed"): Promise<FeedbackInput> {
  const [round] = await db().select({ workspaceId: rounds.workspaceId }).from(rounds).where(eq(rounds.id, roundId));
  const tasks = await listTasks(round.workspaceId, roundId);
  return {
    tasks: tasks.map((t) => ({ taskId: t.id, outcome, comment: "" })),
    ...(Object.fromEntries(sus.map((a, i) => [`sus${i + 1}`, a])) as Pick<FeedbackInput, "sus1">),
    confusing: "",
    missing: "",
  } as FeedbackInput;
}

const PERFECT = [5, 1, 5, 1, 5, 1, 5, 1, 5, 1];
const NEUTRAL = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3];

describe("opening a round", () => {
  it("is refused with every reason, and writes nothing", async () => {
    const ws = await programWithUsers({ customers: 5 });
    const round = await createRound({ actor: ws.admin, programId: ws.programId, input: roundInput });
    const attempt = openRound({ actor: ws.admin, programId: ws.programId, roundId: round.id });
    await expect(attempt).rejects.toThrow("Only 5 of the minimum 6 charter customers are enrolled.");
    await expect(attempt).rejects.toThrow("The round has no usability task yet");
    const [row] = await db().select({ status: rounds.status }).from(rounds).where(eq(rounds.id, round.id));
    expect(row.status).toBe("draft");
    expect(await rowCount(feedbackInvites, eq(feedbackInvites.roundId, round.id))).toBe(0);
    expect(await rowCount(emailOutbox, eq(emailOutbox.workspaceId, ws.workspaceId))).toBe(0);
  });

  it("refuses a second open round in the same program", async () => {
    const ws = await programWithUsers();
    await openRoundWithTasks(ws);
    const second = await createRound({ actor: ws.admin, programId: ws.programId, input: { ...roundInput, title: "Second" } });
    await changeTasks({ actor: ws.admin, programId: ws.programId, roundId: second.id, change: { intent: "add-task", instruction: "x", successCriteria: "" } });
    await expect(openRound({ actor: ws.admin, programId: ws.programId, roundId: second.id })).rejects.toThrow("Round 1 is still open; close it first.");
  });

  it("creates one hashed link and one queued invitation per user of each active customer, in one go", async () => {
    const ws = await programWithUsers({ customers: 7, users: 3 });
    // An enrolled (not yet active) customer counts for the minimum but gets no invitations.
    const { id: enrolledOnly } = await enrollCustomer({ actor: ws.admin, programId: ws.programId, input: customerInput("Late Joiner") });
    await addContact({ actor: ws.admin, programId: ws.programId, customerId: enrolledOnly, input: contactInput("Larry Late", { isUser: true }) });
    await changeCustomerStatus({ actor: ws.admin, programId: ws.programId, customerId: ws.customerIds[6], change: { intent: "withdraw", reason: "" } });
    const roundId = await openRoundWithTasks(ws);
    const invites = await db().select({ tokenHash: feedbackInvites.tokenHash, customerId: feedbackInvites.customerId }).from(feedbackInvites).where(eq(feedbackInvites.roundId, roundId));
    expect(invites).toHaveLength(18);
    expect(invites.some((i) => i.customerId === enrolledOnly || i.customerId === ws.customerIds[6])).toBe(false);
    const links = await linksOf(roundId);
    expect(links.size).toBe(18);
    const hashes = new Set(invites.map((i) => i.tokenHash));
    for (const token of links.values()) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(hashes.has(hashToken(token))).toBe(true);
      expect(hashes.has(token)).toBe(false);
    }
  });

  it("fixes tasks and thresholds once open; a viewer cannot open or edit", async () => {
    const ws = await programWithUsers();
    const viewer = await addMember(ws.workspaceId, "viewer");
    const round = await createRound({ actor: ws.admin, programId: ws.programId, input: roundInput });
    await changeTasks({ actor: ws.admin, programId: ws.programId, roundId: round.id, change: { intent: "add-task", instruction: "x", successCriteria: "" } });
    await expect(openRound({ actor: viewer, programId: ws.programId, roundId: round.id })).rejects.toMatchObject({ code: "forbidden" });
    await openRound({ actor: ws.admin, programId: ws.programId, roundId: round.id });
    await expect(changeTasks({ actor: ws.admin, programId: ws.programId, roundId: round.id, change: { intent: "add-task", instruction: "y", successCriteria: "" } })).rejects.toThrow(/only change while the round is a draft/);
    await expect(updateRound({ actor: ws.admin, programId: ws.programId, roundId: round.id, input: { ...roundInput, minSus: 50 } })).rejects.toThrow(/thresholds of an open round are fixed/);
    await updateRound({ actor: ws.admin, programId: ws.programId, roundId: round.id, input: { ...roundInput, title: "Renamed while open" } });
  });

  it("keeps a closed round read-only in the database itself", async () => {
    const ws = await programWithUsers();
    const roundId = await openRoundWithTasks(ws);
    await db().update(rounds).set({ status: "closed", outcome: "iterate", closedAt: new Date() }).where(eq(rounds.id, roundId));
    await expect(db().update(rounds).set({ title: "Rewritten" }).where(eq(rounds.id, roundId))).rejects.toThrow();
    await expect(changeTasks({ actor: ws.admin, programId: ws.programId, roundId, change: { intent: "add-task", instruction: "late", successCriteria: "" } })).rejects.toThrow(/closed/);
  });
});

describe("the user's feedback", () => {
  it("is read without writing anything, then stored once per user; an identical resubmission records nothing", async () => {
    const ws = await programWithUsers();
    const roundId = await openRoundWithTasks(ws);
    const token = (await linksOf(roundId)).get("user.0.0@customer.test")!;
    const auditBefore = await rowCount(auditEvents, eq(auditEvents.workspaceId, ws.workspaceId));
    const page = await loadFeedbackPage(token);
    expect(page).toMatchObject({ state: "ok", contactName: "User 0 0", customerName: "Customer 0", response: null });
    expect(await rowCount(auditEvents, eq(auditEvents.workspaceId, ws.workspaceId))).toBe(auditBefore);

    const input = await answers(roundId, PERFECT);
    expect((await submitFeedback({ token, input, origin })).status).toBe("created");
    expect((await submitFeedback({ token, input, origin })).status).toBe("unchanged");
    // Twenty identical posts at once still make one response.
    const results = await Promise.all(Array.from({ length: 20 }, () => submitFeedback({ token, input, origin })));
    expect(results.every((r) => r.status === "unchanged")).toBe(true);
    expect(await rowCount(userResponses, eq(userResponses.roundId, roundId))).toBe(1);
    expect(await rowCount(userResponseVersions)).toBe(0);
    const [stored] = await db().select({ susScore: userResponses.susScore, version: userResponses.version }).from(userResponses).where(eq(userResponses.roundId, roundId));
    expect(stored).toEqual({ susScore: 100, version: 1 });
  });

  it("replaces an earlier response on edit and keeps the earlier version", async () => {
    const ws = await programWithUsers();
    const roundId = await openRoundWithTasks(ws);
    const token = (await linksOf(roundId)).get("user.1.0@customer.test")!;
    await submitFeedback({ token, input: await answers(roundId, NEUTRAL), origin });
    expect((await submitFeedback({ token, input: { ...(await answers(roundId, PERFECT)), missing: "Route map" }, origin })).status).toBe("updated");
    const [response] = await db().select({ id: userResponses.id, susScore: userResponses.susScore, version: userResponses.version, missing: userResponses.missing }).from(userResponses).where(eq(userResponses.roundId, roundId));
    expect(response).toMatchObject({ susScore: 100, version: 2, missing: "Route map" });
    const versions = await db().select({ version: userResponseVersions.version, answers: userResponseVersions.answers }).from(userResponseVersions).where(eq(userResponseVersions.responseId, response.id));
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, answers: { sus: NEUTRAL } });
    const page = await loadFeedbackPage(token);
    expect(page.state === "ok" && page.response?.sus).toEqual(PERFECT);
  });

  it("refuses a revoked, expired, unknown or other-round link and writes nothing", async () => {
    const ws = await programWithUsers();
    const roundId = await openRoundWithTasks(ws);
    const links = await linksOf(roundId);
    const token = links.get("user.2.0@customer.test")!;
    const input = await answers(roundId, PERFECT);
    const [contact] = await db().select({ contactId: feedbackInvites.contactId }).from(feedbackInvites).where(eq(feedbackInvites.tokenHash, hashToken(token)));
    await resendFeedbackLink({ actor: ws.admin, programId: ws.programId, roundId, contactId: contact.contactId });
    expect((await loadFeedbackPage(token)).state).toBe("revoked");
    await expect(submitFeedback({ token, input, origin })).rejects.toMatchObject({ code: "not_found" });
    expect((await loadFeedbackPage("x".repeat(43))).state).toBe("unknown");
    expect((await loadFeedbackPage("short")).state).toBe("unknown");

    const other = links.get("user.3.0@customer.test")!;
    clock.now = () => new Date(Date.now() + 91 * 24 * 60 * 60 * 1000);
    expect((await loadFeedbackPage(other)).state).toBe("expired");
    await expect(submitFeedback({ token: other, input, origin })).rejects.toMatchObject({ code: "not_found" });
    clock.now = () => new Date();
    // Answers shaped for another round's tasks are refused.
    const foreign = { ...input, tasks: input.tasks.map((t) => ({ ...t, taskId: crypto.randomUUID() })) };
    await expect(submitFeedback({ token: other, input: foreign, origin })).rejects.toMatchObject({ code: "invalid" });
    expect(await rowCount(userResponses, eq(userResponses.roundId, roundId))).toBe(0);
  });

  it("adds up per customer in SQL, with the verdict and a query count that does not grow with data", async () => {
    const small = await programWithUsers({ customers: 6, users: 3 });
    const smallRound = await openRoundWithTasks(small);
    const large = await programWithUsers({ customers: 10, users: 5 });
    const largeRound = await openRoundWithTasks(large);

    for (const roundId of [smallRound, largeRound]) {
      const links = await linksOf(roundId);
      for (const [email, token] of links) {
        const [, c, u] = email.split("@")[0].split(".");
        if (c === "0" && u !== "2") await submitFeedback({ token, input: await answers(roundId, PERFECT), origin });
        if (c === "1") await submitFeedback({ token, input: await answers(roundId, NEUTRAL, Number(u) % 2 ? "completed" : "not_completed"), origin });
      }
    }
    const count = async (ws: typeof small, roundId: string) => {
      const store = { count: 0 };
      const evidence = await queryCounter.run(store, () => roundEvidence({ workspaceId: ws.workspaceId, programId: ws.programId, roundId, thresholds: { minResponses: 3, minSus: 68, minTaskCompletion: 0.78 } }));
      return { evidence, queries: store.count };
    };
    const s = await count(small, smallRound);
    const l = await count(large, largeRound);
    expect(s.queries).toBe(l.queries);
    expect(l.evidence.customers).toHaveLength(10);

    const [c0, c1, c2] = s.evidence.customers;
    expect(c0).toMatchObject({ name: "Customer 0", invited: 3, responses: 2, meanSus: 100, completed: 4, attempts: 4, verdict: { state: "not_enough_data", reasons: ["2 of 3 responses"] } });
    expect(c1).toMatchObject({ responses: 3, meanSus: 50, completed: 2, attempts: 6, verdict: { state: "fail", reasons: ["SUS 50 < 68", "task completion 33.3% < 78%"] } });
    expect(c1.tasks[Object.keys(c1.tasks)[0]]).toEqual({ completed: 1, completed_with_help: 0, not_completed: 2 });
    expect(c2).toMatchObject({ responses: 0, meanSus: null, verdict: { state: "not_enough_data" } });
    expect(s.evidence.users.filter((u) => u.respondedAt)).toHaveLength(5);
  });

  it("keeps each customer's comments on the response and on each task, with the task's outcome", async () => {
    const ws = await programWithUsers({ customers: 6, users: 3 });
    const roundId = await openRoundWithTasks(ws);
    const links = await linksOf(roundId);
    const post = async (email: string, comments: { confusing?: string; missing?: string; tasks?: string[] }) => {
      const input = await answers(roundId, PERFECT, "completed_with_help");
      input.tasks = input.tasks.map((t, i) => ({ ...t, comment: comments.tasks?.[i] ?? "" }));
      await submitFeedback({ token: links.get(email)!, input: { ...input, confusing: comments.confusing ?? "", missing: comments.missing ?? "" }, origin });
    };
    await post("user.2.0@customer.test", { confusing: "Where is the map?", missing: "Bulk edit", tasks: ["Slow", "Found it"] });
    await post("user.2.1@customer.test", { tasks: ["", "Undo?"] });
    await post("user.2.2@customer.test", { missing: "Export" });
    await post("user.3.0@customer.test", {});
    const thresholds = { minResponses: 3, minSus: 68, minTaskCompletion: 0.78 };
    const evidence = await roundEvidence({ workspaceId: ws.workspaceId, programId: ws.programId, roundId, thresholds });
    const tasks = await listTasks(ws.workspaceId, roundId);
    const c2 = evidence.customers.find((c) => c.name === "Customer 2")!;
    const c3 = evidence.customers.find((c) => c.name === "Customer 3")!;
    expect(c2.comments.map((c) => [c.confusing, c.missing]).sort()).toEqual([["", "Export"], ["Where is the map?", "Bulk edit"]]);
    expect(c2.taskComments.map((c) => [tasks.findIndex((t) => t.id === c.taskId), c.outcome, c.comment]).sort()).toEqual([
      [0, "completed_with_help", "Slow"],
      [1, "completed_with_help", "Found it"],
      [1, "completed_with_help", "Undo?"],
    ]);
    expect([c3.responses, c3.comments, c3.taskComments]).toEqual([1, [], []]);
    // The dashboard's reading leaves the comments out.
    const brief = await roundEvidence({ workspaceId: ws.workspaceId, programId: ws.programId, roundId, thresholds, detail: false });
    expect(brief.customers.flatMap((c) => [...c.comments, ...c.taskComments])).toEqual([]);
  });
});

describe("reminders", () => {
  it("go only to users who have not answered, and not twice within a day", async () => {
    const ws = await programWithUsers();
    const roundId = await openRoundWithTasks(ws);
    const token = (await linksOf(roundId)).get("user.0.0@customer.test")!;
    await submitFeedback({ token, input: await answers(roundId, PERFECT), origin });
    const reminders = () => rowCount(emailOutbox, and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "feedback-reminder")));

    expect(await remindNonResponders({ actor: ws.admin, programId: ws.programId, roundId })).toEqual({ reminded: 0, waiting: 17 });
    clock.now = () => new Date(Date.now() + 25 * 60 * 60 * 1000);
    expect(await remindNonResponders({ actor: ws.admin, programId: ws.programId, roundId })).toEqual({ reminded: 17, waiting: 17 });
    expect(await remindNonResponders({ actor: ws.admin, programId: ws.programId, roundId })).toEqual({ reminded: 0, waiting: 17 });
    expect(await reminders()).toBe(17);
    // The first link still works next to the reminder's: both open the user's form, and an answer
    // through the first shows through the reminder's.
    const linkIn = async (template: string) => {
      const rows = await db()
        .select({ props: emailProps })
        .from(emailOutbox)
        .where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, template), eq(emailOutbox.toAddress, "user.1.0@customer.test")));
      expect(rows).toHaveLength(1);
      return (rows[0].props as { link: string }).link.split("/f/")[1];
    };
    const first = await linkIn("feedback-invite");
    const reminded = await linkIn("feedback-reminder");
    expect(first).not.toBe(reminded);
    for (const token of [first, reminded]) expect(await loadFeedbackPage(token)).toMatchObject({ state: "ok", customerName: "Customer 1", contactName: "User 1 0", response: null });
    await submitFeedback({ token: first, input: await answers(roundId, NEUTRAL), origin });
    expect((await loadFeedbackPage(reminded)).response).toMatchObject({ sus: NEUTRAL, version: 1 });
  });

  it("stay inside their workspace", async () => {
    const ws = await programWithUsers();
    const roundId = await openRoundWithTasks(ws);
    const other = await newWorkspace();
    await expect(remindNonResponders({ actor: other.admin, programId: ws.programId, roundId })).rejects.toMatchObject({ code: "not_found" });
    const [c] = await db().select({ id: customers.id }).from(customers).where(eq(customers.programId, ws.programId)).limit(1);
    await expect(resendFeedbackLink({ actor: other.admin, programId: ws.programId, roundId, contactId: c.id })).rejects.toMatchObject({ code: "not_found" });
  });
});
