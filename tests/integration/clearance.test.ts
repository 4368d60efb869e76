import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { createSession } from "~/modules/auth/session.server";
import { loader as briefPage } from "~/routes/tech-brief";
import { auditEvents, clearanceLinks, clearanceMarks, clearanceRequests, clearances, closeReminders, emailOutbox, notices, techBriefVersions } from "#db/schema";
import { saveTechBrief } from "~/modules/clearance/brief.server";
import type { ClearanceInput } from "~/modules/clearance/clearance.schema";
import { loadClearancePage, submitClearance } from "~/modules/clearance/gatekeeper.server";
import { remindGatekeeper, sendClearanceCloseReminders, sendDueClearanceReminders } from "~/modules/clearance/reminders.server";
import { revokeClearanceRequest, sendClearanceRequest } from "~/modules/clearance/requests.server";
import { addRequirement, listRequirements, moveRequirement, removeRequirement } from "~/modules/clearance/requirements.server";
import { clearanceStates } from "~/modules/clearance/states.server";
import { addContact } from "~/modules/customers/customers.server";
import { loadFeedbackPage } from "~/modules/feedback/feedback.server";
import { getRound, updateRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { loadSignoffPage } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { clock } from "~/utils/clock.server";
import { emailProps } from "../support/emails";
import { addMember, contactInput, origin, programWithOpenRound, rowCount } from "../support/factories";

/**
 * The gatekeeper's channel (PRODUCT.md, "The gatekeeper's review"): requirements, the versioned
 * brief, the emailed link and its one decision, the re-ask on an edit, reminders, and the PM's
 * per-customer state.
 */

const DAY = 24 * 60 * 60 * 1000;

/** An open program whose first customer has a gatekeeper, two requirements and a saved brief. */
async function reviewedProgram() {
  const ws = await programWithOpenRound();
  const customerId = ws.customerIds[0];
  const ids = { programId: ws.programId, customerId };
  await addContact({ actor: ws.admin, programId: ws.programId, customerId, input: contactInput("Gate Keeper", { isGatekeeper: true }) });
  await addRequirement({ actor: ws.admin, programId: ws.programId, input: { title: "SAML single sign-on", need: "Okta" } });
  await addRequirement({ actor: ws.admin, programId: ws.programId, input: { title: "Data stays in the EU", need: "" } });
  const requirements = await listRequirements(ws.workspaceId, ws.programId);
  const brief = (answers: string[], notes = "") => ({ answers: requirements.map((r, i) => ({ requirementId: r.id, answer: answers[i] })), notes });
  await saveTechBrief({ actor: ws.admin, ...ids, input: brief(["Planned for Q3", "Frankfurt region"]) });
  return { ...ws, customerId, ids, requirements, brief };
}

/** The newest /g/ link emailed to an address. */
async function latestToken(workspaceId: string, to = "gate.keeper@customer.test") {
  const rows = await db()
    .select({ props: emailProps })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, workspaceId), eq(emailOutbox.toAddress, to), eq(emailOutbox.template, "clearance-request")))
    .orderBy(desc(emailOutbox.createdAt));
  return (rows[0].props as { link: string }).link.split("/g/")[1];
}

const review = (requirements: { id: string }[], decision: ClearanceInput["decision"], extra: Partial<ClearanceInput> = {}): ClearanceInput => ({
  marks: requirements.map((r, i) => ({ requirementId: r.id, mark: decision === "veto" && i === 0 ? "blocker" : "met", note: "" })),
  decision,
  conditions: decision === "cleared_with_conditions" ? "SSO before go-live" : "",
  vetoReason: decision === "veto" ? "No SAML support" : "",
  signatureName: "Gate Keeper",
  ...extra,
});

const clearanceTables = async () => JSON.stringify([await db().select().from(clearances), await db().select().from(clearanceMarks), await db().select().from(clearanceRequests).orderBy(clearanceRequests.id), await db().select().from(clearanceLinks).orderBy(clearanceLinks.id)]);

describe("requirements", () => {
  it("are added, reordered and removed; viewers change nothing", async () => {
    const ws = await reviewedProgram();
    const [first, second] = ws.requirements;
    expect((await moveRequirement({ actor: ws.admin, programId: ws.programId, requirementId: second.id, direction: "up" })).moved).toBe(true);
    expect((await listRequirements(ws.workspaceId, ws.programId)).map((r) => r.title)).toEqual(["Data stays in the EU", "SAML single sign-on"]);
    expect((await moveRequirement({ actor: ws.admin, programId: ws.programId, requirementId: second.id, direction: "up" })).moved).toBe(false);
    await removeRequirement({ actor: ws.admin, programId: ws.programId, requirementId: first.id });
    expect((await listRequirements(ws.workspaceId, ws.programId)).map((r) => r.title)).toEqual(["Data stays in the EU"]);
    const viewer = await addMember(ws.workspaceId, "viewer");
    await expect(addRequirement({ actor: viewer, programId: ws.programId, input: { title: "X", need: "" } })).rejects.toMatchObject({ status: 403 });
  });
});

