import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { customers } from "#db/schema";
import { createProgram, getProgram } from "~/modules/programs/programs.server";
import { roundSignoffs } from "~/modules/signoff/round-signoffs.server";
import { newWorkspace, programInput } from "../support/factories";

// The hot reads are built once and run with placeholders (db/client.ts: prepared). These prove
// that a built query takes each call's values, and that inside a transaction it runs on it.
describe("prepared queries", () => {
  it("answer each call with its own values, across workspaces", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const { id: programA } = await createProgram({ actor: a.admin, input: { ...programInput, name: "Program A" } });
    const { id: programB } = await createProgram({ actor: b.admin, input: { ...programInput, name: "Program B" } });

    const [first, second] = await Promise.all([getProgram(a.workspaceId, programA), getProgram(b.workspaceId, programB)]);
    expect(first.name).toBe("Program A");
    expect(second.name).toBe("Program B");
    await expect(getProgram(b.workspaceId, programA)).rejects.toThrow("Program not found.");
  });

  it("inside a transaction, see its uncommitted rows; after the rollback, nothing", async () => {
    const ws = await newWorkspace();
    const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
    const roundId = randomUUID(); // sign-offs are left-joined: the customers are listed without a round's rows
    const rolledBack = new Error("roll back");

    await expect(
      db().transaction(async (tx) => {
        await tx.insert(customers).values({ workspaceId: ws.workspaceId, programId, name: "Uncommitted Ltd" });
        const inside = await roundSignoffs({ workspaceId: ws.workspaceId, programId, roundId, executor: tx });
        expect(inside.map((row) => row.customerName)).toEqual(["Uncommitted Ltd"]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);

    expect(await roundSignoffs({ workspaceId: ws.workspaceId, programId, roundId })).toEqual([]);
  });
});
