import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { contacts, emailOutbox, programs } from "#db/schema";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import { clearanceStates } from "~/modules/clearance/states.server";
import { loadFeedbackPage } from "~/modules/feedback/feedback.server";
import { programEvidenceJson, readinessCsv, referenceDossier, READINESS_COLUMNS } from "~/modules/gates/exports.server";
import { programItClearances } from "~/modules/gates/it-clearance.server";
import { requirementsMatrix } from "~/modules/gates/matrix.server";
import { programReadiness, workspaceReadiness } from "~/modules/gates/readiness.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { loadSignoffPage } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { briefVersionFactory, clearanceFactory, clearanceRequestFactory, contactInput, customerInput, origin, programWithOpenRound, requirementsFactory } from "../support/factories";
import { emailProps } from "../support/emails";
import { pdfText } from "../support/pdf-text";
import { cookieOf, request } from "../support/route-calls";
import { referenceableProgram } from "../support/referenceable";

type Program = Awaited<ReturnType<typeof referenceableProgram>>;

const setRequired = (programId: string, on: boolean) => db().update(programs).set({ itClearanceRequired: on }).where(eq(programs.id, programId));

async function gatekeeperOf(p: { admin: Program["admin"]; programId: string }, customerId: string, name = "Gatekeeper") {
  const { id } = await addContact({ actor: p.admin, programId: p.programId, customerId, input: contactInput(`${name} ${customerId.slice(0, 6)}`, { isGatekeeper: true }) });
  return id;
}

/** Customer `i` of the program gets a gatekeeper, a brief, and the given decision on it. */
async function decide(p: Program, i: number, decision: "cleared" | "cleared_with_conditions" | "veto", extra: { conditions?: string; vetoReason?: string } = {}) {
  const customerId = p.customerIds[i];
  const [existing] = await db().select({ id: contacts.id }).from(contacts).where(and(eq(contacts.customerId, customerId), eq(contacts.isGatekeeper, true)));
  const contactId = existing?.id ?? (await gatekeeperOf(p, customerId));
  const { briefVersionId } = await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId });
  await clearanceFactory({ workspaceId: p.workspaceId, programId: p.programId, customerId, contactId, briefVersionId, decision, ...extra });
  return { contactId, briefVersionId };
}

const csvRows = (csv: string) => csv.trim().split("\r\n").map((line) => line.split(","));

