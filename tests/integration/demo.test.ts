import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox, programs, signoffs } from "#db/schema";
import { addDemoProgram } from "~/modules/demo/demo.server";
import { programReadiness, roundTrend } from "~/modules/gates/readiness.server";
import { referenceDossier } from "~/modules/gates/exports.server";
import { requirementsMatrix } from "~/modules/gates/matrix.server";
import { referenceLibrary } from "~/modules/references/library.server";
import { listRounds } from "~/modules/rounds/rounds.server";
import { getCertificate } from "~/modules/signoff/certificate.server";
import { clock } from "~/utils/clock.server";
import { newWorkspace, rowCount } from "../support/factories";
import { tableFingerprints } from "../support/tables";

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (at: Date | null) => (Date.now() - at!.getTime()) / DAY;

// The demo is built through the app's own operations; these read it back through the app's own
// read functions, as the pages do.
describe("the demo program", () => {
  let demo: Awaited<ReturnType<typeof newWorkspace>> & { programId: string };
  let loadMs = 0;
  beforeAll(async () => {
    const started = performance.now();
    const ws = await newWorkspace({ loadDemo: true });
    loadMs = performance.now() - started;
    demo = { ...ws, programId: ws.demoProgramId! };
  });

  it("has three rounds spread over weeks: iterate, passed, and one open with part of its evidence in", async () => {
    console.info(`demo workspace with history loaded in ${Math.round(loadMs)} ms`);
    const rounds = await listRounds(demo.workspaceId, demo.programId);
    expect(rounds.map((r) => [r.number, r.status, r.outcome])).toEqual([
      [1, "closed", "iterate"],
      [2, "closed", "passed"],
      [3, "open", null],
    ]);
    expect(rounds.map((r) => r.tasks)).toEqual([3, 4, 4]);
    expect(rounds.map((r) => r.responses)).toEqual([19, 24, 9]);
    expect(daysAgo(rounds[0].openedAt)).toBeGreaterThan(41);
    expect(daysAgo(rounds[0].openedAt)).toBeLessThan(43);
    expect(daysAgo(rounds[1].closedAt)).toBeGreaterThan(13);
    expect(daysAgo(rounds[2].openedAt)).toBeGreaterThan(3);
    expect(rounds[2].closedAt).toBeNull();
  });

  it("keeps each customer's industry and size apart, so the reference library filters by industry", async () => {
    const library = await referenceLibrary(demo.workspaceId, demo.programId, { q: "", kind: "", segment: "", availability: "" });
    expect(library.segments).toContain("HVAC services");
    expect(library.entries.find((e) => e.name === "Harbor Mechanical")).toMatchObject({ segment: "HVAC services", size: "220 technicians" });
  });

  it("shows readiness below the target of six, with the reason for each customer that is not referenceable", async () => {
    const readiness = await programReadiness(demo.workspaceId, demo.programId);
    expect(readiness).toMatchObject({ target: 6, referenceable: 3, launchReady: false, latestClosed: { number: 2, outcome: "passed" }, itClearanceRequired: true });
    expect(readiness.headline).toBe("3 of 6 referenceable — 1 blocked on usability, 2 on consent, 1 on IT, 1 not active yet");
    const notReferenceable = Object.fromEntries(readiness.customers.filter((c) => !c.referenceable).map((c) => [c.name, c.reason]));
    expect(notReferenceable).toEqual({
      // Passed both tests and consented; its head of IT security vetoed.
      "Brightline Elevators": "blocked on IT: veto — “no SAML support: every tool holding technician data must sign in through our identity provider.”",
      "Cascade Pest Control": "the buyer withdrew reference consent; blocked on IT: no technical brief",
      "Northgate Facilities": "the buyer did not agree to be a reference",
      "Keystone Security Systems": expect.stringMatching(/^round 2 usable test: .*2 of 3/),
      "Meridian Medical Equipment": "not active yet",
    });
    expect(readiness.customers.filter((c) => c.referenceable).map((c) => c.name).sort()).toEqual(["Harbor Mechanical", "Riverbend Plumbing", "Summit Solar Services"]);
    expect(readiness.customers.find((c) => c.name === "Northgate Facilities")?.itClearance).toMatchObject({ state: "cleared_with_conditions" });
    // The open round's gate and quadrants have content: some customers have answers, some not yet.
    expect(readiness.current?.round.number).toBe(3);
    const quadrants = new Set(readiness.current!.evaluations.map((e) => e.quadrant));
    expect(quadrants.size).toBeGreaterThan(1);
  });

  it("has a trend over the rounds, with approvals and the one decline with its reason", async () => {
    const trend = await roundTrend(demo.workspaceId, demo.programId);
    expect(trend.map((r) => [r.number, r.approvals, r.declines])).toEqual([
      [1, 5, 1],
      // Round 1's approvals of unchanged cases carry: only the revised and the new case are asked in round 2.
      [2, 2, 0],
      [3, 1, 0],
    ]);
    expect(trend[1].meanSus!).toBeGreaterThan(trend[0].meanSus!);
    const [decline] = await db().select({ reason: signoffs.declineReason }).from(signoffs).where(and(eq(signoffs.workspaceId, demo.workspaceId), eq(signoffs.decision, "decline")));
    expect(decline.reason).toMatch(/single sign-on/);
  });

  it("has a requirements matrix: single sign-on blocks one customer and needs work at another", async () => {
    const matrix = await requirementsMatrix(demo.workspaceId, demo.programId);
    expect(matrix.requirements.map((r) => [r.title, r.blocks, r.needsWork])).toEqual([
      ["SAML single sign-on", 1, 1],
      ["Exports to our ERP", 0, 2],
      ["Data stays in the EU", 0, 0],
      ["Audit trail of schedule changes", 0, 0],
    ]);
    expect(matrix.customers.find((c) => c.name === "Meridian Medical Equipment")?.clearance).toBe("not_answered");
  });

  it("has a dossier for a referenceable customer and the certificate of its sign-off, dated weeks ago", async () => {
    const readiness = await programReadiness(demo.workspaceId, demo.programId);
    const harbor = readiness.customers.find((c) => c.name === "Harbor Mechanical")!;
    const dossier = await referenceDossier(demo.workspaceId, demo.programId, harbor.customerId);
    if (!dossier.referenceable) throw new Error(`Harbor is not referenceable: ${dossier.reason}`);
    expect(dossier.signoff).toMatchObject({ buyerName: "Dana Whitfield", signatureName: "Dana Whitfield", consentCaseStudy: true });
    expect(dossier.round.number).toBe(2);
    expect(dossier.evidence).toMatchObject({ responses: 4, passesBoth: true });
    expect(daysAgo(dossier.signoff.decidedAt)).toBeGreaterThan(35);
    expect(dossier.signoff.roundNumber).toBe(1);
    expect(dossier.clearance).toMatchObject({ decision: "cleared", briefVersion: 1, gatekeeper: { name: "Priya Raman" } });

    const certificate = await getCertificate({ workspaceId: demo.workspaceId, programId: demo.programId, roundId: dossier.roundId, signoffId: dossier.signoffId });
    // Harbor's buyer approved in round 1; the unchanged case carried it through round 2's gate.
    expect(certificate).toMatchObject({ decision: "approve", customerName: "Harbor Mechanical", roundNumber: 1, caseVersion: 1 });
    expect(certificate.history.map((h) => h.action)).toEqual(["signoff.sent", "signoff.approved"]);
    // The trail happened over days, in order, not all at the moment the demo was loaded.
    const [sent, approved] = certificate.history.map((h) => daysAgo(h.at));
    expect(sent).toBeGreaterThan(approved);
    expect(approved).toBeGreaterThan(35);
  });

  it("sends none of its history's emails: they are settled in the in-app mailbox", async () => {
    const byStatus = await db().select({ status: emailOutbox.status, providerId: emailOutbox.providerId }).from(emailOutbox).where(eq(emailOutbox.workspaceId, demo.workspaceId));
    expect(byStatus.length).toBeGreaterThan(50);
    expect(byStatus.filter((e) => e.status !== "sent" || e.providerId !== "demo")).toEqual([]);
  });

  it("loads once per workspace: a second load is refused and changes nothing", async () => {
    const before = await tableFingerprints();
    await expect(addDemoProgram(demo.admin)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/already has the demo program/) });
    expect(await tableFingerprints()).toEqual(before);
  });
});

