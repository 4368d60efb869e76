import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { feedbackInvites, programs, rounds, signoffRequests, signoffs } from "#db/schema";
import { recordLearnings } from "~/modules/themes/themes.server";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { roundEvidence } from "~/modules/feedback/evidence.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { roundSignoffs } from "~/modules/signoff/round-signoffs.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { evaluateCustomer, evaluateGate, type CustomerEvaluation } from "./evaluate";

type RoundForGate = { id: string; programId: string; minResponses: number; minSus: number; minTaskCompletion: number };

/**
 * Both tests for every customer of a round, and the gate over them. A fixed number of queries.
 * `requireLowerBound` is the program's setting (programs.usable_requires_lower_bound): every caller
 * passes it, so the gate, readiness, the exports and the snapshot judge "usable" the same way.
 */
export async function roundGate({ workspaceId, round, target, requireLowerBound, detail = true, executor = db() }: { workspaceId: string; round: RoundForGate; target: number; requireLowerBound: boolean; detail?: boolean; executor?: Executor }) {
  const thresholds = { minResponses: round.minResponses, minSus: round.minSus, minTaskCompletion: round.minTaskCompletion, requireLowerBound };
  const [usable, valuable] = await Promise.all([
    roundEvidence({ workspaceId, programId: round.programId, roundId: round.id, thresholds, detail, executor }),
    roundSignoffs({ workspaceId, programId: round.programId, roundId: round.id, executor }),
  ]);
  const valuableById = new Map(valuable.map((v) => [v.customerId, v]));
  // The round's customers: the active ones, and any other that has evidence in it.
  const evaluations: CustomerEvaluation[] = usable.customers
    .filter((c) => c.status === "active" || c.responses > 0 || valuableById.get(c.customerId)?.requestId)
    .map((c) => {
      const v = valuableById.get(c.customerId);
      return evaluateCustomer({
        customerId: c.customerId,
        name: c.name,
        usable: { responses: c.responses, meanSus: c.meanSus, susSd: c.susSd, completed: c.completed, attempts: c.attempts },
        thresholds,
        valuable: {
          live: v?.requestId && !v.decision ? { expired: v.state === "expired", requestVersion: v.requestVersion } : null,
          standing: v?.standing ? { decision: v.standing.decision, version: v.standing.version, roundNumber: v.standing.roundNumber, carried: v.standing.roundId !== round.id, signoffId: v.standing.signoffId, declineReason: v.standing.declineReason } : null,
          superseded: v?.superseded ?? 0,
          caseVersion: v?.caseVersion ?? null,
          hasBuyer: !!v?.buyerName,
        },
      });
    });
  return { evaluations, gate: evaluateGate(target, evaluations), usable, valuable };
}

/** What a closed round keeps of its gate, so later changes cannot rewrite history. */
export type GateSnapshot = {
  target: number;
  /** `requireLowerBound` is recorded from the program's setting at closing (absent in older snapshots: it was off). */
  thresholds: { minResponses: number; minSus: number; minTaskCompletion: number; requireLowerBound?: boolean };
  passing: number;
  /** `susSd`, `completed` and `attempts` give the intervals; older snapshots lack them and show none. */
  customers: { customerId: string; name: string; usable: CustomerEvaluation["usable"]; valuable: CustomerEvaluation["valuable"]; quadrant: CustomerEvaluation["quadrant"]; passesBoth: boolean; meanSus: number | null; completionRate: number | null; responses: number; susSd?: number | null; completed?: number; attempts?: number }[];
};

/**
 * Closes a round at the gate. "passed" is refused unless the target number of customers pass both
 * tests; "iterate" needs a note of what was learned. Closing expires every open link of the round,
 * makes it read-only, and records the gate's figures in the round and the audit trail.
 */
