import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { emailOutbox, roundLearnings, rounds, signoffs, themes, themeTags, userResponses } from "#db/schema";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { submitFeedback } from "~/modules/feedback/feedback.server";
import { closeRound } from "~/modules/gates/gates.server";
import { changeTasks, createRound, listTasks, openRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import { setThemeStatus, tagFeedback, untagFeedback } from "~/modules/themes/tagging.server";
import { feedbackItems } from "~/modules/themes/feedback-items.server";
import { customerThemes, learningsAround, openThemes, programThemes, tagChoices } from "~/modules/themes/themes.server";
import { emailProps } from "../support/emails";
import { gatekeeperDecision, origin, programWithOpenRound } from "../support/factories";
import { cookieOf, request, statusOf } from "../support/route-calls";
import { tableFingerprints } from "../support/tables";

/**
 * Themes across customers (issue 16): feedback from the three channels tagged across two rounds,
 * counted by customer and channel, classified, exported; refusals change nothing.
 */

type Program = Awaited<ReturnType<typeof programWithOpenRound>>;
let p: Program;
let round2: string;
let cookie: string;
/** The tagged pieces of feedback, by who gave them. */
let fb: Record<"c0Comment" | "c0Task" | "c1Conditions" | "c2Decline" | "c3Veto" | "c3Note" | "c4Round2", { source: "user_comment" | "task_comment" | "buyer_conditions" | "buyer_decline" | "gatekeeper_veto" | "gatekeeper_note"; sourceId: string; taskId?: string }>;

const sus = Object.fromEntries([4, 2, 4, 2, 4, 2, 4, 2, 4, 2].map((a, n) => [`sus${n + 1}`, a]));
const approve: SignoffInput = { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "Buyer" };

async function links(workspaceId: string, template: string, marker: string) {
  const rows = await db().select({ to: emailOutbox.toAddress, props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, workspaceId), eq(emailOutbox.template, template)));
  return rows.map((r) => ({ to: r.to, token: (r.props as { link: string }).link.split(marker)[1] }));
}

async function answer(roundId: string, userEmail: string, comments: { confusing?: string; missing?: string; task?: string }) {
  const tasks = await listTasks(p.workspaceId, roundId);
  const link = (await links(p.workspaceId, "feedback-invite", "/f/")).filter((l) => l.to === userEmail).at(-1)!;
  const input = { tasks: tasks.map((t) => ({ taskId: t.id, outcome: "completed", comment: comments.task ?? "" })), ...sus, confusing: comments.confusing ?? "", missing: comments.missing ?? "" } as FeedbackInput;
  await submitFeedback({ token: link.token, input, origin });
  const [response] = await db().select({ id: userResponses.id }).from(userResponses).where(and(eq(userResponses.roundId, roundId), sql`${userResponses.contactId} = (select id from contacts where email = ${userEmail} and workspace_id = ${p.workspaceId})`));
  return { responseId: response.id, taskId: tasks[0].id };
}

const countQueries = async (fn: () => Promise<unknown>) => {
  const store = { count: 0 };
  await queryCounter.run(store, fn);
  return store.count;
};

const tag = (item: (typeof fb)[keyof typeof fb], theme: { themeId: string } | { title: string; kind: "problem" | "request" }) =>
  tagFeedback({ actor: p.admin, programId: p.programId, input: { ...item, title: "", ...theme } });

