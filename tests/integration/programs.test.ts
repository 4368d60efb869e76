import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, programs } from "#db/schema";
import { enrollCustomer } from "~/modules/customers/customers.server";
import { createProgram, getProgram, listPrograms, setProgramArchived, updateProgram } from "~/modules/programs/programs.server";
import { addMember, customerInput, newWorkspace, programInput, rowCount } from "../support/factories";

describe("programs", () => {
  it("are created with a default target of 6, edited with an audit of what changed, archived and restored", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const { targetReferenceable: _, ...withoutTarget } = programInput;
    const { id } = await createProgram({ actor: admin, input: { ...withoutTarget, targetReferenceable: 6 } });
    expect(await getProgram(workspaceId, id)).toMatchObject({ name: "Dispatch charter", targetReferenceable: 6, status: "active" });

    await updateProgram({ actor: admin, programId: id, input: { ...programInput, targetReferenceable: 8 } });
    const [updated] = await db().select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.action, "program.updated"), eq(auditEvents.programId, id)));
    expect(updated.details).toEqual({ targetReferenceable: { from: 6, to: 8 } });

    await setProgramArchived({ actor: admin, programId: id, archived: true });
    expect((await getProgram(workspaceId, id)).status).toBe("archived");
    await expect(updateProgram({ actor: admin, programId: id, input: programInput })).rejects.toThrow(/archived/);
    await expect(enrollCustomer({ actor: admin, programId: id, input: customerInput("Late Co") })).rejects.toThrow(/archived/);
    await setProgramArchived({ actor: admin, programId: id, archived: false });
    expect((await getProgram(workspaceId, id)).status).toBe("active");
  });

  it("list with their recruiting figures in one query", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const a = await createProgram({ actor: admin, input: { ...programInput, name: "A" } });
    await createProgram({ actor: admin, input: { ...programInput, name: "B" } });
    for (const name of ["One", "Two", "Three"]) await enrollCustomer({ actor: admin, programId: a.id, input: customerInput(name) });
    const list = await listPrograms(workspaceId);
    expect(list.map((p) => [p.name, p.enrolledCount])).toEqual([
      ["B", 0],
      ["A", 3],
    ]);
  });

  it("refuse a viewer and another workspace, writing nothing", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const { id } = await createProgram({ actor: admin, input: programInput });
    const viewer = await addMember(workspaceId, "viewer");
    const other = await newWorkspace();
    const before = await rowCount(programs, eq(programs.workspaceId, workspaceId));
    await expect(createProgram({ actor: viewer, input: programInput })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateProgram({ actor: viewer, programId: id, input: programInput })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setProgramArchived({ actor: viewer, programId: id, archived: true })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getProgram(other.workspaceId, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateProgram({ actor: other.admin, programId: id, input: { ...programInput, name: "Hijack" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(setProgramArchived({ actor: other.admin, programId: id, archived: true })).rejects.toMatchObject({ code: "not_found" });
    expect(await listPrograms(other.workspaceId)).toEqual([]);
    expect(await rowCount(programs, eq(programs.workspaceId, workspaceId))).toBe(before);
    expect(await getProgram(workspaceId, id)).toMatchObject({ name: "Dispatch charter", status: "active" });
  });
});

describe("audit trail", () => {
  it("is append-only in the database", async () => {
    const { workspaceId } = await newWorkspace();
    await expect(db().update(auditEvents).set({ action: "rewritten" }).where(eq(auditEvents.workspaceId, workspaceId))).rejects.toThrow();
    await expect(db().delete(auditEvents).where(eq(auditEvents.workspaceId, workspaceId))).rejects.toThrow();
    expect(await rowCount(auditEvents, eq(auditEvents.workspaceId, workspaceId))).toBe(1);
  });
});