export async function closeRound({ actor, programId, roundId, outcome, note, learnedThemeIds = [] }: { actor: MemberActor; programId: string; roundId: string; outcome: "passed" | "iterate"; note: string; learnedThemeIds?: string[] }) {
  assertEditor(actor);
  if (outcome === "iterate" && !note.trim()) throw new AppError("invalid", "Write what was learned and what changes next round.", "note");
  return db().transaction(async (tx) => {
    const [round] = await tx
      .select({ id: rounds.id, programId: rounds.programId, number: rounds.number, status: rounds.status, minResponses: rounds.minResponses, minSus: rounds.minSus, minTaskCompletion: rounds.minTaskCompletion, target: programs.targetReferenceable, programStatus: programs.status, requireLowerBound: programs.usableRequiresLowerBound })
      .from(rounds)
      .innerJoin(programs, eq(programs.id, rounds.programId))
      .where(and(eq(rounds.id, roundId), eq(rounds.programId, programId), eq(rounds.workspaceId, actor.workspaceId)))
      .for("update", { of: rounds });
    if (!round) throw new AppError("not_found", "Round not found.");
    if (round.programStatus === "archived") throw new AppError("conflict", "This program is archived. Restore it to close rounds.");
    if (round.status !== "open") throw new AppError("conflict", round.status === "closed" ? `Round ${round.number} is already closed.` : `Round ${round.number} has not opened yet.`);

    const { evaluations, gate, usable } = await roundGate({ workspaceId: actor.workspaceId, round, target: round.target, requireLowerBound: round.requireLowerBound, executor: tx });
    if (outcome === "passed" && !gate.canPass) throw new AppError("conflict", `${gate.summary} ${gate.missing.map((m) => `${m.name}: ${m.reasons.join("; ")}.`).join(" ")}`);

    const usableById = new Map(usable.customers.map((c) => [c.customerId, c]));
    const snapshot: GateSnapshot = {
      target: gate.target,
      thresholds: { minResponses: round.minResponses, minSus: round.minSus, minTaskCompletion: round.minTaskCompletion, requireLowerBound: round.requireLowerBound },
      passing: gate.passing,
      customers: evaluations.map((e) => {
        const u = usableById.get(e.customerId);
        return { ...e, meanSus: u?.meanSus ?? null, completionRate: u?.completionRate ?? null, responses: u?.responses ?? 0, susSd: u?.susSd ?? null, completed: u?.completed ?? 0, attempts: u?.attempts ?? 0 };
      }),
    };
    const now = clock.now();
    // Every open link of the round ends now.
    await tx.update(feedbackInvites).set({ expiresAt: now }).where(and(eq(feedbackInvites.roundId, roundId), gt(feedbackInvites.expiresAt, now)));
    await tx
      .update(signoffRequests)
      .set({ expiresAt: now })
      .where(and(eq(signoffRequests.roundId, roundId), gt(signoffRequests.expiresAt, now), sql`not exists (select 1 from signoffs s where s.request_id = signoff_requests.id)`));
    await tx.update(rounds).set({ status: "closed", outcome, closeNote: note.trim() || null, closedAt: now, gateSnapshot: snapshot }).where(eq(rounds.id, roundId));
    // The themes cited as learned commit with the close, or neither does.
    if (outcome === "iterate") await recordLearnings(tx, { workspaceId: actor.workspaceId, programId, roundId, themeIds: learnedThemeIds });
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "round.closed",
      programId,
      roundId,
      subjectId: roundId,
      details: { number: round.number, outcome, note: note.trim(), passing: gate.passing, target: gate.target, thresholds: snapshot.thresholds, passingCustomers: evaluations.filter((e) => e.passesBoth).map((e) => e.name) },
    });
    return { gate };
  });
}


/** The latest closed round of each program, with its stored gate snapshot (older snapshots are not read). */
export async function closedRounds(workspaceId: string, programIds: string[]) {
  if (programIds.length === 0) return [];
  return db()
    .selectDistinctOn([rounds.programId], { id: rounds.id, programId: rounds.programId, number: rounds.number, outcome: rounds.outcome, closedAt: rounds.closedAt, gateSnapshot: rounds.gateSnapshot })
    .from(rounds)
    .where(and(eq(rounds.workspaceId, workspaceId), inArray(rounds.programId, programIds), eq(rounds.status, "closed")))
    .orderBy(asc(rounds.programId), desc(rounds.number));
}

/** Reference consent of the given decisions (the ones that passed a stored gate). One query. */
export async function consentsOf(workspaceId: string, signoffIds: string[]) {
  if (signoffIds.length === 0) return [];
  return db()
    .select({ signoffId: signoffs.id, referenceConsent: signoffs.referenceConsent, consentWithdrawnAt: signoffs.consentWithdrawnAt })
    .from(signoffs)
    .where(and(eq(signoffs.workspaceId, workspaceId), inArray(signoffs.id, signoffIds)));
}

/** A closed round's stored gate, with its closing note. */
export async function closedSnapshot(workspaceId: string, roundId: string) {
  const [row] = await db()
    .select({ gateSnapshot: rounds.gateSnapshot, closeNote: rounds.closeNote })
    .from(rounds)
    .where(and(eq(rounds.id, roundId), eq(rounds.workspaceId, workspaceId), eq(rounds.status, "closed")));
  if (!row?.gateSnapshot) return null;
  const snapshot = row.gateSnapshot as GateSnapshot;
  return { passing: snapshot.passing, target: snapshot.target, thresholds: snapshot.thresholds, closeNote: row.closeNote };
}