beforeAll(async () => {
  p = await programWithOpenRound();
  cookie = await cookieOf(p.admin);
  const [, c1, c2, c3] = p.customerIds;
  // Users: customer 0 comments and comments on the task (round 1).
  const u0 = await answer(p.roundId, "user.0@customer.test", { confusing: "Could not find bulk edit", task: "=HYPERLINK(\"x\") needed SSO" });
  // Buyers: customer 1 approves with conditions, customer 2 declines with a reason.
  for (const customerId of [c1, c2]) {
    await saveBusinessCase({ actor: p.admin, programId: p.programId, roundId: p.roundId, customerId, input: { problem: "p", valueClaimed: "v", priceTerms: "t", notes: "" } });
    await sendSignoffRequest({ actor: p.admin, programId: p.programId, roundId: p.roundId, customerId });
  }
  for (const { to, token } of await links(p.workspaceId, "signoff-request", "/s/")) {
    await submitSignoff({ token, input: to === "buyer.1@customer.test" ? { ...approve, conditions: "Only with bulk editing of jobs" } : { ...approve, decision: "decline", declineReason: "No bulk edit, no deal", referenceConsent: "no", consentNameLogo: false }, origin });
  }
  const decisions = await db().select({ id: signoffs.id, customerId: signoffs.customerId }).from(signoffs).where(eq(signoffs.workspaceId, p.workspaceId));
  // Gatekeepers: customer 3's vetoes, with a note on a requirement.
  const gk = await gatekeeperDecision({ actor: p.admin, programId: p.programId, roundId: p.roundId, customerId: c3, decision: "veto", vetoReason: "Bulk changes are not audited", notes: [{ requirement: "Audit trail", mark: "blocker", note: "Bulk edits must be logged" }] });
  await closeRound({ actor: p.admin, programId: p.programId, roundId: p.roundId, outcome: "iterate", note: "Bulk edit first." });
  // Round 2: customer 4's user asks again.
  const r2 = await createRound({ actor: p.admin, programId: p.programId, input: { title: "R2", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
  round2 = r2.id;
  await changeTasks({ actor: p.admin, programId: p.programId, roundId: round2, change: { intent: "add-task", instruction: "Edit many", successCriteria: "" } });
  await openRound({ actor: p.admin, programId: p.programId, roundId: round2 });
  const u4 = await answer(round2, "user.4@customer.test", { missing: "Editing many jobs at once" });
  fb = {
    c0Comment: { source: "user_comment", sourceId: u0.responseId },
    c0Task: { source: "task_comment", sourceId: u0.responseId, taskId: u0.taskId },
    c1Conditions: { source: "buyer_conditions", sourceId: decisions.find((d) => d.customerId === c1)!.id },
    c2Decline: { source: "buyer_decline", sourceId: decisions.find((d) => d.customerId === c2)!.id },
    c3Veto: { source: "gatekeeper_veto", sourceId: gk.clearanceId },
    c3Note: { source: "gatekeeper_note", sourceId: gk.markIds[0] },
    c4Round2: { source: "user_comment", sourceId: u4.responseId },
  };
});

describe("tagging feedback with themes", () => {
  it("lists a round's feedback from the three channels, and a customer's across rounds, each with its customer, round and channel", async () => {
    const round1 = await feedbackItems({ workspaceId: p.workspaceId, programId: p.programId, roundId: p.roundId });
    expect(round1.map((i) => [i.source, i.customerName, i.channel, i.roundNumber]).sort()).toEqual(
      [
        ["buyer_conditions", "Customer 1", "buyers", 1],
        ["buyer_decline", "Customer 2", "buyers", 1],
        ["gatekeeper_note", "Customer 3", "gatekeepers", 1],
        ["gatekeeper_veto", "Customer 3", "gatekeepers", 1],
        ["task_comment", "Customer 0", "users", 1],
        ["user_comment", "Customer 0", "users", 1],
      ].sort(),
    );
    expect(round1.find((i) => i.source === "user_comment")).toMatchObject({ person: "User 0", body: "Confusing: Could not find bulk edit" });
    expect(round1.find((i) => i.source === "gatekeeper_note")).toMatchObject({ label: "Note on Audit trail", body: "Bulk edits must be logged" });
    const ofCustomer4 = await feedbackItems({ workspaceId: p.workspaceId, programId: p.programId, customerId: p.customerIds[4] });
    expect(ofCustomer4.map((i) => [i.roundNumber, i.body])).toEqual([[2, "Missing: Editing many jobs at once"]]);
  });

  it("gathers a theme across three channels and two rounds, counted by customer, and keeps one customer's request a special", async () => {
    const bulk = await tag(fb.c0Comment, { title: "Bulk edit", kind: "request" });
    expect(bulk.item).toMatchObject({ customerId: p.customerIds[0], roundId: p.roundId, channel: "users" });
    for (const item of [fb.c1Conditions, fb.c2Decline, fb.c3Note, fb.c3Veto, fb.c4Round2]) await tag(item, { themeId: bulk.themeId });
    await tag(fb.c0Task, { title: "Single sign-on", kind: "problem" });
    const tags = await db().select({ channel: themeTags.channel, roundId: themeTags.roundId, customerId: themeTags.customerId }).from(themeTags).where(eq(themeTags.themeId, bulk.themeId));
    expect(tags).toHaveLength(6);
    expect(tags.filter((t) => t.roundId === round2).map((t) => [t.channel, t.customerId])).toEqual([["users", p.customerIds[4]]]);

    const page = await programThemes(p.workspaceId, p.programId);
    expect(page.activeCustomers).toBe(6);
    expect(page.themes.map((t) => [t.title, t.customers, t.mentions, t.reach])).toEqual([
      ["Bulk edit", 5, 6, "market"],
      ["Single sign-on", 1, 1, "special"],
    ]);
    const [market, special] = page.themes;
    expect(market.channels.users.map((c) => c.name)).toEqual(["Customer 0", "Customer 4"]);
    expect(market.channels.buyers.map((c) => c.name)).toEqual(["Customer 1", "Customer 2"]);
    expect(market.channels.gatekeepers.map((c) => c.name)).toEqual(["Customer 3"]);
    expect(market.rounds).toEqual([1, 2]);
    expect(market.quotes.map((q) => `${q.person}, ${q.customerName}: ${q.body}`)).toContain("Buyer 2, Customer 2: No bulk edit, no deal");
    expect(market.warning).toBeNull();
    expect(special.warning).toBe("Only Customer 0 asked for this: building it wins one contract, not a market.");
    // Planning lists the open themes by customers.
    expect((await openThemes(p.workspaceId, p.programId)).map((t) => [t.title, t.customers, t.customerNames])).toEqual([
      ["Bulk edit", 5, ["Customer 0", "Customer 1", "Customer 2", "Customer 3", "Customer 4"]],
      ["Single sign-on", 1, ["Customer 0"]],
    ]);
  });

  it("reads the themes page in the same number of statements whatever the number of themes and tags", async () => {
    const before = await countQueries(() => programThemes(p.workspaceId, p.programId));
    const extra = await tag(fb.c2Decline, { title: "Price too high", kind: "problem" });
    await tag(fb.c1Conditions, { themeId: extra.themeId });
    expect(await countQueries(() => programThemes(p.workspaceId, p.programId))).toBe(before);
    await untagFeedback({ actor: p.admin, programId: p.programId, tagId: extra.tagId });
    await db().delete(themes).where(eq(themes.id, extra.themeId));
  });

  it("refuses a duplicate tag, a second theme of the same title and another program's ids with a message, changing nothing", async () => {
    const [bulk] = await db().select({ id: themes.id }).from(themes).where(and(eq(themes.programId, p.programId), eq(themes.title, "Bulk edit")));
    const before = await tableFingerprints();
    await expect(tag(fb.c1Conditions, { themeId: bulk.id })).rejects.toThrow("This feedback is already tagged “Bulk edit”. Nothing was changed.");
    await expect(tag(fb.c1Conditions, { title: "bulk EDIT", kind: "request" })).rejects.toThrow("There is already a theme called “bulk EDIT”: choose it from the list.");
    // Another workspace: its program cannot reach this feedback, nor this program its theme.
    const other = await programWithOpenRound();
    await expect(tagFeedback({ actor: other.admin, programId: p.programId, input: { ...fb.c0Comment, themeId: bulk.id, title: "" } })).rejects.toThrow("Program not found");
    await expect(tagFeedback({ actor: other.admin, programId: other.programId, input: { ...fb.c0Comment, title: "Stolen", kind: "problem" } })).rejects.toThrow("That feedback is not in this program");
    const mine = await tag(fb.c4Round2, { title: "Mine", kind: "problem" });
    await expect(tagFeedback({ actor: other.admin, programId: other.programId, input: { ...fb.c0Comment, themeId: mine.themeId, title: "" } })).rejects.toThrow("That feedback is not in this program");
    await untagFeedback({ actor: p.admin, programId: p.programId, tagId: mine.tagId });
    await db().delete(themes).where(eq(themes.id, mine.themeId));
    const after = await tableFingerprints();
    // The other workspace's set-up and the removed theme's audit rows are the only changes elsewhere.
    expect({ ...after, audit_events: "", security_events: "", customers: "", contacts: "", programs: "", rounds: "", round_tasks: "", workspaces: "", members: "", feedback_invites: "", email_outbox: "", notices: "", sessions: "" }).toEqual({
      ...before,
      audit_events: "",
      security_events: "",
      customers: "",
      contacts: "",
      programs: "",
      rounds: "",
      round_tasks: "",
      workspaces: "",
      members: "",
      feedback_invites: "",
      email_outbox: "",
      notices: "",
      sessions: "",
    });
  });

  it("untags: the counts drop, and a second removal of the same tag is refused", async () => {
    const [bulk] = await db().select({ id: themes.id }).from(themes).where(and(eq(themes.programId, p.programId), eq(themes.title, "Bulk edit")));
    const [c4tag] = await db().select({ id: themeTags.id }).from(themeTags).where(and(eq(themeTags.themeId, bulk.id), eq(themeTags.customerId, p.customerIds[4])));
    await untagFeedback({ actor: p.admin, programId: p.programId, tagId: c4tag.id });
    const theme = (await programThemes(p.workspaceId, p.programId)).themes.find((t) => t.id === bulk.id)!;
    expect([theme.customers, theme.mentions, theme.rounds]).toEqual([4, 5, [1]]);
    await expect(untagFeedback({ actor: p.admin, programId: p.programId, tagId: c4tag.id })).rejects.toThrow("That tag is no longer there");
    await tag(fb.c4Round2, { themeId: bulk.id });
  });
});

describe("the themes page over HTTP", () => {
  it("tags without JavaScript: a post-redirect-get back to the feedback's anchor; with a fetcher, the result instead", async () => {
    const body = new URLSearchParams({ intent: "tag", source: "user_comment", sourceId: fb.c4Round2.sourceId, title: "Mobile", kind: "request", returnTo: `/programs/${p.programId}/customers/${p.customerIds[4]}` });
    const answer = (await request(`/programs/${p.programId}/themes`, { method: "POST", headers: { cookie }, body })) as Response;
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(`/programs/${p.programId}/customers/${p.customerIds[4]}#fb-user_comment-${fb.c4Round2.sourceId}`);
    // A return address outside the program is not followed.
    const [mobile] = await db().select({ id: themes.id }).from(themes).where(and(eq(themes.programId, p.programId), eq(themes.title, "Mobile")));
    const elsewhere = (await request(`/programs/${p.programId}/themes`, { method: "POST", headers: { cookie }, body: new URLSearchParams({ intent: "tag", source: "buyer_decline", sourceId: fb.c2Decline.sourceId, themeId: mobile.id, returnTo: "https://evil.example/x" }) })) as Response;
    expect(elsewhere.headers.get("location")).toBe(`/programs/${p.programId}/themes#fb-buyer_decline-${fb.c2Decline.sourceId}`);
    const viaFetcher = await request(`/programs/${p.programId}/themes`, { method: "POST", headers: { cookie }, body: new URLSearchParams({ intent: "tag", source: "buyer_decline", sourceId: fb.c2Decline.sourceId, themeId: mobile.id, fetch: "1", returnTo: "/x" }) });
    expect(statusOf(viaFetcher)).toBe(409);
    expect((viaFetcher as { data: { error: Record<string, string[]> } }).data.error.themeId).toEqual(["This feedback is already tagged “Mobile”. Nothing was changed."]);
  });

  it("sets a status: addressed needs one of the program's rounds, won't do a reason", async () => {
    const [mobile] = await db().select({ id: themes.id }).from(themes).where(and(eq(themes.programId, p.programId), eq(themes.title, "Mobile")));
    const post = (fields: Record<string, string>) => request(`/programs/${p.programId}/themes`, { method: "POST", headers: { cookie }, body: new URLSearchParams({ intent: "set-status", themeId: mobile.id, ...fields }) });
    const noReason = await post({ status: "wont_do", wontDoReason: " " });
    expect(statusOf(noReason)).toBe(400);
    expect((noReason as { data: { error: Record<string, string[]> } }).data.error.wontDoReason).toEqual(["Say why it won't be done: the customers who raised it will ask."]);
    expect(statusOf(await post({ status: "addressed" }))).toBe(400);
    expect(statusOf(await post({ status: "addressed", addressedRoundId: round2 }))).toBe(200);
    const theme = (await programThemes(p.workspaceId, p.programId)).themes.find((t) => t.id === mobile.id)!;
    expect([theme.status, theme.addressedRoundNumber]).toEqual(["addressed", 2]);
    expect((await openThemes(p.workspaceId, p.programId)).map((t) => t.title)).not.toContain("Mobile");
  });

  it("exports the themes as CSV, one row per quote, formulas defused", async () => {
    const answer = (await request(`/programs/${p.programId}/themes.csv`, { headers: { cookie } })) as Response;
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await answer.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("theme,kind,status,reach,customers,customer names,channels,rounds,quote round,quote customer,quote channel,quote person,quote about,quote");
    const bulkRows = lines.filter((l) => l.startsWith("Bulk edit,"));
    expect(bulkRows).toHaveLength(6);
    expect(bulkRows[0]).toMatch(/^Bulk edit,request,open,market,5,Customer 0; Customer 1; Customer 2; Customer 3; Customer 4,users 2; buyers 2; gatekeepers 1,1; 2,/);
    expect(lines).toContain(`Single sign-on,problem,open,special,1,Customer 0,users 1,1,1,Customer 0,users,User 0,Task 1: Try it,"'=HYPERLINK(""x"") needed SSO"`);
    expect(lines.some((l) => l.startsWith("Mobile,request,addressed in round 2,"))).toBe(true);
    // Another workspace's member gets no such program.
    const other = await programWithOpenRound();
    expect(statusOf(await request(`/programs/${p.programId}/themes.csv`, { headers: { cookie: await cookieOf(other.admin) } }))).toBe(404);
  });
});

describe("what was learned", () => {
  it("cites themes when a round closes as iterate, shown with the next round; a foreign theme rolls the close back", async () => {
    const [bulk] = await db().select({ id: themes.id }).from(themes).where(and(eq(themes.programId, p.programId), eq(themes.title, "Bulk edit")));
    const other = await programWithOpenRound();
    const foreign = await tagFeedback({ actor: other.admin, programId: other.programId, input: { source: "user_comment", sourceId: fb.c0Comment.sourceId, title: "x", kind: "problem" } }).catch(() => null);
    expect(foreign).toBeNull();
    const [foreignTheme] = await db()
      .insert(themes)
      .values({ workspaceId: other.workspaceId, programId: other.programId, kind: "problem", title: "Elsewhere", createdById: other.admin.memberId })
      .returning({ id: themes.id });
    await expect(closeRound({ actor: p.admin, programId: p.programId, roundId: round2, outcome: "iterate", note: "n", learnedThemeIds: [bulk.id, foreignTheme.id] })).rejects.toThrow("Cite only this program's themes");
    const [still] = await db().select({ status: rounds.status }).from(rounds).where(eq(rounds.id, round2));
    expect(still.status).toBe("open");
    await closeRound({ actor: p.admin, programId: p.programId, roundId: round2, outcome: "iterate", note: "Bulk edit again.", learnedThemeIds: [bulk.id] });
    expect(await db().select({ themeId: roundLearnings.themeId }).from(roundLearnings).where(eq(roundLearnings.roundId, round2))).toEqual([{ themeId: bulk.id }]);
    const r3 = await createRound({ actor: p.admin, programId: p.programId, input: { title: "R3", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
    const [r3row] = await db().select({ number: rounds.number }).from(rounds).where(eq(rounds.id, r3.id));
    const around = await learningsAround(p.workspaceId, p.programId, r3row.number);
    expect(around.previous.map((t) => t.title)).toEqual(["Bulk edit"]);
    expect((await learningsAround(p.workspaceId, p.programId, 2)).cited.map((t) => t.title)).toEqual(["Bulk edit"]);
  });

  it("the round page shows the same themes, tags, learnings and open themes as the themes' own reads, in one statement", async () => {
    // The round page folds these reads into one statement (roundThemes): compared here with each on its own.
    const roundRows = await db().select({ id: rounds.id, number: rounds.number, status: rounds.status }).from(rounds).where(eq(rounds.programId, p.programId));
    expect(roundRows.map((r) => r.status).sort()).toEqual(["closed", "closed", "draft"]);
    for (const r of roundRows) {
      const page = (await request(`/programs/${p.programId}/rounds/${r.id}`, { headers: { cookie } })) as { feedback: { choices: unknown[]; tags: unknown[] }; learnings: unknown; openThemes: unknown[] };
      const { choices, tags } = await tagChoices(p.workspaceId, p.programId, { roundId: r.id });
      expect(page.feedback.choices).toEqual(choices);
      expect(sortById(page.feedback.tags)).toEqual(sortById(tags));
      expect(page.learnings).toEqual(await learningsAround(p.workspaceId, p.programId, r.number));
      expect(page.openThemes).toEqual(r.status === "closed" ? [] : await openThemes(p.workspaceId, p.programId));
    }
    expect(roundRows.some((r) => r.status === "draft")).toBe(true);
    // The draft round lists open themes, with their customers and reach, and round 2's learning as the previous round's.
    const draft = roundRows.find((r) => r.status === "draft")!;
    const planning = (await request(`/programs/${p.programId}/rounds/${draft.id}`, { headers: { cookie } })) as { openThemes: { title: string }[]; learnings: { previous: { title: string }[] } };
    expect(planning.openThemes.map((t) => t.title)).toContain("Bulk edit");
    expect(planning.learnings.previous.map((t) => t.title)).toEqual(["Bulk edit"]);
    const round1 = (await request(`/programs/${p.programId}/rounds/${p.roundId}`, { headers: { cookie } })) as { feedback: { tags: unknown[] } };
    expect(round1.feedback.tags.length).toBeGreaterThanOrEqual(5);
  });
});

const sortById = <T,>(list: T[]) => [...list].sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)));

describe("the reference dossier", () => {
  it("says which themes its customer raised, through which channel, and how each was addressed", async () => {
    const raised = await customerThemes(p.workspaceId, p.programId, p.customerIds[2]);
    expect(raised.map((t) => [t.title, t.channels, t.status, t.addressedRoundNumber])).toEqual([
      ["Bulk edit", ["buyers"], "open", null],
      ["Mobile", ["buyers"], "addressed", 2],
    ]);
    const answer = (await request(`/programs/${p.programId}/customers/${p.customerIds[2]}/dossier`, { headers: { cookie } })) as { themes: unknown[] };
    expect(answer.themes).toHaveLength(2);
  });
});

describe("the program's specials threshold", () => {
  it("is set on the program form: at 2, a theme two customers raised becomes a special naming both", async () => {
    const mobileOf = async () => (await programThemes(p.workspaceId, p.programId)).themes.find((t) => t.title === "Mobile")!;
    expect([(await mobileOf()).customers, (await mobileOf()).reach]).toEqual([2, "some"]);
    const form = new URLSearchParams({ name: "Dispatch charter", product: "Dispatch Board", valueHypothesis: "Half the time.", targetReferenceable: "6", specialMaxCustomers: "11" });
    expect(statusOf(await request(`/programs/${p.programId}/edit`, { method: "POST", headers: { cookie }, body: form }))).toBe(400);
    form.set("specialMaxCustomers", "2");
    expect(statusOf(await request(`/programs/${p.programId}/edit`, { method: "POST", headers: { cookie }, body: form }))).toBeLessThan(400);
    const mobile = await mobileOf();
    expect(mobile.reach).toBe("special");
    expect(mobile.warning).toBe("Only Customer 2 and Customer 4 asked for this: building it wins 2 contracts, not a market.");
  });
});

describe("the statuses' rules", () => {
  it("refuses a round of another program as the one that addressed a theme", async () => {
    const other = await programWithOpenRound();
    const [bulk] = await db().select({ id: themes.id }).from(themes).where(and(eq(themes.programId, p.programId), eq(themes.title, "Bulk edit")));
    await expect(setThemeStatus({ actor: p.admin, programId: p.programId, input: { themeId: bulk.id, status: "addressed", addressedRoundId: other.roundId, wontDoReason: "" } })).rejects.toThrow("Choose one of this program's rounds.");
  });
});