describe("readiness with the gatekeeper's clearance", () => {
  it("with the setting off, readiness, the CSV and the dossier read as before — a veto changes nothing", async () => {
    const p = await referenceableProgram();
    await decide(p, 0, "veto", { vetoReason: "no SAML support" });
    const readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness).toMatchObject({ referenceable: 6, headline: "6 of 6 referenceable", itClearanceRequired: false });
    expect(readiness.customers[0].itClearance).toBeNull();
    const [header, first] = csvRows(await readinessCsv(p.workspaceId, p.programId));
    expect(header).toEqual([...READINESS_COLUMNS]);
    expect(first.slice(header.indexOf("it_clearance"))).toEqual(["", "", "", "", ""]);
    expect(await referenceDossier(p.workspaceId, p.programId, p.customerIds[0])).toMatchObject({ referenceable: true, clearance: null });
  });

  it("with the setting on: no gatekeeper, veto, the brief changed, then cleared with conditions — in readiness, headline, CSV, JSON and dossier", async () => {
    const p = await referenceableProgram();
    await setRequired(p.programId, true);
    let readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness.headline).toBe("0 of 6 referenceable — 6 blocked on IT");
    expect(readiness.customers[1].reason).toBe("blocked on IT: no gatekeeper");
    // The gaps name the missing gatekeeper like a missing buyer.
    expect(readiness.gaps.find((g) => g.customerId === p.customerIds[1])?.gaps).toContain("No technical gatekeeper: this customer cannot be referenceable until IT clears the product.");
    expect((await workspaceReadiness(p.workspaceId)).get(p.programId)).toMatchObject({ referenceable: 0 });

    // Five customers cleared; the first vetoes.
    for (let i = 1; i < 6; i++) await decide(p, i, "cleared");
    const { contactId } = await decide(p, 0, "veto", { vetoReason: "no SAML support" });
    readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness.headline).toBe("5 of 6 referenceable — 1 blocked on IT");
    expect(readiness.customers[0]).toMatchObject({ referenceable: false, blockedOn: "it", reason: "blocked on IT: veto — “no SAML support”" });
    expect((await workspaceReadiness(p.workspaceId)).get(p.programId)).toMatchObject({ referenceable: 5, headline: "5 of 6 referenceable — 1 blocked on IT" });
    expect(await referenceDossier(p.workspaceId, p.programId, p.customerIds[0])).toMatchObject({ referenceable: false, reason: "blocked on IT: veto — “no SAML support”" });
    let [header, first] = csvRows(await readinessCsv(p.workspaceId, p.programId));
    expect(first[header.indexOf("blocked_on")]).toBe("it");
    expect(first[header.indexOf("it_clearance")]).toBe("veto");

    // The PM revises the brief: the veto no longer stands, and the reason says why.
    const { briefVersionId } = await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId: p.customerIds[0] });
    readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness.customers[0].reason).toBe("blocked on IT: the brief changed since the clearance");

    // The gatekeeper clears version 2 with conditions: referenceable, and the dossier shows the clearance.
    await clearanceFactory({ workspaceId: p.workspaceId, programId: p.programId, customerId: p.customerIds[0], contactId, briefVersionId, decision: "cleared_with_conditions", conditions: "SSO before go-live" });
    readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness).toMatchObject({ referenceable: 6, headline: "6 of 6 referenceable" });
    const dossier = await referenceDossier(p.workspaceId, p.programId, p.customerIds[0]);
    if (!dossier.referenceable) throw new Error(dossier.reason);
    expect(dossier.clearance).toMatchObject({ decision: "cleared_with_conditions", briefVersion: 2, conditions: "SSO before go-live", gatekeeper: { name: expect.stringMatching(/^Gatekeeper/) } });
    // The PDF dossier says the same.
    const pdf = (await request(`/programs/${p.programId}/customers/${p.customerIds[0]}/dossier.pdf`, { headers: { cookie: await cookieOf(p.admin) } })) as Response;
    expect(pdf.status).toBe(200);
    const pdfWords = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, " ");
    expect(pdfWords).toContain("IT clearance");
    expect(pdfWords).toContain("Cleared with conditions: version 2 of the technical brief");
    expect(pdfWords).toContain("SSO before go-live");
    [header, first] = csvRows(await readinessCsv(p.workspaceId, p.programId));
    expect(first[header.indexOf("it_clearance")]).toBe("cleared_with_conditions");
    expect(first[header.indexOf("it_brief_version")]).toBe("2");
    expect(first[header.indexOf("it_conditions")]).toBe("SSO before go-live");

    const json = await programEvidenceJson(p.workspaceId, p.programId);
    expect(json.program.itClearanceRequired).toBe(true);
    const exported = json.customers.find((c) => c.id === p.customerIds[0])!;
    expect(exported.itClearance).toMatchObject({ state: "cleared_with_conditions" });
    expect(exported.clearances.map((c) => [c.version, c.decision, c.vetoReason])).toEqual(
      expect.arrayContaining([
        [1, "veto", "no SAML support"],
        [2, "cleared_with_conditions", null],
      ]),
    );
  });

  it("a removed gatekeeper's clearance stops standing, and so does one of an earlier brief", async () => {
    const p = await referenceableProgram();
    await setRequired(p.programId, true);
    const gatekeepers: string[] = [];
    for (let i = 0; i < 6; i++) gatekeepers.push((await decide(p, i, "cleared")).contactId);
    expect((await programReadiness(p.workspaceId, p.programId)).referenceable).toBe(6);
    await db().update(contacts).set({ removedAt: new Date() }).where(eq(contacts.id, gatekeepers[1]));
    await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId: p.customerIds[2] });
    const readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness.headline).toBe("4 of 6 referenceable — 2 blocked on IT");
    expect(readiness.customers[1].reason).toBe("blocked on IT: no gatekeeper");
    expect(readiness.customers[2].reason).toBe("blocked on IT: the brief changed since the clearance");
  });

  it("the dashboard's statement count does not grow with the number of clearances", async () => {
    const counted = async (p: Program) => {
      const store = { count: 0 };
      await queryCounter.run(store, () => programReadiness(p.workspaceId, p.programId));
      return store.count;
    };
    const few = await referenceableProgram();
    const many = await referenceableProgram();
    await setRequired(few.programId, true);
    await setRequired(many.programId, true);
    await decide(few, 0, "cleared");
    for (let i = 0; i < 6; i++) for (let round = 0; round < 3; round++) await decide(many, i, round === 1 ? "veto" : "cleared", { vetoReason: "no" });
    expect(await counted(many)).toBe(await counted(few));
  });
});

