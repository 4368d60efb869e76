import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { rounds } from "#db/schema";
import { createSession } from "~/modules/auth/session.server";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import { closeRound } from "~/modules/gates/gates.server";
import { createProgram } from "~/modules/programs/programs.server";
import { newRoundPlan } from "~/modules/rounds/plan.server";
import { changeTasks, createRound, getRound, listTasks, openRound, updateRound } from "~/modules/rounds/rounds.server";
import { listPrograms } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { loader as programPage } from "~/routes/program";
import { action as newRoundAction, loader as newRoundPage } from "~/routes/round-new";
import { contactInput, customerInput, newWorkspace, origin, programInput } from "../support/factories";

const roundInput = { title: "Scheduling board", prototypeUrl: "https://proto.example/v1", version: "v1", testerNotes: "", minResponses: 2, minSus: 72.5, minTaskCompletionPct: 80 };

/** A program whose round 1 has two tasks and closed as iterate with a note. */
async function afterRoundOne() {
  const ws = await newWorkspace();
  const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
  for (let c = 0; c < 6; c++) {
    const { id } = await enrollCustomer({ actor: ws.admin, programId, input: customerInput(`Customer ${c}`) });
    await changeCustomerStatus({ actor: ws.admin, programId, customerId: id, change: { intent: "activate" } });
    await addContact({ actor: ws.admin, programId, customerId: id, input: contactInput(`Buyer ${c}`, { isBuyer: true, isUser: true }) });
  }
  const round = await createRound({ actor: ws.admin, programId, input: roundInput });
  for (const instruction of ["Plan tomorrow's jobs", "Move a job to another van"])
    await changeTasks({ actor: ws.admin, programId, roundId: round.id, change: { intent: "add-task", instruction, successCriteria: `done: ${instruction}` } });
  await openRound({ actor: ws.admin, programId, roundId: round.id });
  await closeRound({ actor: ws.admin, programId, roundId: round.id, outcome: "iterate", note: "Dispatchers missed the undo button." });
  return { ...ws, programId, roundOneId: round.id };
}

describe("a new round follows on from the last", () => {
  it("starts from the last round's thresholds and link, and shows what it taught and who it missed", async () => {
    const p = await afterRoundOne();
    const { defaults, previous } = await newRoundPlan(p.workspaceId, p.programId);
    expect(defaults).toEqual({ prototypeUrl: "https://proto.example/v1", closesOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), minResponses: 2, minSus: 72.5, minTaskCompletionPct: 80 });
    expect(previous).toMatchObject({ number: 1, title: "Scheduling board", status: "closed", outcome: "iterate", closeNote: "Dispatchers missed the undo button.", tasks: ["Plan tomorrow's jobs", "Move a job to another van"] });
    expect(previous?.gate?.passing).toBe(0);
    expect(previous?.gate?.target).toBe(6);
    expect(previous?.gate?.missing.map((m) => m.name).sort()).toEqual(["Customer 0", "Customer 1", "Customer 2", "Customer 3", "Customer 4", "Customer 5"]);
    expect(previous?.gate?.missing[0].reasons.join(" ")).toMatch(/usable: not enough data/);
  });

  it("a first round starts from the program's defaults, with nothing before it", async () => {
    const ws = await newWorkspace();
    const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
    const { defaults, previous } = await newRoundPlan(ws.workspaceId, programId);
    expect(previous).toBeNull();
    expect(defaults).toEqual({ prototypeUrl: "", closesOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), minResponses: 3, minSus: 68, minTaskCompletionPct: 78 });
  });

  it("copies the last round's tasks, in order, when asked — and only then", async () => {
    const p = await afterRoundOne();
    const copied = await createRound({ actor: p.admin, programId: p.programId, input: { ...roundInput, title: "Round 2" }, copyTasks: true });
    const tasks = await listTasks(p.workspaceId, copied.id);
    expect(tasks.map((t) => [t.position, t.instruction, t.successCriteria])).toEqual([
      [1, "Plan tomorrow's jobs", "done: Plan tomorrow's jobs"],
      [2, "Move a job to another van", "done: Move a job to another van"],
    ]);
    // The copies are the new round's own rows: editing them leaves round 1 (closed) untouched.
    await changeTasks({ actor: p.admin, programId: p.programId, roundId: copied.id, change: { intent: "remove-task", taskId: tasks[0].id } });
    expect(await listTasks(p.workspaceId, p.roundOneId)).toHaveLength(2);

    const empty = await createRound({ actor: p.admin, programId: p.programId, input: { ...roundInput, title: "Round 3" } });
    expect(await listTasks(p.workspaceId, empty.id)).toEqual([]);
  });

  it("the new-round form posts the checkbox: checked copies the tasks, unchecked does not", async () => {
    const p = await afterRoundOne();
    const cookie = (await createSession({ id: p.admin.memberId, workspaceId: p.workspaceId }, origin)).split(";")[0];
    const path = `http://charter.test/programs/${p.programId}/rounds/new`;
    const page = await newRoundPage({ request: new Request(path, { headers: { cookie } }), params: { programId: p.programId }, context: { clientIp: "127.0.0.1" } });
    expect(page.previous?.number).toBe(1);

    const post = async (fields: Record<string, string>) => {
      const body = new URLSearchParams({ title: "Round 2", prototypeUrl: "", version: "", testerNotes: "", minResponses: "2", minSus: "72.5", minTaskCompletionPct: "80", ...fields });
      const request = new Request(path, { method: "POST", body, headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
      const response = await newRoundAction({ request, params: { programId: p.programId }, context: { clientIp: "127.0.0.1" } }).catch((thrown: unknown) => thrown);
      expect(response).toBeInstanceOf(Response);
      const roundId = (response as Response).headers.get("location")!.split("/").pop()!;
      return listTasks(p.workspaceId, roundId);
    };
    expect(await post({ copyTasks: "on" })).toHaveLength(2);
    expect(await post({})).toHaveLength(0);
    const numbers = await db().select({ n: rounds.number }).from(rounds).where(eq(rounds.programId, p.programId));
    expect(numbers.map((r) => r.n).sort()).toEqual([1, 2, 3]);
  });
});