describe("sending and the gatekeeper's link", () => {
  it("sends request, hashed link and email in one go; GET records nothing but one 'opened'", async () => {
    const ws = await reviewedProgram();
    expect((await clearanceStates({ workspaceId: ws.workspaceId, programId: ws.programId })).find((s) => s.customerId === ws.customerId)?.state).toBe("not_sent");
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    const token = await latestToken(ws.workspaceId);
    const [link] = await db().select({ tokenHash: clearanceLinks.tokenHash }).from(clearanceLinks).where(eq(clearanceLinks.workspaceId, ws.workspaceId));
    expect(link.tokenHash).not.toContain(token);
    expect((await clearanceStates({ workspaceId: ws.workspaceId, programId: ws.programId })).find((s) => s.customerId === ws.customerId)?.state).toBe("sent");
    const before = await clearanceTables();
    // Parallel first openings (a mail scanner and the person) still record one "opened".
    expect((await Promise.all(Array.from({ length: 5 }, () => loadClearancePage(token, origin)))).map((p) => p.state)).toEqual(Array(5).fill("ok"));
    for (let i = 0; i < 3; i++) expect((await loadClearancePage(token, origin)).state).toBe("ok");
    expect(await clearanceTables()).toEqual(before);
    expect(await rowCount(auditEvents, and(eq(auditEvents.action, "clearance.opened"), eq(auditEvents.workspaceId, ws.workspaceId)))).toBe(1);
    const [opened] = await db().select({ actorType: auditEvents.actorType }).from(auditEvents).where(and(eq(auditEvents.action, "clearance.opened"), eq(auditEvents.workspaceId, ws.workspaceId)));
    expect(opened.actorType).toBe("gatekeeper");
    expect((await clearanceStates({ workspaceId: ws.workspaceId, programId: ws.programId })).find((s) => s.customerId === ws.customerId)?.state).toBe("opened");
  });

  it("records exactly one decision from twenty parallel posts, with receipt, notice and audit once", async () => {
    const ws = await reviewedProgram();
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    const token = await latestToken(ws.workspaceId);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => submitClearance({ token, input: review(ws.requirements, i % 2 ? "cleared" : "veto"), origin })));
    expect(results.filter((r) => r.status === "recorded")).toHaveLength(1);
    const first = results.find((r) => r.status === "recorded")!;
    for (const r of results.filter((r) => r.status === "already")) expect(r.decidedAt.getTime()).toBe(first.decidedAt.getTime());
    expect(await rowCount(clearances, eq(clearances.workspaceId, ws.workspaceId))).toBe(1);
    expect(await rowCount(clearanceMarks, eq(clearanceMarks.workspaceId, ws.workspaceId))).toBe(2);
    const [row] = await db().select({ decision: clearances.decision, ip: clearances.ip, userAgent: clearances.userAgent }).from(clearances).where(eq(clearances.workspaceId, ws.workspaceId));
    expect(row).toMatchObject({ ip: "127.0.0.1", userAgent: "vitest" });
    expect(await rowCount(auditEvents, and(eq(auditEvents.workspaceId, ws.workspaceId), eq(auditEvents.action, `clearance.${row.decision}`), eq(auditEvents.actorType, "gatekeeper")))).toBe(1);
    expect(await rowCount(emailOutbox, and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "clearance-receipt")))).toBe(1);
    expect(await rowCount(notices, and(eq(notices.workspaceId, ws.workspaceId), eq(notices.kind, "clearance_decided")))).toBe(1);
    expect((await loadClearancePage(token, origin)).state).toBe("decided");
    expect((await clearanceStates({ workspaceId: ws.workspaceId, programId: ws.programId })).find((s) => s.customerId === ws.customerId)?.state).toBe(row.decision);
  });

  it("refuses a veto without a reason and marks that do not match the brief, recording nothing", async () => {
    const ws = await reviewedProgram();
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    const token = await latestToken(ws.workspaceId);
    await expect(submitClearance({ token, input: { ...review(ws.requirements, "cleared"), marks: review(ws.requirements, "cleared").marks.slice(1) }, origin })).rejects.toMatchObject({ code: "invalid" });
    expect(await rowCount(clearances, eq(clearances.workspaceId, ws.workspaceId))).toBe(0);
  });

  it("never opens across channels: /s/ and /f/ tokens on /g/, a /g/ token on /s/ and /f/", async () => {
    const ws = await reviewedProgram();
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    await saveBusinessCase({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId: ws.customerId, input: { problem: "p", valueClaimed: "v", priceTerms: "t", notes: "" } });
    await sendSignoffRequest({ actor: ws.admin, programId: ws.programId, roundId: ws.roundId, customerId: ws.customerId });
    const linkOf = async (template: string, marker: string) =>
      ((await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, template))))[0].props as { link: string }).link.split(marker)[1];
    const gate = await latestToken(ws.workspaceId);
    const buyer = await linkOf("signoff-request", "/s/");
    const user = await linkOf("feedback-invite", "/f/");
    expect((await loadClearancePage(buyer, origin)).state).toBe("unknown");
    expect((await loadClearancePage(user, origin)).state).toBe("unknown");
    await expect(submitClearance({ token: buyer, input: review(ws.requirements, "cleared"), origin })).rejects.toMatchObject({ code: "not_found" });
    expect((await loadSignoffPage(gate, origin)).state).toBe("unknown");
    expect((await loadFeedbackPage(gate)).state).toBe("unknown");
    expect(await rowCount(clearances, eq(clearances.workspaceId, ws.workspaceId))).toBe(0);
  });

  it("says expired after 30 days, revoked after a withdrawal, and records nothing", async () => {
    const ws = await reviewedProgram();
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    const token = await latestToken(ws.workspaceId);
    await revokeClearanceRequest({ actor: ws.admin, ...ws.ids });
    expect((await loadClearancePage(token, origin)).state).toBe("superseded");
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    const second = await latestToken(ws.workspaceId);
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    // A re-send replaces the link.
    expect((await loadClearancePage(second, origin)).state).toBe("revoked");
    const third = await latestToken(ws.workspaceId);
    clock.now = () => new Date(Date.now() + 31 * DAY);
    expect((await loadClearancePage(third, origin)).state).toBe("expired");
    await expect(submitClearance({ token: third, input: review(ws.requirements, "cleared"), origin })).rejects.toMatchObject({ code: "not_found" });
    expect(await rowCount(clearances, eq(clearances.workspaceId, ws.workspaceId))).toBe(0);
  });
});

