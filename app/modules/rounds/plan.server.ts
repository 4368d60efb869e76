import { and, eq, sql } from "drizzle-orm";
import { db } from "#db/client";
import { programs } from "#db/schema";
import { evaluateGate } from "~/modules/gates/evaluate";
import type { GateSnapshot } from "~/modules/gates/gates.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { addDays, today } from "./schedule";

/**
 * What a new round starts from: the previous round's thresholds and prototype link (the program's
 * defaults for a first round), and what the previous round taught — its outcome, what was learned,
 * its tasks and the customers it missed — so the PM plans round N+1 without retyping round N.
 */
export async function newRoundPlan(workspaceId: string, programId: string) {
  const [row] = await db()
    .select({
      minResponses: programs.minResponses,
      minSus: programs.minSus,
      minTaskCompletion: programs.minTaskCompletion,
      previous: sql<PreviousRoundRow | null>`(
        select json_build_object(
          'number', r.number, 'title', r.title, 'status', r.status, 'outcome', r.outcome, 'closeNote', r.close_note,
          'prototypeUrl', r.prototype_url, 'minResponses', r.min_responses, 'minSus', r.min_sus, 'minTaskCompletion', r.min_task_completion,
          'gateSnapshot', r.gate_snapshot,
          'tasks', coalesce((select json_agg(t.instruction order by t.position) from round_tasks t where t.round_id = r.id), '[]'::json))
        from rounds r where r.program_id = ${programId} and r.workspace_id = ${workspaceId} order by r.number desc limit 1)`,
    })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.workspaceId, workspaceId)));
  if (!row) throw new AppError("not_found", "Program not found.");
  const previous = row.previous;
  const thresholds = previous
    ? { minResponses: previous.minResponses, minSus: Number(previous.minSus), minTaskCompletion: Number(previous.minTaskCompletion) }
    : { minResponses: row.minResponses, minSus: row.minSus, minTaskCompletion: row.minTaskCompletion };
  const defaults = {
    prototypeUrl: previous?.prototypeUrl ?? "",
    // Two weeks is a usual round: long enough for users to find an hour, short enough to keep pace.
    closesOn: addDays(today(clock.now()), 14),
    minResponses: thresholds.minResponses,
    minSus: thresholds.minSus,
    minTaskCompletionPct: Math.round(thresholds.minTaskCompletion * 1000) / 10,
  };
  if (!previous) return { defaults, previous: null };
  const snapshot = previous.gateSnapshot;
  const gate = snapshot ? evaluateGate(snapshot.target, snapshot.customers) : null;
  return {
    defaults,
    previous: {
      number: previous.number,
      title: previous.title,
      status: previous.status,
      outcome: previous.outcome,
      closeNote: previous.closeNote,
      tasks: previous.tasks,
      gate: gate && { passing: gate.passing, target: gate.target, missing: gate.missing.map(({ name, reasons }) => ({ name, reasons })) },
    },
  };
}

type PreviousRoundRow = {
  number: number;
  title: string;
  status: "draft" | "open" | "closed";
  outcome: "passed" | "iterate" | null;
  closeNote: string | null;
  prototypeUrl: string;
  minResponses: number;
  minSus: string | number;
  minTaskCompletion: string | number;
  gateSnapshot: GateSnapshot | null;
  tasks: string[];
};
