import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import { db, prepared, type Executor } from "#db/client";
import { contacts, customers, userResponses, userResponseTasks } from "#db/schema";
import type { EmailState } from "~/components/email-status";
import { emailStateSql } from "~/modules/email/outbox.server";
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
  // Built once per database handle with placeholders for these values (db/client.ts: prepared).
  const roundId_ = sql.placeholder("roundId");
  const workspaceId_ = sql.placeholder("workspaceId");
  const programId_ = sql.placeholder("programId");
  const values = { roundId, workspaceId, programId };
  const inRound = (column: typeof userResponses.roundId | typeof userResponseTasks.roundId) => eq(column, roundId_);

  // Correlated subqueries name their tables explicitly: drizzle leaves columns unqualified when the
  // outer query has a single table, which would make "id" mean the inner table's.
  const perCustomer = () =>
    prepared(executor, "evidence.perCustomer", (e) =>
      e
        .select({
          customerId: customers.id,
          name: customers.name,
          status: customers.status,
          invited: sql<number>`(select count(distinct i.contact_id) from feedback_invites i where i.round_id = ${roundId_} and i.customer_id = customers.id)`.mapWith(Number),
          responses: sql<number>`(select count(*) from user_responses r where r.round_id = ${roundId_} and r.customer_id = customers.id)`.mapWith(Number),
          meanSus: sql<number | null>`(select avg(r.sus_score) from user_responses r where r.round_id = ${roundId_} and r.customer_id = customers.id)`.mapWith((v) => (v === null ? null : Number(v))),
          // The sample standard deviation, for the 90% interval of the mean (null below two answers).
          susSd: sql<number | null>`(select stddev_samp(r.sus_score) from user_responses r where r.round_id = ${roundId_} and r.customer_id = customers.id)`.mapWith((v) => (v === null ? null : Number(v))),
          // Task completion per customer is summed from perTask below, not counted again here.
        })
        .from(customers)
        .where(
          and(
            eq(customers.workspaceId, workspaceId_),
            eq(customers.programId, programId_),
            // Withdrawn customers drop out unless they answered this round.
            or(ne(customers.status, "withdrawn"), sql`exists (select 1 from user_responses r where r.round_id = ${roundId_} and r.customer_id = customers.id)`),
          ),
        )
        .orderBy(asc(customers.name))
        .prepare("evidence_per_customer"),
    ).execute(values);

  const perTask = () =>
    prepared(executor, "evidence.perTask", (e) =>
      e
        .select({
          customerId: userResponses.customerId,
          taskId: userResponseTasks.taskId,
          outcome: userResponseTasks.outcome,
          n: sql<number>`count(*)`.mapWith(Number),
        })
        .from(userResponseTasks)
        .innerJoin(userResponses, eq(userResponses.id, userResponseTasks.responseId))
        // Both sides filtered by the round, so each is read through its round index (not a scan of every response).
        .where(and(inRound(userResponseTasks.roundId), inRound(userResponses.roundId), eq(userResponseTasks.workspaceId, workspaceId_)))
        .groupBy(userResponses.customerId, userResponseTasks.taskId, userResponseTasks.outcome)
        .prepare("evidence_per_task"),
    ).execute(values);

  // The users' comments on the response and on each task, in one statement: a response with its
  // commented tasks (left join), or alone when only the response has words.
  const comments = () =>
    prepared(executor, "evidence.comments", (e) =>
      e
        .select({
          responseId: userResponses.id,
          customerId: userResponses.customerId,
          confusing: userResponses.confusing,
          missing: userResponses.missing,
          at: userResponses.updatedAt,
          taskId: userResponseTasks.taskId,
          outcome: userResponseTasks.outcome,
          comment: userResponseTasks.comment,
        })
        .from(userResponses)
        .leftJoin(userResponseTasks, and(eq(userResponseTasks.responseId, userResponses.id), inRound(userResponseTasks.roundId), ne(userResponseTasks.comment, "")))
        .where(and(inRound(userResponses.roundId), eq(userResponses.workspaceId, workspaceId_), or(ne(userResponses.confusing, ""), ne(userResponses.missing, ""), sql`${userResponseTasks.taskId} is not null`)))
        .orderBy(asc(userResponses.updatedAt), asc(userResponses.id))
        .prepare("evidence_comments"),
    ).execute(values);

  const users = () =>
    prepared(executor, "evidence.users", (e) =>
      e
        .select({
          contactId: contacts.id,
          name: contacts.name,
          email: contacts.email,
          customerId: customers.id,
          customerName: customers.name,
          customerStatus: customers.status,
          lastLinkAt: sql<Date | null>`(select max(i.created_at) from feedback_invites i where i.round_id = ${roundId_} and i.contact_id = contacts.id)`.mapWith((v) => (v ? new Date(v) : null)),
          emailStatus: sql<EmailState | null>`(select case when e.delivery in ('bounced', 'complained') then 'bounced' else ${emailStateSql} end from email_outbox e join feedback_invites i on i.id = e.subject_id where i.round_id = ${roundId_} and i.contact_id = contacts.id order by e.created_at desc limit 1)`,
          emailNextAttemptAt: sql<Date | null>`(select e.next_attempt_at from email_outbox e join feedback_invites i on i.id = e.subject_id where i.round_id = ${roundId_} and i.contact_id = contacts.id order by e.created_at desc limit 1)`.mapWith((v) => (v ? new Date(v) : null)),
          respondedAt: userResponses.updatedAt,
          responseVersion: userResponses.version,
        })
        .from(contacts)
        .innerJoin(customers, eq(customers.id, contacts.customerId))
        .leftJoin(userResponses, and(eq(userResponses.roundId, roundId_), eq(userResponses.contactId, contacts.id)))
        .where(and(eq(customers.workspaceId, workspaceId_), eq(customers.programId, programId_), eq(contacts.isUser, true), isNull(contacts.removedAt), ne(customers.status, "withdrawn")))
        .orderBy(asc(customers.name), asc(contacts.name))
        .prepare("evidence_users"),
    ).execute(values);

  const [customerRows, taskRows, commentRows, userRows] = await Promise.all([perCustomer(), perTask(), detail ? comments() : [], detail ? users() : []]);
  const responseComments = commentRows
    .filter((r, i) => (r.confusing !== "" || r.missing !== "") && commentRows[i - 1]?.responseId !== r.responseId)
    .map(({ customerId, confusing, missing, at }) => ({ customerId, confusing, missing, at }));
  const perTaskComments = commentRows.flatMap(({ customerId, taskId, outcome, comment }) => (taskId && outcome && comment ? [{ customerId, taskId, outcome, comment }] : []));

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
      verdict: usableVerdict({ responses: c.responses, meanSus: c.meanSus, susSd: c.susSd, completed, attempts }, thresholds),
      tasks: Object.fromEntries(tasks),
      comments: responseComments.filter((r) => r.customerId === c.customerId),
      taskComments: perTaskComments.filter((r) => r.customerId === c.customerId),
    };
  });
  return { customers: byCustomer, users: userRows };
}
