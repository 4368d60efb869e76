import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox, rounds } from "#db/schema";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { loadFeedbackPage, submitFeedback } from "~/modules/feedback/feedback.server";
import { closeRound, closedSnapshot, type GateSnapshot } from "~/modules/gates/gates.server";
import { readinessCsv } from "~/modules/gates/exports.server";
import { programReadiness } from "~/modules/gates/readiness.server";
import { createProgram, updateProgram } from "~/modules/programs/programs.server";
import { changeTasks, createRound, listTasks, openRound } from "~/modules/rounds/rounds.server";
import { emailProps } from "../support/emails";
import { contactInput, customerInput, newWorkspace, origin, programInput } from "../support/factories";

const PERFECT = [5, 1, 5, 1, 5, 1, 5, 1, 5, 1]; // SUS 100
const MIDDLING = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3]; // SUS 50

/**
 * Six customers with three users each; a round of four tasks that every user completes unaided.
 * Customer 0's users disagree (SUS 100, 100, 50: mean 83.3, 90% interval down to 34.7); every other
 * user gives 100 (zero spread, and 12 of 12 completions: adjusted-Wald lower bound 78.4%).
 */
async function roundWithSpreadAnswers() {
  const ws = await newWorkspace();
  const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
  const customerIds: string[] = [];
  for (let c = 0; c < 6; c++) {
    const { id } = await enrollCustomer({ actor: ws.admin, programId, input: customerInput(`Customer ${c}`) });
    await changeCustomerStatus({ actor: ws.admin, programId, customerId: id, change: { intent: "activate" } });
    await addContact({ actor: ws.admin, programId, customerId: id, input: contactInput(`Buyer ${c}`, { isBuyer: true }) });
    for (let u = 0; u < 3; u++) await addContact({ actor: ws.admin, programId, customerId: id, input: contactInput(`User ${c} ${u}`, { isUser: true }) });
    customerIds.push(id);
  }
  const round = await createRound({ actor: ws.admin, programId, input: { title: "R", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
  for (const instruction of ["Plan", "Move", "Share", "Print"]) await changeTasks({ actor: ws.admin, programId, roundId: round.id, change: { intent: "add-task", instruction, successCriteria: "" } });
  await openRound({ actor: ws.admin, programId, roundId: round.id });
  const tasks = await listTasks(ws.workspaceId, round.id);
  const invites = await db().select({ to: emailOutbox.toAddress, props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "feedback-invite")));
  for (const invite of invites) {
    const token = (invite.props as { link: string }).link.split("/f/")[1];
    if ((await loadFeedbackPage(token)).state !== "ok") continue;
    const answers = invite.to === "user.0.2@customer.test" ? MIDDLING : PERFECT;
    const input = { tasks: tasks.map((t) => ({ taskId: t.id, outcome: "completed" as const, comment: "" })), ...Object.fromEntries(answers.map((a, i) => [`sus${i + 1}`, a])), confusing: "", missing: "" } as FeedbackInput;
    await submitFeedback({ token, input, origin });
  }
  return { ...ws, programId, roundId: round.id, customerIds };
}

const settings = (on: boolean) => ({ ...programInput, reconfirmEveryRound: false, usableRequiresLowerBound: on });

describe("usable requires the lower bound (program setting)", () => {
  it("flips a customer's usable state through the gate, readiness and the CSV; a closed round keeps what it recorded", async () => {
    const p = await roundWithSpreadAnswers();
    const usableOf = async (customer: number) => {
      const readiness = await programReadiness(p.workspaceId, p.programId);
      return { usable: readiness.current!.evaluations.find((e) => e.customerId === p.customerIds[customer])!.usable, readiness };
    };

    // Off (the default): the means meet the thresholds.
    let { usable, readiness } = await usableOf(0);
    expect(usable).toEqual({ state: "pass", reasons: ["SUS 83.3 ≥ 68", "task completion 100% ≥ 78%"] });
    expect(readiness.current!.figures.find((f) => f.customerId === p.customerIds[0])).toMatchObject({ responses: 3, meanSus: expect.closeTo(83.33, 2), susSd: expect.closeTo(28.87, 2), completed: 12, attempts: 12 });

    // On: the spread customer's interval reaches below 68; the unanimous ones still pass, and say why.
    await updateProgram({ actor: p.admin, programId: p.programId, input: settings(true) });
    ({ usable, readiness } = await usableOf(0));
    expect(usable).toEqual({ state: "fail", reasons: ["SUS 83, but the 90% interval reaches down to 34.7, below 68"] });
    expect((await usableOf(1)).usable).toEqual({ state: "pass", reasons: ["SUS 100, 90% interval from 100 ≥ 68", "task completion 100%, 90% interval from 78.4% ≥ 78%"] });
    // The gate explains itself with the interval.
    expect(readiness.current!.gate.missing.find((m) => m.customerId === p.customerIds[0])!.reasons).toContain("usable: SUS 83, but the 90% interval reaches down to 34.7, below 68");
    // The CSV's current-round column is the same evaluation.
    const csvRow = (await readinessCsv(p.workspaceId, p.programId)).split("\r\n").find((line) => line.includes(",Customer 0,"))!;
    expect(csvRow).toContain(",1,fail,");

    // Closing records the verdict and the setting; switching it off later does not rewrite the round.
    await closeRound({ actor: p.admin, programId: p.programId, roundId: p.roundId, outcome: "iterate", note: "Users disagree." });
    await updateProgram({ actor: p.admin, programId: p.programId, input: settings(false) });
    const [row] = await db().select({ gate: rounds.gateSnapshot }).from(rounds).where(eq(rounds.id, p.roundId));
    const snapshot = row.gate as GateSnapshot;
    expect(snapshot.thresholds.requireLowerBound).toBe(true);
    expect(snapshot.customers.find((c) => c.customerId === p.customerIds[0])).toMatchObject({ usable: { state: "fail" }, responses: 3, completed: 12, attempts: 12, susSd: expect.closeTo(28.87, 2) });
    expect((await closedSnapshot(p.workspaceId, p.roundId))!.thresholds.requireLowerBound).toBe(true);
    readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness.customers.find((c) => c.customerId === p.customerIds[0])!.reason).toContain("round 1 usable test: SUS 83, but the 90% interval reaches down to 34.7, below 68");
    // The closed round, read again for the dashboard, is judged with the setting it closed under.
    expect(readiness.current!.evaluations.find((e) => e.customerId === p.customerIds[0])!.usable.state).toBe("fail");
  });
});
