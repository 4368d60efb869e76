import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { auditEvents, customerGoLives, emailOutbox, programs } from "#db/schema";
import { createSession } from "~/modules/auth/session.server";
import { changeCustomerStatus } from "~/modules/customers/customers.server";
import { customerTimeline } from "~/modules/customers/timeline.server";
import { programEvidenceJson, readinessCsv, READINESS_COLUMNS } from "~/modules/gates/exports.server";
import { markLaunched } from "~/modules/gates/readiness.server";
import { customerGoLive, markLiveToday, saveGoLive } from "~/modules/golive/golive.server";
import type { GoLiveInput } from "~/modules/golive/golive.schema";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import { action as customerAction, loader as customerLoader } from "~/routes/customer";
import { loader as programLoader } from "~/routes/program";
import { clock } from "~/utils/clock.server";
import { emailProps } from "../support/emails";
import { addMember, newWorkspace, origin, programWithOpenRound, rowCount } from "../support/factories";
import { caseInput, referenceableProgram } from "../support/referenceable";
import { tableFingerprints } from "../support/tables";

/** Live at launch (PRODUCT.md): the go-live plan and agreement per customer, readiness's "live", the launch warning. */

type Program = Awaited<ReturnType<typeof referenceableProgram>>;
let p: Program;
const context = { clientIp: "127.0.0.1" };
const empty: GoLiveInput = { plannedOn: null, liveOn: null, agreementPlan: "", agreementSeats: null, agreementAmount: null, agreementCurrency: null, agreementSignedOn: null };
const approve: SignoffInput = { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "Buyer" };
const at = (day: string) => () => new Date(`${day}T10:00:00Z`);

beforeAll(async () => {
  p = await referenceableProgram();
}, 120_000);

async function cookieOf(actor: { memberId: string; workspaceId: string }) {
  return (await createSession({ id: actor.memberId, workspaceId: actor.workspaceId }, origin)).split(";")[0];
}

/** Posts the customer page's form as a person would, and returns the answer's status and field messages. */
async function post(cookie: string, programId: string, customerId: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields);
  const request = new Request(`http://charter.test/programs/${programId}/customers/${customerId}`, { method: "POST", body, headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
  try {
    const result = (await customerAction({ request, params: { programId, customerId }, context })) as { data: { error?: Record<string, string[]> | null }; init: { status: number } };
    return { status: result.init.status, errors: result.data.error ?? null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, errors: null };
    throw thrown;
  }
}

const goLiveRow = async (customerId: string) => (await db().select().from(customerGoLives).where(eq(customerGoLives.customerId, customerId)))[0];
const auditOf = (customerId: string) => db().select({ action: auditEvents.action, details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.customerId, customerId), eq(auditEvents.action, "go_live.saved")));