describe("loading the demo", () => {
  it("is all or nothing: a failure half-way leaves nothing behind, and a retry loads it whole", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const before = await tableFingerprints();
    let calls = 0;
    // A crash in the middle of the history (the clock is read by every operation the demo runs).
    clock.now = () => {
      if (++calls === 300) throw new Error("power cut");
      return new Date();
    };
    try {
      await expect(addDemoProgram(admin)).rejects.toThrow("power cut");
    } finally {
      clock.now = () => new Date();
    }
    expect(calls).toBe(300);
    expect(await tableFingerprints()).toEqual(before);

    const programId = await addDemoProgram(admin);
    expect((await listRounds(workspaceId, programId)).map((r) => r.status)).toEqual(["closed", "closed", "open"]);
  });

  it("two loads at once make one demo program; the other is refused whole", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const results = await Promise.allSettled([addDemoProgram(admin), addDemoProgram(admin)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await rowCount(programs, eq(programs.workspaceId, workspaceId))).toBe(1);
  });

  it("with only its customers, when the newcomer wants to run round 1 themselves", async () => {
    const { workspaceId, demoProgramId } = await newWorkspace({ loadDemo: true, demoHistory: false });
    expect(await listRounds(workspaceId, demoProgramId!)).toEqual([]);
    const readiness = await programReadiness(workspaceId, demoProgramId!);
    expect(readiness.customers).toHaveLength(8);
  });
});
