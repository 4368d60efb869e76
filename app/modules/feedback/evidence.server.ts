import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { contacts, customers, userResponses, userResponseTasks } from "#db/schema";
import { usableVerdict, type UsableThresholds } from "./usability";

/**
 * The PM's evidence for one round, user channel only. A fixed number of queries (one per concern),
 * aggregated in SQL, whatever the number of customers and responses. `detail: false` (the
 * dashboard's use) leaves out the comments and the per-user list: the verdicts need neither.
 */
export async function roundEvidence({
  workspaceId,
  programId,
  roundId,
  thresholds,
  detail = true,
  executor = db(),
}: {
  workspaceId: string;
  programId: string;
  roundId: string;
  thresholds: UsableThresholds;
  detail?: boolean;
  executor?: Executor;
}) {
  const inRound = (column: typeof userResponses.roundId | typeof userResponseTasks.roundId) => eq(column, roundId);

  // Correlated subqueries name their tables explicitly: drizzle leaves columns unqualified when the
  // outer query has a single table, which would make "id" mean the inner table's.
  const perCustomer = executor
    .select({
      customerId: customers.id,
      name: customers.name,
      status: customers.status,
      invited: sql<number>`(select count(distinct i.contact_id) from feedback_invites i where i.round_id = ${roundId} and i.customer_id = customers.id)`.mapWith(Number),
      responses: sql<number>`(select count(*) from user_responses r where r.round_id = ${roundId} and r.customer_id = customers.id)`.mapWith(Number),
      meanSus: sql<number | null>`(select avg(r.sus_score) from user_responses r where r.round_id = ${roundId} and r.customer_id = customers.id)`.mapWith((v) => (v === null ? null : Number(v))),
      // Task completion per customer is summed from perTask below, not counted again here.
    })
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, workspaceId),
        eq(customers.programId, programId),
        // Withdrawn customers drop out unless they answered this round.
        or(ne(customers.status, "withdrawn"), sql`exists (select 1 from user_responses r where r.round_id = ${roundId} and r.customer_id = customers.id)`),
      ),
    )
    .orderBy(asc(customers.name));

  const perTask = executor
    .select({
      customerId: userResponses.customerId,
      taskId: userResponseTasks.taskId,
      outcome: userResponseTasks.outcome,
      n: sql<number>`count(*)`.mapWith(Number),
    })
    .from(userResponseTasks)
    .innerJoin(userResponses, eq(userResponses.id, userResponseTasks.responseId))
    // Both sides filtered by the round, so each is read through its round index (not a scan of every response).
    .where(and(inRound(userResponseTasks.roundId), inRound(userResponses.roundId), eq(userResponseTasks.workspaceId, workspaceId)))
    .groupBy(userResponses.customerId, userResponseTasks.taskId, userResponseTasks.outcome);

  const responseComments = executor
    .select({ customerId: userResponses.customerId, confusing: userResponses.confusing, missing: userResponses.missing, at: userResponses.updatedAt })
    .from(userResponses)
    .where(and(inRound(userResponses.roundId), eq(userResponses.workspaceId, workspaceId), or(ne(userResponses.confusing, ""), ne(userResponses.missing, ""))))
    .orderBy(asc(userResponses.updatedAt));

  const taskComments = executor
    .select({ customerId: userResponses.customerId, taskId: userResponseTasks.taskId, outcome: userResponseTasks.outcome, comment: userResponseTasks.comment })
    .from(userResponseTasks)
    .innerJoin(userResponses, eq(userResponses.id, userResponseTasks.responseId))
    .where(and(inRound(userResponseTasks.roundId), inRound(userResponses.roundId), eq(userResponseTasks.workspaceId, workspaceId), ne(userResponseTasks.comment, "")));

  const users = executor
    .select({
      contactId: contacts.id,
      name: contacts.name,
      email: contacts.email,
      customerId: customers.id,
      customerName: customers.name,
      customerStatus: customers.status,
      lastLinkAt: sql<Date | null>`(select max(i.created_at) from feedback_invites i where i.round_id = ${roundId} and i.contact_id = contacts.id)`.mapWith((v) => (v ? new Date(v) : null)),
      emailStatus: sql<string | null>`(select case when e.delivery in ('bounced', 'complained') then 'bounced' else e.status::text end from email_outbox e join feedback_invites i on i.id = e.subject_id where i.round_id = ${roundId} and i.contact_id = contacts.id order by e.created_at desc limit 1)`,
      respondedAt: userResponses.updatedAt,
      responseVersion: userResponses.version,
    })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .leftJoin(userResponses, and(eq(userResponses.roundId, roundId), eq(userResponses.contactId, contacts.id)))
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId), eq(contacts.isUser, true), isNull(contacts.removedAt), ne(customers.status, "withdrawn")))
    .orderBy(asc(customers.name), asc(contacts.name));

  const [customerRows, taskRows, comments, perTaskComments, userRows] = await Promise.all([
    perCustomer,
    perTask,
    detail ? responseComments : [],
    detail ? taskComments : [],
    detail ? users : [],
  ]);

  const byCustomer = customerRows.map((c) => {
    const tasks = new Map<string, { completed: number; completed_with_help: number; not_completed: number }>();
    let completed = 0;
    let attempts = 0;
    for (const row of taskRows.filter((r) => r.customerId === c.customerId)) {
      const entry = tasks.get(row.taskId) ?? { completed: 0, completed_with_help: 0, not_completed: 0 };
      entry[row.outcome] += row.n;
      tasks.set(row.taskId, entry);
      attempts += row.n;
      if (row.outcome === "completed") completed += row.n;
    }
    return {
      ...c,
      completed,
      attempts,
      completionRate: attempts > 0 ? completed / attempts : null,
      verdict: usableVerdict({ responses: c.responses, meanSus: c.meanSus, completed, attempts }, thresholds),
      tasks: Object.fromEntries(tasks),
      comments: comments.filter((r) => r.customerId === c.customerId),
      taskComments: perTaskComments.filter((r) => r.customerId === c.customerId),
    };
  });
  return { customers: byCustomer, users: userRows };
}
