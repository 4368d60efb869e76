import { and, asc, eq } from "drizzle-orm";
import { db } from "#db/client";
import { contacts, customers, userResponses, userResponseTasks } from "#db/schema";
import { getRound, listTasks } from "~/modules/rounds/rounds.server";
import { csvLine } from "~/utils/csv";

const SUS_COLUMNS = Array.from({ length: 10 }, (_, i) => `sus_${i + 1}`);

/**
 * A round's user responses as CSV: one row per user who answered, attributed (customer, name,
 * email), with each task's outcome and comment in the round's task order and the ten SUS answers.
 * Four queries whatever the round's size.
 */
export async function roundResponsesCsv(workspaceId: string, programId: string, roundId: string) {
  const round = await getRound(workspaceId, programId, roundId);
  const [tasks, responses, outcomes] = await Promise.all([
    listTasks(workspaceId, roundId),
    db()
      .select({
        id: userResponses.id,
        customer: customers.name,
        userName: contacts.name,
        userEmail: contacts.email,
        submittedAt: userResponses.submittedAt,
        updatedAt: userResponses.updatedAt,
        version: userResponses.version,
        sus: userResponses.sus,
        susScore: userResponses.susScore,
        confusing: userResponses.confusing,
        missing: userResponses.missing,
      })
      .from(userResponses)
      .innerJoin(customers, eq(customers.id, userResponses.customerId))
      .innerJoin(contacts, eq(contacts.id, userResponses.contactId))
      .where(and(eq(userResponses.workspaceId, workspaceId), eq(userResponses.roundId, roundId)))
      .orderBy(asc(customers.name), asc(contacts.name), asc(userResponses.id)),
    db()
      .select({ responseId: userResponseTasks.responseId, taskId: userResponseTasks.taskId, outcome: userResponseTasks.outcome, comment: userResponseTasks.comment })
      .from(userResponseTasks)
      .where(and(eq(userResponseTasks.workspaceId, workspaceId), eq(userResponseTasks.roundId, roundId))),
  ]);
  const outcomeOf = new Map(outcomes.map((o) => [`${o.responseId}|${o.taskId}`, o]));
  const taskColumns = tasks.flatMap((t) => [`task_${t.position}_outcome`, `task_${t.position}_comment`]);
  let csv = csvLine(["round", "customer", "user_name", "user_email", "submitted_at", "updated_at", "version", ...taskColumns, ...SUS_COLUMNS, "sus_score", "confusing", "missing"]);
  for (const r of responses) {
    const taskCells = tasks.flatMap((t) => {
      const o = outcomeOf.get(`${r.id}|${t.id}`);
      return [o?.outcome ?? "", o?.comment ?? ""];
    });
    csv += csvLine([round.number, r.customer, r.userName, r.userEmail, r.submittedAt, r.updatedAt, r.version, ...taskCells, ...SUS_COLUMNS.map((_, i) => r.sus[i] ?? ""), r.susScore, r.confusing, r.missing]);
  }
  return { csv, roundNumber: round.number };
}
