import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { auditEvents, customers } from "#db/schema";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { loadFeedbackPage, submitFeedback } from "~/modules/feedback/feedback.server";
import { listTasks } from "~/modules/rounds/rounds.server";
import { AUDIT_PAGE_SIZE } from "~/modules/audit/audit-filters";
import { addMember, origin, programWithOpenRound } from "../support/factories";
import { emailProps } from "../support/emails";
import { emailOutbox } from "#db/schema";
import { cookieOf, request, statusOf } from "../support/route-calls";

/** The audit log paged through to its first event and exported as CSV; a round's responses as CSV. */

let p: Awaited<ReturnType<typeof programWithOpenRound>>;
let cookie: string;
let viewerCookie: string;

type AuditPage = { log: { events: { id: number; action: string }[]; older: number | null; newer: number | null } };

beforeAll(async () => {
  p = await programWithOpenRound();
  cookie = await cookieOf(p.admin);
  viewerCookie = await cookieOf(await addMember(p.workspaceId, "viewer"));
  // A long trail: 260 reminders on the program's first customer, and the set-up's own events.
  await db().insert(auditEvents).values(
    Array.from({ length: 260 }, (_, i) => ({ workspaceId: p.workspaceId, actorType: "member" as const, actorMemberId: p.admin.memberId, action: i % 2 ? "feedback.reminded" : "signoff.reminded", programId: p.programId, customerId: p.customerIds[0], roundId: p.roundId, details: { n: i }, ip: "=cmd|' /C calc'!A0" })),
  );
});

const auditPage = async (query = "", who = cookie) => (await request(`/programs/${p.programId}/audit${query}`, { headers: { cookie: who } })) as AuditPage;

async function countQueries(fn: () => Promise<unknown>) {
  const store = { count: 0 };
  await queryCounter.run(store, fn);
  return store.count;
}

describe("the audit log", () => {
  it("pages through every event, older and back newer, the same few queries on every page", async () => {
    const all = (await db().select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.programId, p.programId)).orderBy(desc(auditEvents.id))).map((e) => e.id);
    expect(all.length).toBeGreaterThan(2 * AUDIT_PAGE_SIZE);
    const seen: number[] = [];
    const pages: AuditPage[] = [];
    let query = "";
    for (;;) {
      const page = await auditPage(query);
      pages.push(page);
      seen.push(...page.log.events.map((e) => e.id));
      if (page.log.older === null) break;
      query = `?before=${page.log.older}`;
    }
    expect(seen).toEqual(all);
    expect(pages[0].log.newer).toBeNull();
    // Back from the last page, newer and newer, to the first page's events.
    let back = pages.at(-1)!;
    for (let i = pages.length - 2; i >= 0; i--) {
      back = await auditPage(`?after=${back.log.newer}`);
      expect(back.log.events.map((e) => e.id)).toEqual(pages[i].log.events.map((e) => e.id));
    }
    const first = await countQueries(() => auditPage());
    const deep = await countQueries(() => auditPage(`?before=${pages.at(-1)!.log.events[0].id}`));
    expect(deep).toBe(first);
    // The session, the program and the page's four queries.
    expect(first).toBeLessThanOrEqual(8);
  });

  it("pages with its filters, and ignores a malformed cursor", async () => {
    const page = await auditPage("?action=feedback.reminded");
    expect(page.log.events).toHaveLength(AUDIT_PAGE_SIZE);
    expect(new Set(page.log.events.map((e) => e.action))).toEqual(new Set(["feedback.reminded"]));
    const next = await auditPage(`?action=feedback.reminded&before=${page.log.older}`);
    expect(next.log.events).toHaveLength(30);
    expect(next.log.older).toBeNull();
    expect((await auditPage("?before=1e3")).log.events[0].id).toBe((await auditPage()).log.events[0].id);
  });

  it("exports the filtered view as CSV, every event, formulas defused, for a viewer too", async () => {
    const response = (await request(`/programs/${p.programId}/audit.csv?action=signoff.reminded&customer=${p.customerIds[0]}`, { headers: { cookie: viewerCookie } })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("event_id,at,action,event,actor_type,actor,customer,round,ip,user_agent,details");
    expect(lines).toHaveLength(131);
    expect(lines[1]).toMatch(/^\d+,\d{4}-\d\d-\d\dT[\d:.]+Z,signoff\.reminded,Sign-off reminder sent,member,Ada Admin,Customer 0,1,'=cmd\|' \/C calc'!A0,,"\{""n"":258\}"$/);
    const other = await programWithOpenRound();
    expect(statusOf(await request(`/programs/${other.programId}/audit.csv`, { headers: { cookie } }))).toBe(404);
    expect(statusOf(await request(`/programs/${p.programId}/audit.csv`))).toBe(302);
  });
});

describe("a round's responses as CSV", () => {
  it("has one row per user who answered, attributed, with every task outcome and SUS item", async () => {
    await db().update(customers).set({ name: "@Evil Corp" }).where(eq(customers.id, p.customerIds[1]));
    const tasks = await listTasks(p.workspaceId, p.roundId);
    const links = await db().select({ to: emailOutbox.toAddress, props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, p.workspaceId), eq(emailOutbox.template, "feedback-invite")));
    const answer = async (email: string, outcome: FeedbackInput["tasks"][number]["outcome"], sus: number[], comment: string) => {
      const token = (links.find((l) => l.to === email)!.props as { link: string }).link.split("/f/")[1];
      expect((await loadFeedbackPage(token)).state).toBe("ok");
      await submitFeedback({ token, origin, input: { tasks: tasks.map((t) => ({ taskId: t.id, outcome, comment })), ...Object.fromEntries(sus.map((a, i) => [`sus${i + 1}`, a])), confusing: "The map, \"mostly\"", missing: "" } as FeedbackInput });
    };
    await answer("user.0@customer.test", "completed", [5, 1, 5, 1, 5, 1, 5, 1, 5, 1], "Easy");
    await answer("user.1@customer.test", "completed_with_help", [3, 2, 4, 2, 3, 3, 4, 2, 3, 1], "=HYPERLINK(\"http://evil\")");
    const response = (await request(`/programs/${p.programId}/rounds/${p.roundId}/responses.csv`, { headers: { cookie: viewerCookie } })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="round-1-responses.csv"');
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("round,customer,user_name,user_email,submitted_at,updated_at,version,task_1_outcome,task_1_comment,sus_1,sus_2,sus_3,sus_4,sus_5,sus_6,sus_7,sus_8,sus_9,sus_10,sus_score,confusing,missing");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^1,'@Evil Corp,User 1,user\.1@customer\.test,[^,]+,[^,]+,1,completed_with_help,"'=HYPERLINK\(""http:\/\/evil""\)",3,2,4,2,3,3,4,2,3,1,67\.5,"The map, ""mostly""",$/);
    expect(lines[2]).toMatch(/^1,Customer 0,User 0,user\.0@customer\.test,[^,]+,[^,]+,1,completed,Easy,5,1,5,1,5,1,5,1,5,1,100,"The map, ""mostly""",$/);
    const other = await programWithOpenRound();
    expect(statusOf(await request(`/programs/${other.programId}/rounds/${p.roundId}/responses.csv`, { headers: { cookie } }))).toBe(404);
    expect(statusOf(await request(`/programs/${p.programId}/rounds/${other.roundId}/responses.csv`, { headers: { cookie } }))).toBe(404);
  });
});