describe("a customer's go-live and agreement", () => {
  it("is saved from the customer page's form, audited once, and a save that changes nothing writes nothing", async () => {
    clock.now = at("2026-12-02");
    const customerId = p.customerIds[1];
    const cookie = await cookieOf(p.admin);
    const fields = { intent: "save-go-live", plannedOn: "2027-01-12", liveOn: "", agreementPlan: "Pro", agreementSeats: "40", agreementAmount: "18,000", agreementCurrency: "eur", agreementSignedOn: "2026-11-30" };
    expect(await post(cookie, p.programId, customerId, fields)).toEqual({ status: 200, errors: null });
    expect(await goLiveRow(customerId)).toMatchObject({ workspaceId: p.workspaceId, plannedOn: "2027-01-12", liveOn: null, agreementPlan: "Pro", agreementSeats: 40, agreementAmount: 18000, agreementCurrency: "EUR", agreementSignedOn: "2026-11-30" });
    const [audit] = await auditOf(customerId);
    expect(audit.details).toMatchObject({ changes: { plannedOn: { from: null, to: "2027-01-12" }, agreementAmount: { from: null, to: 18000 } } });

    // The same values again: nothing to record.
    const before = await tableFingerprints();
    expect(await post(cookie, p.programId, customerId, fields)).toEqual({ status: 200, errors: null });
    expect(await tableFingerprints()).toEqual(before);
    expect(await auditOf(customerId)).toHaveLength(1);
  });

  it("refuses bad input with a message per field and changes nothing", async () => {
    clock.now = at("2026-12-02");
    const customerId = p.customerIds[2];
    const cookie = await cookieOf(p.admin);
    const before = await tableFingerprints();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ plannedOn: "2027-02-30" }, { plannedOn: "The planned go-live is not a real date." }],
      [{ liveOn: "2026-12-03" }, { liveOn: "A customer cannot be live in the future: plan that date as the go-live instead." }],
      [{ agreementAmount: "18000" }, { agreementCurrency: "Enter the currency of the amount, like EUR." }],
      [{ agreementCurrency: "EUR" }, { agreementAmount: "Enter the amount per year in this currency, or clear the currency." }],
      [{ agreementSeats: "0" }, { agreementSeats: "Seats must be at least 1." }],
    ];
    for (const [fields, messages] of cases) {
      const answer = await post(cookie, p.programId, customerId, { intent: "save-go-live", ...fields });
      expect(answer.status).toBe(400);
      expect(Object.fromEntries(Object.entries(answer.errors ?? {}).map(([k, v]) => [k, v[0]]))).toEqual(messages);
    }
    expect(await tableFingerprints()).toEqual(before);
  });

  it("decides 'not in the future' by the server's day, and the database refuses what the form would", async () => {
    clock.now = at("2026-12-02");
    const customerId = p.customerIds[2];
    const before = await tableFingerprints();
    await expect(saveGoLive({ actor: p.admin, programId: p.programId, customerId, input: { ...empty, liveOn: "2026-12-03" } })).rejects.toMatchObject({ code: "invalid", field: "liveOn" });
    // Past the schema (a caller that skips it), the checks in the table still hold and the transaction rolls back whole.
    await expect(saveGoLive({ actor: p.admin, programId: p.programId, customerId, input: { ...empty, agreementAmount: 100, agreementCurrency: null } })).rejects.toThrow();
    await expect(saveGoLive({ actor: p.admin, programId: p.programId, customerId, input: { ...empty, agreementSeats: 0 } })).rejects.toThrow();
    expect(await tableFingerprints()).toEqual(before);
  });

  it("'mark live today' sets today's date once; a second time is refused", async () => {
    clock.now = at("2026-12-02");
    const customerId = p.customerIds[3];
    await saveGoLive({ actor: p.admin, programId: p.programId, customerId, input: { ...empty, plannedOn: "2026-12-05", agreementPlan: "Team" } });
    const cookie = await cookieOf(p.admin);
    expect(await post(cookie, p.programId, customerId, { intent: "mark-live-today" })).toEqual({ status: 200, errors: null });
    expect(await goLiveRow(customerId)).toMatchObject({ plannedOn: "2026-12-05", liveOn: "2026-12-02", agreementPlan: "Team" });
    const answer = await post(cookie, p.programId, customerId, { intent: "mark-live-today" });
    expect(answer.status).toBe(409);
    expect(answer.errors?.[""]).toEqual(["Customer 3 is already live, since 2 Dec. Change the live date in the form if it is wrong."]);
  });

  it("is refused to a viewer and to another workspace, which cannot read it either", async () => {
    clock.now = at("2026-12-02");
    const customerId = p.customerIds[4];
    const viewer = await addMember(p.workspaceId, "viewer");
    const other = await newWorkspace();
    const [viewerCookie, otherCookie] = [await cookieOf(viewer), await cookieOf(other.admin)];
    const before = await tableFingerprints();
    await expect(saveGoLive({ actor: viewer, programId: p.programId, customerId, input: { ...empty, plannedOn: "2027-01-01" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(saveGoLive({ actor: other.admin, programId: p.programId, customerId, input: { ...empty, plannedOn: "2027-01-01" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(markLiveToday({ actor: other.admin, programId: p.programId, customerId })).rejects.toMatchObject({ code: "not_found" });
    await expect(customerGoLive(other.workspaceId, p.programId, customerId)).rejects.toMatchObject({ code: "not_found" });
    expect(await tableFingerprints()).toEqual(before);

    // Through the page: the viewer's post is refused (403, only a security event), the other PM's is not found.
    const viewerAnswer = await post(viewerCookie, p.programId, customerId, { intent: "save-go-live", plannedOn: "2027-01-01" });
    expect(viewerAnswer.status).toBe(403);
    const otherAnswer = await post(otherCookie, p.programId, customerId, { intent: "mark-live-today" });
    expect(otherAnswer.status).toBe(404);
    const after = await tableFingerprints();
    expect({ ...after, security_events: "" }).toEqual({ ...before, security_events: "" });
    expect(await goLiveRow(customerId)).toBeUndefined();
  });

  it("is refused for a withdrawn customer", async () => {
    const ws = await referenceableProgram();
    await changeCustomerStatus({ actor: ws.admin, programId: ws.programId, customerId: ws.customerIds[5], change: { intent: "withdraw", reason: "" } });
    await expect(saveGoLive({ actor: ws.admin, programId: ws.programId, customerId: ws.customerIds[5], input: { ...empty, plannedOn: "2027-01-01" } })).rejects.toMatchObject({ code: "conflict", message: "Customer 5 has withdrawn; re-enroll it to plan its go-live." });
  }, 120_000);
});

describe("the agreement against the buyer's standing approval", () => {
  it("reads the willingness to pay of the decision that stands: the latest on the current case version", async () => {
    const ws = await programWithOpenRound();
    const customerId = ws.customerIds[0];
    const base = { programId: ws.programId, roundId: ws.roundId, customerId };
    const decide = async (input: Partial<SignoffInput>) => {
      const [request] = await db()
        .select({ props: emailProps })
        .from(emailOutbox)
        .where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, "signoff-request")))
        .orderBy(desc(emailOutbox.createdAt))
        .limit(1);
      await submitSignoff({ token: (request.props as { link: string }).link.split("/s/")[1], input: { ...approve, ...input }, origin });
    };
    /** A new case version asks the buyer again (business-case.server.ts); the earlier decision stops standing. */
    const newVersion = (n: number) => saveBusinessCase({ actor: ws.admin, ...base, input: { ...caseInput, priceTerms: `EUR ${n},000 a year` }, endApproval: true });
    const comparison = async () => (await customerGoLive(ws.workspaceId, ws.programId, customerId)).comparison.text;

    await saveGoLive({ actor: ws.admin, programId: ws.programId, customerId, input: { ...empty, agreementAmount: 18000, agreementCurrency: "EUR" } });
    expect(await comparison()).toBe("Agreed 18,000 EUR/yr — no standing approval from the buyer to compare with");
    await saveBusinessCase({ actor: ws.admin, ...base, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, ...base });
    await decide({ willingnessToPay: "amount", wtpAmount: 20000, wtpCurrency: "EUR" });
    expect(await comparison()).toBe("Agreed 18,000 EUR/yr — the buyer said they would pay 20,000 EUR (90%)");
    await newVersion(21);
    // Until the buyer answers the new version, no approval stands.
    expect(await comparison()).toBe("Agreed 18,000 EUR/yr — no standing approval from the buyer to compare with");
    await decide({ willingnessToPay: "amount", wtpAmount: 20000, wtpCurrency: "USD" });
    expect(await comparison()).toBe("Agreed 18,000 EUR/yr — the buyer said they would pay 20,000 USD: a different currency, so the two are not compared");
    await newVersion(22);
    await decide({ willingnessToPay: "as_proposed" });
    expect(await comparison()).toBe("Agreed 18,000 EUR/yr — the buyer said they would pay as proposed in the business case");
    await newVersion(23);
    await decide({ willingnessToPay: "none" });
    expect(await comparison()).toBe("Agreed 18,000 EUR/yr — the buyer gave no figure");
    await newVersion(24);
    await decide({ decision: "decline", declineReason: "Too dear", referenceConsent: undefined, willingnessToPay: "amount", wtpAmount: 15000, wtpCurrency: "EUR" });
    expect(await comparison()).toBe("Agreed 18,000 EUR/yr — no standing approval from the buyer to compare with");
  }, 120_000);
});

describe("history", () => {
  it("every change is an audit row and a line of the customer's timeline", async () => {
    clock.now = at("2026-12-02");
    const customerId = p.customerIds[5];
    await saveGoLive({ actor: p.admin, programId: p.programId, customerId, input: { ...empty, plannedOn: "2026-12-20", agreementSeats: 12 } });
    clock.now = at("2026-12-03");
    await markLiveToday({ actor: p.admin, programId: p.programId, customerId });
    const rows = await db().select({ action: auditEvents.action, actor: auditEvents.actorMemberId }).from(auditEvents).where(and(eq(auditEvents.customerId, customerId), eq(auditEvents.programId, p.programId))).orderBy(auditEvents.id);
    expect(rows.filter((r) => r.action.startsWith("go_live.")).map((r) => r.action)).toEqual(["go_live.saved", "go_live.marked_live"]);
    const { activity } = await customerTimeline(p.workspaceId, p.programId, customerId);
    const texts = activity.map((a) => a.text);
    expect(texts).toContain("Go-live and agreement updated by Ada Admin: planned go-live 20 Dec 2026; 12 seats");
    expect(texts).toContain("Marked live by Ada Admin on 3 Dec 2026");
  });
});

describe("readiness counts the live ones, and launching warns when too few are", () => {
  it("says how many referenceable customers are live and who is next, in the CSV and JSON too, and asks before launching", async () => {
    clock.now = at("2026-12-02");
    const ws = await referenceableProgram();
    const cookie = await cookieOf(ws.admin);
    const dashboard = async () => {
      const request = new Request(`http://charter.test/programs/${ws.programId}`, { headers: { cookie } });
      const store = { count: 0 };
      const page = await queryCounter.run(store, () => programLoader({ request, params: { programId: ws.programId }, context }));
      return { ...(page as Awaited<ReturnType<typeof programLoader>>), queries: store.count };
    };
    const none = await dashboard();
    expect(none.live).toMatchObject({ referenceable: 6, live: 0, short: true, sentence: "6 referenceable, 0 live — no go-live planned for the other 6" });

    for (const [i, liveOn] of ["2026-11-20", "2026-11-25", "2026-12-01", "2026-12-02"].entries())
      await saveGoLive({ actor: ws.admin, programId: ws.programId, customerId: ws.customerIds[i], input: { ...empty, liveOn, agreementAmount: 1000 * (i + 1), agreementCurrency: "EUR" } });
    await saveGoLive({ actor: ws.admin, programId: ws.programId, customerId: ws.customerIds[5], input: { ...empty, plannedOn: "2027-01-12", agreementPlan: "Pro, yearly", agreementSeats: 40 } });
    const four = await dashboard();
    expect(four.live).toMatchObject({ referenceable: 6, live: 4, target: 6, short: true, sentence: "6 referenceable, 4 live — Customer 5 goes live on 12 Jan 2027" });
    // One more query than before any go-live? No: the go-live rows come in one query, however many.
    expect(four.queries).toBe(none.queries);

    const csv = (await readinessCsv(ws.workspaceId, ws.programId)).trim().split("\r\n");
    expect(csv[0].split(",").slice(-12, -5)).toEqual(["planned_on", "live_on", "agreement_plan", "agreement_seats", "agreement_amount", "agreement_currency", "agreement_signed_on"]);
    expect(csv[0].split(",")).toHaveLength(READINESS_COLUMNS.length);
    expect(csv.find((l) => l.includes("Customer 5,"))!.endsWith(',2027-01-12,,"Pro, yearly",40,,,,,,,,')).toBe(true);
    expect(csv.find((l) => l.includes("Customer 1,"))!.endsWith(",,2026-11-25,,,2000,EUR,,,,,,")).toBe(true);
    const json = await programEvidenceJson(ws.workspaceId, ws.programId);
    expect(json.customers.find((c) => c.name === "Customer 5")!.goLive).toEqual({ plannedOn: "2027-01-12", liveOn: null, agreementPlan: "Pro, yearly", agreementSeats: 40, agreementAmount: null, agreementCurrency: null, agreementSignedOn: null });
    expect(json.customers.find((c) => c.name === "Customer 4")!.goLive).toBeNull();

    // Launching with 4 of 6 live: a confirm step first, and nothing is written.
    const launchedAt = async () => (await db().select({ launchedAt: programs.launchedAt }).from(programs).where(eq(programs.id, ws.programId)))[0].launchedAt;
    const before = await tableFingerprints();
    const asked = await markLaunched({ actor: ws.admin, programId: ws.programId });
    expect(asked).toMatchObject({ launched: false, live: { live: 4, target: 6 } });
    expect(await tableFingerprints()).toEqual(before);
    expect(await launchedAt()).toBeNull();
    // A viewer cannot confirm.
    await expect(markLaunched({ actor: await addMember(ws.workspaceId, "viewer"), programId: ws.programId, confirmFewerLive: true })).rejects.toMatchObject({ code: "forbidden" });
    // The PM confirms: launched, and the audit row says it was with fewer live.
    expect(await markLaunched({ actor: ws.admin, programId: ws.programId, confirmFewerLive: true })).toMatchObject({ launched: true });
    expect(await launchedAt()).not.toBeNull();
    const [launch] = await db().select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.programId, ws.programId), eq(auditEvents.action, "program.launched")));
    expect(launch.details).toEqual({ referenceable: 6, target: 6, live: 4, confirmedFewerLive: true });
  }, 120_000);

  it("launches without asking when the target are live", async () => {
    clock.now = at("2026-12-02");
    const ws = await referenceableProgram();
    await db().update(programs).set({ targetReferenceable: 2 }).where(eq(programs.id, ws.programId));
    for (const customerId of ws.customerIds.slice(0, 2)) await saveGoLive({ actor: ws.admin, programId: ws.programId, customerId, input: { ...empty, liveOn: "2026-12-01" } });
    expect(await markLaunched({ actor: ws.admin, programId: ws.programId })).toMatchObject({ launched: true, live: { live: 2, short: false } });
    expect(await rowCount(auditEvents, and(eq(auditEvents.programId, ws.programId), eq(auditEvents.action, "program.launched")))).toBe(1);
  }, 120_000);
});

describe("the customer page", () => {
  it("shows the go-live section in one more query, whatever its history", async () => {
    clock.now = at("2026-12-02");
    const cookie = await cookieOf(p.admin);
    const count = async (customerId: string) => {
      const request = new Request(`http://charter.test/programs/${p.programId}/customers/${customerId}`, { headers: { cookie } });
      const store = { count: 0 };
      const page = await queryCounter.run(store, () => customerLoader({ request, params: { programId: p.programId, customerId }, context }));
      return { page: page as Awaited<ReturnType<typeof customerLoader>>, queries: store.count };
    };
    // Customer 5 has two go-live changes in its history (above); customer 4 none.
    const [quiet, busy] = [await count(p.customerIds[4]), await count(p.customerIds[5])];
    expect(busy.queries).toBe(quiet.queries);
    expect(busy.page.goLive.goLive).toMatchObject({ plannedOn: "2026-12-20", liveOn: "2026-12-03", agreementSeats: 12 });
    expect(quiet.page.goLive.goLive.plannedOn).toBeNull();
  });
});
