import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { db } from "#db/client";
import { clearanceMarks, clearances, customers, techRequirements } from "#db/schema";
import { getProgram } from "~/modules/programs/programs.server";
import { programItClearances } from "./it-clearance.server";
import type { ItClearanceState } from "./it-clearance";
import { reachOf, type MatrixMark } from "./matrix";

/**
 * The requirements matrix (PRODUCT.md, "The gatekeeper's review"): each requirement against each
 * customer's standing clearance marks, with how many customers each blocks, most blocking first.
 * Six queries, whatever the number of requirements or customers.
 */
export async function requirementsMatrix(workspaceId: string, programId: string) {
  const [program, requirementRows, customerRows, standing, markRows] = await Promise.all([
    getProgram(workspaceId, programId),
    db()
      .select({ id: techRequirements.id, title: techRequirements.title, need: techRequirements.need, position: techRequirements.position })
      .from(techRequirements)
      .where(and(eq(techRequirements.workspaceId, workspaceId), eq(techRequirements.programId, programId), isNull(techRequirements.removedAt)))
      .orderBy(asc(techRequirements.position)),
    db()
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId), ne(customers.status, "withdrawn")))
      .orderBy(asc(customers.enrolledAt), asc(customers.name)),
    programItClearances({ workspaceId, programId, required: true }),
    db()
      .select({ clearanceId: clearanceMarks.clearanceId, requirementId: clearanceMarks.requirementId, mark: clearanceMarks.mark, note: clearanceMarks.note })
      .from(clearanceMarks)
      .innerJoin(clearances, eq(clearances.id, clearanceMarks.clearanceId))
      .where(and(eq(clearances.workspaceId, workspaceId), eq(clearances.programId, programId))),
  ]);
  // Only the marks of the clearance that stands count: a superseded review says nothing of today's brief.
  const standingOf = new Map(customerRows.map((c) => [c.id, standing?.get(c.id) ?? null]));
  const markOf = new Map(markRows.map((m) => [`${m.clearanceId}:${m.requirementId}`, m]));
  const rows = requirementRows.map((r) => {
    const cells = customerRows.map((c) => {
      const clearance = standingOf.get(c.id)?.standing;
      const found = clearance ? markOf.get(`${clearance.clearanceId}:${r.id}`) : undefined;
      return { customerId: c.id, mark: (found?.mark ?? "unanswered") as MatrixMark, note: found?.note ?? "" };
    });
    const blocks = cells.filter((c) => c.mark === "blocker").length;
    const needsWork = cells.filter((c) => c.mark === "needs_work").length;
    const met = cells.filter((c) => c.mark === "met").length;
    return { ...r, cells, blocks, needsWork, met, reach: reachOf(blocks + needsWork, customerRows.length) };
  });
  rows.sort((a, b) => b.blocks - a.blocks || b.needsWork - a.needsWork || a.position - b.position);
  return {
    program,
    customers: customerRows.map((c) => ({ ...c, clearance: (standingOf.get(c.id)?.state ?? "no_gatekeeper") as ItClearanceState })),
    requirements: rows,
  };
}
