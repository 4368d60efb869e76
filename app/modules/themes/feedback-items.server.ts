import { sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "#db/client";

import type { FeedbackChannel, FeedbackSource } from "./feedback-items";

export type FeedbackItem = {
  source: FeedbackSource;
  sourceId: string;
  taskId: string | null;
  roundId: string | null;
  roundNumber: number | null;
  customerId: string;
  customerName: string;
  person: string;
  channel: FeedbackChannel;
  label: string;
  body: string;
  at: Date;
};

/**
 * Every taggable piece of feedback of the three channels as one relation: users' comments and task
 * comments, buyers' conditions and decline reasons, gatekeepers' conditions, veto reasons and
 * requirement notes. Filters on the outer query reach each branch (PostgreSQL pushes them down).
 */
const FEEDBACK_ITEMS = sql`(
  select 'user_comment'::text as source, r.id as source_id, null::uuid as task_id, r.workspace_id, ro.program_id, r.round_id, ro.number as round_number,
    r.customer_id, cu.name as customer_name, co.name as person, 'users'::text as channel, 'Comment'::text as label,
    concat_ws(E'\n', case when r.confusing <> '' then 'Confusing: ' || r.confusing end, case when r.missing <> '' then 'Missing: ' || r.missing end) as body, r.updated_at as at
  from user_responses r join rounds ro on ro.id = r.round_id join customers cu on cu.id = r.customer_id join contacts co on co.id = r.contact_id
  where r.confusing <> '' or r.missing <> ''
  union all
  select 'task_comment', r.id, t.task_id, r.workspace_id, ro.program_id, r.round_id, ro.number, r.customer_id, cu.name, co.name, 'users', 'Task ' || rt.position || ': ' || rt.instruction, t.comment, r.updated_at
  from user_response_tasks t join user_responses r on r.id = t.response_id join round_tasks rt on rt.id = t.task_id join rounds ro on ro.id = r.round_id
    join customers cu on cu.id = r.customer_id join contacts co on co.id = r.contact_id
  where t.comment <> ''
  union all
  select 'buyer_conditions', s.id, null, s.workspace_id, ro.program_id, s.round_id, ro.number, s.customer_id, cu.name, co.name, 'buyers', 'Conditions', s.conditions, s.decided_at
  from signoffs s join rounds ro on ro.id = s.round_id join customers cu on cu.id = s.customer_id join contacts co on co.id = s.contact_id
  where s.conditions <> ''
  union all
  select 'buyer_decline', s.id, null, s.workspace_id, ro.program_id, s.round_id, ro.number, s.customer_id, cu.name, co.name, 'buyers', 'Why they declined', s.decline_reason, s.decided_at
  from signoffs s join rounds ro on ro.id = s.round_id join customers cu on cu.id = s.customer_id join contacts co on co.id = s.contact_id
  where s.decision = 'decline' and coalesce(s.decline_reason, '') <> ''
  union all
  select 'gatekeeper_conditions', c.id, null, c.workspace_id, c.program_id, c.round_id, ro.number, c.customer_id, cu.name, co.name, 'gatekeepers', 'Conditions', c.conditions, c.decided_at
  from clearances c left join rounds ro on ro.id = c.round_id join customers cu on cu.id = c.customer_id join contacts co on co.id = c.contact_id
  where c.conditions <> ''
  union all
  select 'gatekeeper_veto', c.id, null, c.workspace_id, c.program_id, c.round_id, ro.number, c.customer_id, cu.name, co.name, 'gatekeepers', 'Why they vetoed', c.veto_reason, c.decided_at
  from clearances c left join rounds ro on ro.id = c.round_id join customers cu on cu.id = c.customer_id join contacts co on co.id = c.contact_id
  where c.decision = 'veto' and coalesce(c.veto_reason, '') <> ''
  union all
  select 'gatekeeper_note', m.id, null, m.workspace_id, c.program_id, c.round_id, ro.number, c.customer_id, cu.name, co.name, 'gatekeepers', 'Note on ' || tr.title, m.note, c.decided_at
  from clearance_marks m join clearances c on c.id = m.clearance_id join tech_requirements tr on tr.id = m.requirement_id left join rounds ro on ro.id = c.round_id
    join customers cu on cu.id = c.customer_id join contacts co on co.id = c.contact_id
  where m.note <> ''
)`;

type Row = {
  source: FeedbackSource;
  source_id: string;
  task_id: string | null;
  round_id: string | null;
  round_number: number | string | null;
  customer_id: string;
  customer_name: string;
  person: string;
  channel: FeedbackChannel;
  label: string;
  body: string;
  at: Date | string;
};

/** Rows of a raw statement, on both engines (postgres.js answers an array, PGlite an object with rows). */
export async function rowsOf<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const toItem = (r: Row): FeedbackItem => ({
  source: r.source,
  sourceId: r.source_id,
  taskId: r.task_id,
  roundId: r.round_id,
  roundNumber: r.round_number === null ? null : Number(r.round_number),
  customerId: r.customer_id,
  customerName: r.customer_name,
  person: r.person,
  channel: r.channel,
  label: r.label,
  body: r.body,
  at: new Date(r.at),
});

/** A program's feedback, in one statement: of one round, of one customer, or one item. */
export async function feedbackItems(
  filter: { workspaceId: string; programId: string; roundId?: string; customerId?: string; item?: { source: FeedbackSource; sourceId: string; taskId: string | null } },
  executor: Executor = db(),
): Promise<FeedbackItem[]> {
  const where = [sql`f.workspace_id = ${filter.workspaceId}`, sql`f.program_id = ${filter.programId}`];
  if (filter.roundId) where.push(sql`f.round_id = ${filter.roundId}`);
  if (filter.customerId) where.push(sql`f.customer_id = ${filter.customerId}`);
  if (filter.item) where.push(sql`f.source = ${filter.item.source} and f.source_id = ${filter.item.sourceId} and f.task_id is not distinct from ${filter.item.taskId}::uuid`);
  const rows = await rowsOf<Row>(
    executor,
    sql`select f.source, f.source_id, f.task_id, f.round_id, f.round_number, f.customer_id, f.customer_name, f.person, f.channel, f.label, f.body, f.at
        from ${FEEDBACK_ITEMS} f where ${sql.join(where, sql` and `)}
        order by f.round_number desc nulls last, f.customer_name, f.channel, f.person, f.label`,
  );
  return rows.map(toItem);
}

/** The tagged feedback behind a program's themes (the quotes), in one statement. */
export async function taggedQuotes(workspaceId: string, programId: string, executor: Executor = db()) {
  const rows = await rowsOf<Row & { tag_id: string; theme_id: string }>(
    executor,
    sql`select g.id as tag_id, g.theme_id, f.source, f.source_id, f.task_id, f.round_id, f.round_number, f.customer_id, f.customer_name, f.person, f.channel, f.label, f.body, f.at
        from theme_tags g join themes th on th.id = g.theme_id
        join ${FEEDBACK_ITEMS} f on f.source = g.source::text and f.source_id = g.source_id and f.task_id is not distinct from g.task_id
        where g.workspace_id = ${workspaceId} and th.program_id = ${programId} and f.workspace_id = ${workspaceId} and f.program_id = ${programId}
        order by f.round_number nulls first, f.customer_name, f.person`,
  );
  return rows.map((r) => ({ ...toItem(r), tagId: r.tag_id, themeId: r.theme_id }));
}