describe("a round's planned close date", () => {
  it("is suggested two weeks out, refused in the past, and flagged on the program pages once passed", async () => {
    clock.now = () => new Date("2026-12-01T10:00:00Z");
    const p = await afterRoundOne();
    expect((await newRoundPlan(p.workspaceId, p.programId)).defaults.closesOn).toBe("2026-12-15");
    await expect(createRound({ actor: p.admin, programId: p.programId, input: { ...roundInput, closesOn: "2026-11-30" } })).rejects.toMatchObject({ field: "closesOn", message: "Choose today or a later date." });
    const round = await createRound({ actor: p.admin, programId: p.programId, input: { ...roundInput, closesOn: "2026-12-15" }, copyTasks: true });
    await openRound({ actor: p.admin, programId: p.programId, roundId: round.id });
    expect((await getRound(p.workspaceId, p.programId, round.id)).closesOn).toBe("2026-12-15");

    const dashboard = async () => {
      // A session of the moment: the clock jumps further than a session lives.
      const cookie = (await createSession({ id: p.admin.memberId, workspaceId: p.workspaceId }, origin)).split(";")[0];
      const request = new Request(`http://charter.test/programs/${p.programId}`, { headers: { cookie } });
      const page = await programPage({ request, params: { programId: p.programId }, context: { clientIp: "127.0.0.1" } });
      return page.rounds.find((r) => r.id === round.id)!.schedule;
    };
    expect(await dashboard()).toMatchObject({ daysLeft: 14, overdue: false, label: "14 days left" });
    expect((await listPrograms(p.workspaceId))[0].openRound).toEqual({ number: 2, closesOn: "2026-12-15" });

    // Three days past it: flagged; the PM may keep the date (unchanged) or move it, not into the past.
    clock.now = () => new Date("2026-12-18T08:00:00Z");
    expect(await dashboard()).toMatchObject({ daysLeft: -3, overdue: true, label: "3 days past its planned close" });
    await updateRound({ actor: p.admin, programId: p.programId, roundId: round.id, input: { ...roundInput, closesOn: "2026-12-15" } });
    await expect(updateRound({ actor: p.admin, programId: p.programId, roundId: round.id, input: { ...roundInput, closesOn: "2026-12-16" } })).rejects.toMatchObject({ field: "closesOn" });
    await updateRound({ actor: p.admin, programId: p.programId, roundId: round.id, input: { ...roundInput, closesOn: "2026-12-22" } });
    expect(await dashboard()).toMatchObject({ daysLeft: 4, overdue: false });
  });
});