describe("the round page's IT clearances", () => {
  it("read the same as readiness's for every state, withdrawn customers included, from the gatekeepers' panel's own queries", async () => {
    const p = await referenceableProgram();
    await decide(p, 0, "cleared");
    await decide(p, 1, "cleared_with_conditions", { conditions: "SSO first" });
    await decide(p, 2, "veto", { vetoReason: "no SAML support" });
    await decide(p, 3, "cleared");
    await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId: p.customerIds[3] }); // brief changed
    const gatekeeper = await gatekeeperOf(p, p.customerIds[4]);
    const { briefVersionId } = await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId: p.customerIds[4] });
    await clearanceRequestFactory({ workspaceId: p.workspaceId, programId: p.programId, customerId: p.customerIds[4], contactId: gatekeeper, briefVersionId }); // not answered
    await gatekeeperOf(p, p.customerIds[5]);
    await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId: p.customerIds[5] }); // not sent
    // A seventh customer, cleared then withdrawn: the gate panel still reads its clearance; the gatekeepers' panel leaves it out.
    const { id: seventh } = await enrollCustomer({ actor: p.admin, programId: p.programId, input: customerInput("Customer 6") });
    await decide({ ...p, customerIds: [...p.customerIds, seventh] }, 6, "cleared");
    await changeCustomerStatus({ actor: p.admin, programId: p.programId, customerId: seventh, change: { intent: "withdraw", reason: "" } });
    const { id: noGatekeeper } = await enrollCustomer({ actor: p.admin, programId: p.programId, input: customerInput("Customer 7") });

    const page = (await request(`/programs/${p.programId}/rounds/${p.roundId}`, { headers: { cookie: await cookieOf(p.admin) } })) as { itClearance: Record<string, { state: string; reason: string }>; clearances: { customerId: string }[] };
    const expected = await programItClearances({ workspaceId: p.workspaceId, programId: p.programId, required: true });
    expect(Object.fromEntries([...expected!].map(([id, c]) => [id, { state: c.state, reason: c.reason }]))).toEqual(page.itClearance);
    expect([...[...p.customerIds, seventh, noGatekeeper].map((id) => page.itClearance[id].state)]).toEqual(["cleared", "cleared_with_conditions", "veto", "brief_changed", "not_answered", "not_sent", "cleared", "no_gatekeeper"]);
    expect(page.clearances.map((c) => c.customerId)).toEqual((await clearanceStates({ workspaceId: p.workspaceId, programId: p.programId })).map((c) => c.customerId));
    expect(page.clearances.map((c) => c.customerId)).not.toContain(seventh);
  });
});

describe("the requirements matrix", () => {
  it("counts blockers and needs-work per requirement from the standing reviews, most blocking first", async () => {
    const p = await referenceableProgram();
    const [sso, eu, erp] = await requirementsFactory(p.workspaceId, p.programId, ["SAML single sign-on", "Data stays in the EU", "ERP export"]);
    const marks = (m: Record<string, "met" | "needs_work" | "blocker">) => Object.entries(m).map(([requirementId, mark]) => ({ requirementId, mark }));
    const review = async (i: number, decision: "cleared" | "veto", m: Record<string, "met" | "needs_work" | "blocker">) => {
      const contactId = await gatekeeperOf(p, p.customerIds[i]);
      const { briefVersionId } = await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId: p.customerIds[i] });
      await clearanceFactory({ workspaceId: p.workspaceId, programId: p.programId, customerId: p.customerIds[i], contactId, briefVersionId, decision, vetoReason: "no", marks: marks(m) });
      return { contactId };
    };
    await review(0, "veto", { [sso]: "blocker", [eu]: "met", [erp]: "needs_work" });
    await review(1, "veto", { [sso]: "blocker", [eu]: "needs_work", [erp]: "met" });
    await review(2, "veto", { [sso]: "blocker", [eu]: "met", [erp]: "blocker" });
    await review(3, "cleared", { [sso]: "met", [eu]: "met", [erp]: "met" });
    // Customer 4's review of an old brief no longer stands: its blocker is not counted.
    const { contactId } = await review(4, "veto", { [eu]: "blocker" });
    await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId: p.customerIds[4] });
    expect(contactId).toBeTruthy();

    const matrix = await requirementsMatrix(p.workspaceId, p.programId);
    expect(matrix.requirements.map((r) => [r.title, r.blocks, r.needsWork, r.met, r.reach])).toEqual([
      ["SAML single sign-on", 3, 0, 1, "market_wide"],
      ["ERP export", 1, 1, 2, "several"],
      ["Data stays in the EU", 0, 1, 3, "one_customer"],
    ]);
    const eu0 = matrix.requirements.find((r) => r.id === eu)!;
    expect(eu0.cells.map((c) => c.mark)).toEqual(["met", "needs_work", "met", "met", "unanswered", "unanswered"]);
    expect(matrix.customers.map((c) => c.clearance)).toEqual(["veto", "veto", "veto", "cleared", "brief_changed", "no_gatekeeper"]);
  });

  it("answers a member in one fixed number of statements, and is empty with no requirements", async () => {
    const p = await referenceableProgram();
    const cookie = await cookieOf(p.admin);
    const empty = (await request(`/programs/${p.programId}/requirements/matrix`, { headers: { cookie } })) as Awaited<ReturnType<typeof requirementsMatrix>>;
    expect(empty.requirements).toEqual([]);
    const count = async () => {
      const store = { count: 0 };
      await queryCounter.run(store, () => requirementsMatrix(p.workspaceId, p.programId));
      return store.count;
    };
    const before = await count();
    const ids = await requirementsFactory(p.workspaceId, p.programId, ["A", "B", "C", "D"]);
    for (let i = 0; i < 6; i++) {
      const contactId = await gatekeeperOf(p, p.customerIds[i]);
      const { briefVersionId } = await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId: p.customerIds[i] });
      await clearanceFactory({ workspaceId: p.workspaceId, programId: p.programId, customerId: p.customerIds[i], contactId, briefVersionId, decision: "cleared", marks: ids.map((requirementId) => ({ requirementId, mark: "met" })) });
    }
    expect(await count()).toBe(before);
  });
});