describe("editing the brief", () => {
  it("after a veto supersedes the request and asks again at once, with what changed", async () => {
    const ws = await reviewedProgram();
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    const vetoed = await latestToken(ws.workspaceId);
    await submitClearance({ token: vetoed, input: review(ws.requirements, "veto"), origin });
    const saved = await saveTechBrief({ actor: ws.admin, ...ws.ids, input: ws.brief(["SAML with Okta and Azure AD, shipped", "Frankfurt region"]) });
    expect(saved).toMatchObject({ version: 2, changed: true, reRequested: true });
    expect((await loadClearancePage(vetoed, origin)).state).toBe("superseded");
    const [email] = await db()
      .select({ props: emailProps })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "clearance-request")))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(1);
    expect(email.props).toMatchObject({ kind: "updated", briefVersion: 2, changes: ["SAML single sign-on: answer changed"] });
    const again = await latestToken(ws.workspaceId);
    const page = await loadClearancePage(again, origin);
    expect(page).toMatchObject({ state: "ok", brief: { version: 2 }, previous: { version: 1, decision: "veto" } });
    await submitClearance({ token: again, input: review(ws.requirements, "cleared"), origin });
    const state = (await clearanceStates({ workspaceId: ws.workspaceId, programId: ws.programId })).find((s) => s.customerId === ws.customerId)!;
    expect(state).toMatchObject({ state: "cleared", cleared: true });
    expect(state.standing?.version).toBe(2);
  });

  it("that ends a clearance needs the tick naming the gatekeeper, and changes nothing without it", async () => {
    const ws = await reviewedProgram();
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    await submitClearance({ token: await latestToken(ws.workspaceId), input: review(ws.requirements, "cleared_with_conditions"), origin });
    const before = await rowCount(techBriefVersions, eq(techBriefVersions.workspaceId, ws.workspaceId));
    await expect(saveTechBrief({ actor: ws.admin, ...ws.ids, input: ws.brief(["Shipped", "Frankfurt"]) })).rejects.toMatchObject({ field: "endClearance", message: expect.stringContaining("Gate Keeper") });
    expect(await rowCount(techBriefVersions, eq(techBriefVersions.workspaceId, ws.workspaceId))).toBe(before);
    expect(await saveTechBrief({ actor: ws.admin, ...ws.ids, input: ws.brief(["Shipped", "Frankfurt"]), endClearance: true })).toMatchObject({ version: 2, reRequested: true });
    const state = (await clearanceStates({ workspaceId: ws.workspaceId, programId: ws.programId })).find((s) => s.customerId === ws.customerId)!;
    expect(state).toMatchObject({ state: "sent", cleared: false });
  });

  it("refuses answers that do not match the program's requirements", async () => {
    const ws = await reviewedProgram();
    await addRequirement({ actor: ws.admin, programId: ws.programId, input: { title: "Exports to our ERP", need: "" } });
    await expect(saveTechBrief({ actor: ws.admin, ...ws.ids, input: ws.brief(["a", "b"]) })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("reminders", () => {
  const reminders = (workspaceId: string) => rowCount(emailOutbox, and(eq(emailOutbox.workspaceId, workspaceId), eq(emailOutbox.template, "clearance-request"), eq(emailOutbox.toAddress, "gate.keeper@customer.test")));

  it("go on the buyers' schedule without a close date: 3 days, then every 2, at most 3, never after a decision", async () => {
    const start = Date.now();
    const at = (days: number) => (clock.now = () => new Date(start + days * DAY));
    const ws = await reviewedProgram();
    at(0);
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    expect(await reminders(ws.workspaceId)).toBe(1);
    at(2.9);
    await sendDueClearanceReminders();
    expect(await reminders(ws.workspaceId)).toBe(1);
    at(3.01);
    await sendDueClearanceReminders();
    await sendDueClearanceReminders();
    expect(await reminders(ws.workspaceId)).toBe(2);
    at(5.1);
    await sendDueClearanceReminders();
    at(7.2);
    await sendDueClearanceReminders();
    at(9.3);
    await sendDueClearanceReminders();
    expect(await reminders(ws.workspaceId)).toBe(4);
    await expect(remindGatekeeper({ actor: ws.admin, ...ws.ids })).rejects.toMatchObject({ code: "conflict" });
    // Every reminder's link works, and one decision ends them.
    await submitClearance({ token: await latestToken(ws.workspaceId), input: review(ws.requirements, "cleared"), origin });
    expect(await rowCount(clearances, eq(clearances.workspaceId, ws.workspaceId))).toBe(1);
  });

  it("with a planned close date go 3 days and 1 day before it, once per slot", async () => {
    const at = (iso: string) => {
      const t = Date.parse(iso);
      clock.now = () => new Date(t);
    };
    at("2028-05-01T10:00:00Z");
    const ws = await reviewedProgram();
    const round = await getRound(ws.workspaceId, ws.programId, ws.roundId);
    await updateRound({
      actor: ws.admin,
      programId: ws.programId,
      roundId: ws.roundId,
      input: { title: round.title, prototypeUrl: round.prototypeUrl, version: round.version, testerNotes: round.testerNotes, minResponses: round.minResponses, minSus: round.minSus, minTaskCompletionPct: round.minTaskCompletion * 100, closesOn: "2028-05-20" },
    });
    await sendClearanceRequest({ actor: ws.admin, ...ws.ids });
    at("2028-05-05T10:00:00Z");
    // A request in a round with a date waits for the slots before the close.
    await sendDueClearanceReminders();
    expect(await reminders(ws.workspaceId)).toBe(1);
    at("2028-05-17T12:00:00Z");
    await Promise.all([sendClearanceCloseReminders(), sendClearanceCloseReminders()]);
    expect(await reminders(ws.workspaceId)).toBe(2);
    at("2028-05-19T12:00:00Z");
    await sendClearanceCloseReminders();
    await sendClearanceCloseReminders();
    expect(await reminders(ws.workspaceId)).toBe(3);
    expect(await rowCount(closeReminders, and(eq(closeReminders.roundId, ws.roundId), eq(closeReminders.channel, "clearance")))).toBe(2);
  });
});

describe("the brief page", () => {
  it("runs as many queries with one version as with many versions, reviews and customers asked", async () => {
    const pageQueries = async (ws: Awaited<ReturnType<typeof reviewedProgram>>) => {
      const cookie = (await createSession({ id: ws.admin.memberId, workspaceId: ws.workspaceId }, origin)).split(";")[0];
      const request = new Request(`http://charter.test/programs/${ws.programId}/customers/${ws.customerId}/brief`, { headers: { cookie } });
      const store = { count: 0 };
      await queryCounter.run(store, () => briefPage({ request, params: { programId: ws.programId, customerId: ws.customerId }, context: { clientIp: "127.0.0.1" } }));
      return store.count;
    };
    const small = await reviewedProgram();
    const large = await reviewedProgram();
    await sendClearanceRequest({ actor: large.admin, ...large.ids });
    for (let v = 0; v < 5; v++) {
      await submitClearance({ token: await latestToken(large.workspaceId), input: review(large.requirements, "veto"), origin });
      await saveTechBrief({ actor: large.admin, ...large.ids, input: large.brief([`Answer ${v}`, "Frankfurt"]) });
    }
    expect(await pageQueries(large)).toBe(await pageQueries(small));
  });
});