describe("the buyer's and the user's pages", () => {
  it("the buyer sees their company's clearance state in words, never the gatekeeper's reasons; the user sees nothing of it", async () => {
    const p = await programWithOpenRound();
    const customerId = p.customerIds[0];
    const contactId = await gatekeeperOf({ admin: p.admin, programId: p.programId }, customerId);
    const [req] = await requirementsFactory(p.workspaceId, p.programId, ["SAML single sign-on"]);
    const { briefVersionId } = await briefVersionFactory({ workspaceId: p.workspaceId, memberId: p.admin.memberId, customerId });
    await saveBusinessCase({ actor: p.admin, programId: p.programId, roundId: p.roundId, customerId, input: { problem: "Overtime", valueClaimed: "Less", priceTerms: "EUR 1", notes: "" } });
    await sendSignoffRequest({ actor: p.admin, programId: p.programId, roundId: p.roundId, customerId });
    const tokenOf = async (template: string, marker: string) => {
      const [row] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, p.workspaceId), eq(emailOutbox.template, template), eq(emailOutbox.toAddress, template === "feedback-invite" ? "user.0@customer.test" : "buyer.0@customer.test")));
      return (row.props as { link: string }).link.split(marker)[1];
    };
    const buyerToken = await tokenOf("signoff-request", "/s/");
    const userToken = await tokenOf("feedback-invite", "/f/");

    const buyerPage = async () => loadSignoffPage(buyerToken, origin);
    expect(await buyerPage()).toMatchObject({ state: "ok", itClearance: "not reviewed" });
    const requestId = await clearanceRequestFactory({ workspaceId: p.workspaceId, programId: p.programId, customerId, contactId, briefVersionId });
    expect(await buyerPage()).toMatchObject({ itClearance: "under review" });
    await clearanceFactory({ workspaceId: p.workspaceId, programId: p.programId, customerId, contactId, briefVersionId, requestId, decision: "veto", vetoReason: "SECRET-REASON no SAML", marks: [{ requirementId: req, mark: "blocker", note: "SECRET-NOTE" }] });
    const vetoed = await buyerPage();
    expect(vetoed).toMatchObject({ itClearance: "veto" });
    expect(JSON.stringify(vetoed)).not.toMatch(/SECRET|SAML/);

    // Through the route, as the buyer's browser asks for it.
    const routed = (await request(`/s/${buyerToken}`)) as { data: unknown };
    expect(JSON.stringify(routed)).toContain('"itClearance":"veto"');

    // The user's page knows nothing of the gatekeeper's channel.
    const userPage = await loadFeedbackPage(userToken);
    expect(userPage.state).toBe("ok");
    expect(JSON.stringify(userPage)).not.toMatch(/clearance|veto|SECRET|gatekeeper/i);
    const userRouted = await request(`/f/${userToken}`);
    expect(JSON.stringify(userRouted)).not.toMatch(/clearance|veto|SECRET|gatekeeper/i);
  });

  it("a customer enrolled later, without a gatekeeper, reads as not reviewed", async () => {
    const p = await programWithOpenRound();
    const { id } = await enrollCustomer({ actor: p.admin, programId: p.programId, input: customerInput("Late") });
    await changeCustomerStatus({ actor: p.admin, programId: p.programId, customerId: id, change: { intent: "activate" } });
    await setRequired(p.programId, true);
    const readiness = await programReadiness(p.workspaceId, p.programId);
    expect(readiness.customers.find((c) => c.customerId === id)).toMatchObject({ referenceable: false, blockedOn: "no_closed_round" });
    expect(readiness.gaps.find((g) => g.customerId === id)?.gaps.join(" ")).toMatch(/No technical gatekeeper/);
  });
});
