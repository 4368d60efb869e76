import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { db } from "#db/client";
import { customers, programs, rounds } from "#db/schema";
import { listCustomers } from "~/modules/customers/customers.server";
import { coverageGaps } from "~/modules/customers/coverage";
import { assertEditor, getProgram } from "~/modules/programs/programs.server";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { liveAtLaunch } from "~/modules/golive/compare";
import { programGoLives } from "~/modules/golive/golive.server";
import { today } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { readinessHeadline } from "./evaluate";
import type { ItClearance } from "./it-clearance";
import { closedRounds, consentsOf, roundGate, type GateSnapshot } from "./gates.server";
import { programItClearances, workspaceItClearances } from "./it-clearance.server";
import { referenceabilityOf, snapshotSignoffIds, type Snapshotted } from "./referenceability";

export type CloseEffect = {
  name: string;
  change: "stays" | "gains" | "loses" | "stays_out";
  /** Why it is not referenceable after the close (for "loses" and "stays_out"). */
  reason: string;
};

/**
 * What closing an open round now would do to readiness, customer by customer: readiness moves from
 * the latest closed round to this one, so a customer referenceable today may stop being so. Read
 * with the same rule as the dashboard (referenceabilityOf); two queries.
 */
export async function closeEffect({ workspaceId, programId, round, evaluations, customers: roundCustomers, clearances }: { workspaceId: string; programId: string; round: { id: string; number: number }; evaluations: { customerId: string; usable: GateSnapshot["customers"][number]["usable"]; valuable: GateSnapshot["customers"][number]["valuable"] }[]; customers: { customerId: string; name: string; status: "enrolled" | "active" | "withdrawn" }[]; clearances: Map<string, ItClearance> | null }): Promise<CloseEffect[]> {
  const [latest] = await closedRounds(workspaceId, [programId]);
  const consents = await consentsOf(workspaceId, [...snapshotSignoffIds(latest?.gateSnapshot), ...evaluations.flatMap((e) => (e.valuable.signoffId ? [e.valuable.signoffId] : []))]);
  const after: Snapshotted = { id: round.id, programId, number: round.number, gateSnapshot: { customers: evaluations } };
  return roundCustomers
    .filter((c) => c.status !== "withdrawn")
    .map((c) => {
      const customer = { id: c.customerId, status: c.status };
      // Closing does not change a clearance: it counts the same before and after.
      const was = referenceabilityOf(customer, latest, consents, clearances).referenceable;
      const will = referenceabilityOf(customer, after, consents, clearances);
      const change = was ? (will.referenceable ? "stays" : "loses") : will.referenceable ? "gains" : "stays_out";
      return { name: c.name, change, reason: will.referenceable ? "" : will.reason };
    });
}

/** A closed round is read with the lower-bound setting it closed under (its snapshot), an open one with today's. */
function requireLowerBoundOf(round: { id: string; status: string }, latestClosed: { id: string; gateSnapshot: unknown } | undefined, programSetting: boolean) {
  if (round.status !== "closed") return programSetting;
  return latestClosed?.id === round.id ? (latestClosed.gateSnapshot as GateSnapshot | null)?.thresholds.requireLowerBound === true : programSetting;
}

/** The program dashboard: readiness first, then the current round's gate, the trend and the gaps. */
export async function programReadiness(workspaceId: string, programId: string) {
  const [program, customerRows, roundRows, closed, trend] = await Promise.all([
    getProgram(workspaceId, programId),
    listCustomers(workspaceId, programId),
    db()
      .select({ id: rounds.id, programId: rounds.programId, number: rounds.number, title: rounds.title, status: rounds.status, minResponses: rounds.minResponses, minSus: rounds.minSus, minTaskCompletion: rounds.minTaskCompletion })
      .from(rounds)
      .where(and(eq(rounds.workspaceId, workspaceId), eq(rounds.programId, programId)))
      .orderBy(asc(rounds.number)),
    closedRounds(workspaceId, [programId]),
    roundTrend(workspaceId, programId),
  ]);
  const latest = closed[0];
  // The current round: the open one, else the latest.
  const currentRound = roundRows.find((r) => r.status === "open") ?? roundRows.filter((r) => r.status !== "draft").at(-1) ?? null;
  const [consents, current, clearances] = await Promise.all([
    consentsOf(workspaceId, snapshotSignoffIds(latest?.gateSnapshot)),
    currentRound ? roundGate({ workspaceId, round: currentRound, target: program.targetReferenceable, requireLowerBound: requireLowerBoundOf(currentRound, latest, program.usableRequiresLowerBound), detail: false }) : null,
    programItClearances({ workspaceId, programId, required: program.itClearanceRequired }),
  ]);

  const seated = customerRows.filter((c) => c.status !== "withdrawn");
  const readiness = seated.map((c) => ({ customerId: c.id, name: c.name, status: c.status, ...referenceabilityOf(c, latest, consents, clearances), itClearance: clearances?.get(c.id) ?? null }));
  const referenceable = readiness.filter((r) => r.referenceable).length;

  const respondedThisRound = new Set(current?.usable.customers.filter((c) => c.responses > 0).map((c) => c.customerId));
  const gaps = seated.flatMap((c) => {
    const list = coverageGaps({ buyers: c.buyers, users: c.users, gatekeepers: c.gatekeepers, minUsers: program.minResponses, itClearanceRequired: program.itClearanceRequired });
    if (currentRound?.status === "open" && c.status === "active" && !respondedThisRound.has(c.id)) list.push(`No user response in round ${currentRound.number} yet.`);
    return list.length ? [{ customerId: c.id, name: c.name, gaps: list }] : [];
  });

  return {
    program,
    target: program.targetReferenceable,
    referenceable,
    launchReady: referenceable >= program.targetReferenceable,
    launchedAt: program.launchedAt,
    headline: readinessHeadline(program.targetReferenceable, readiness),
    itClearanceRequired: program.itClearanceRequired,
    latestClosed: latest ? { id: latest.id, number: latest.number, outcome: latest.outcome } : null,
    customers: readiness,
    current: current && currentRound
      ? {
          round: currentRound,
          evaluations: current.evaluations,
          gate: current.gate,
          // Each customer's figures behind its usable verdict, shown with their intervals.
          figures: current.usable.customers.map((c) => ({ customerId: c.customerId, responses: c.responses, meanSus: c.meanSus, susSd: c.susSd, completed: c.completed, attempts: c.attempts })),
        }
      : null,
    trend,
    gaps,
    /** The program's customers with their coverage (the dashboard's customer table reuses them). */
    customerRows,
  };
}

/** Per round: responses, mean SUS (with its spread and every score), unaided completion, approvals. One query. */
export async function roundTrend(workspaceId: string, programId: string) {
  const rows = await db()
    .select({
      roundId: rounds.id,
      number: rounds.number,
      status: rounds.status,
      responses: sql<number>`(select count(*) from user_responses r where r.round_id = rounds.id)`.mapWith(Number),
      meanSus: sql<number | null>`(select avg(r.sus_score) from user_responses r where r.round_id = rounds.id)`.mapWith((v) => (v === null ? null : Number(v))),
      susSd: sql<number | null>`(select stddev_samp(r.sus_score) from user_responses r where r.round_id = rounds.id)`.mapWith((v) => (v === null ? null : Number(v))),
      // Every user's score, for the distribution per round (PRODUCT.md, small samples): in this same query.
      scores: sql<number[]>`(select coalesce(json_agg(r.sus_score order by r.sus_score), '[]'::json) from user_responses r where r.round_id = rounds.id)`.mapWith((v: unknown) => ((typeof v === "string" ? JSON.parse(v) : v) as unknown[]).map(Number)),
      completed: sql<number>`(select count(*) from user_response_tasks t where t.round_id = rounds.id and t.outcome = 'completed')`.mapWith(Number),
      attempts: sql<number>`(select count(*) from user_response_tasks t where t.round_id = rounds.id)`.mapWith(Number),
      approvals: sql<number>`(select count(*) from signoffs s join signoff_requests q on q.id = s.request_id where s.round_id = rounds.id and q.superseded_at is null and s.decision = 'approve')`.mapWith(Number),
      declines: sql<number>`(select count(*) from signoffs s join signoff_requests q on q.id = s.request_id where s.round_id = rounds.id and q.superseded_at is null and s.decision = 'decline')`.mapWith(Number),
    })
    .from(rounds)
    .where(and(eq(rounds.workspaceId, workspaceId), eq(rounds.programId, programId), ne(rounds.status, "draft")))
    .orderBy(asc(rounds.number));
  return rows.map((r) => ({ ...r, completionRate: r.attempts > 0 ? r.completed / r.attempts : null }));
}

/** The workspace home: each program's referenceable count against its target. Fixed queries. */
export async function workspaceReadiness(workspaceId: string) {
  const programRows = await db().select({ id: programs.id, target: programs.targetReferenceable, itClearanceRequired: programs.itClearanceRequired }).from(programs).where(eq(programs.workspaceId, workspaceId));
  const ids = programRows.map((p) => p.id);
  if (ids.length === 0) return new Map<string, { referenceable: number; target: number; headline: string; latestClosed: number | null }>();
  const [closed, customerRows] = await Promise.all([
    closedRounds(workspaceId, ids),
    db().select({ id: customers.id, programId: customers.programId, status: customers.status }).from(customers).where(and(eq(customers.workspaceId, workspaceId), inArray(customers.programId, ids), ne(customers.status, "withdrawn"))),
  ]);
  const latestByProgram = new Map<string, (typeof closed)[number]>();
  for (const round of closed) if (!latestByProgram.has(round.programId)) latestByProgram.set(round.programId, round);
  const [consents, clearances] = await Promise.all([
    consentsOf(workspaceId, [...latestByProgram.values()].flatMap((r) => snapshotSignoffIds(r.gateSnapshot))),
    workspaceItClearances(workspaceId, programRows.filter((p) => p.itClearanceRequired).map((p) => p.id)),
  ]);
  return new Map(
    programRows.map((p) => {
      const latest = latestByProgram.get(p.id);
      const results = customerRows.filter((c) => c.programId === p.id).map((c) => referenceabilityOf(c, latest, consents, p.itClearanceRequired ? clearances : null));
      return [p.id, { referenceable: results.filter((r) => r.referenceable).length, target: p.target, headline: readinessHeadline(p.target, results), latestClosed: latest?.number ?? null }];
    }),
  );
}

/**
 * Marks the program launched; refused until it is launch-ready. With fewer referenceable customers
 * live than the target it asks first (PRODUCT.md, "Live at launch"): nothing is written until the
 * PM confirms with `confirmFewerLive`.
 */
export async function markLaunched({ actor, programId, confirmFewerLive = false }: { actor: MemberActor; programId: string; confirmFewerLive?: boolean }) {
  assertEditor(actor);
  const [readiness, goLives] = await Promise.all([programReadiness(actor.workspaceId, programId), programGoLives(actor.workspaceId, programId)]);
  if (!readiness.launchReady) throw new AppError("conflict", `Not launch-ready yet: ${readiness.headline}.`);
  const live = liveAtLaunch({ target: readiness.target, customers: readiness.customers, goLives, today: today(clock.now()) });
  if (live.short && !confirmFewerLive) return { launched: false as const, live };
  await db().transaction(async (tx) => {
    const [row] = await tx
      .update(programs)
      .set({ launchedAt: clock.now() })
      .where(and(eq(programs.id, programId), eq(programs.workspaceId, actor.workspaceId), sql`${programs.launchedAt} is null`))
      .returning({ id: programs.id });
    if (!row) return;
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "program.launched", programId, subjectId: programId, details: { referenceable: readiness.referenceable, target: readiness.target, live: live.live, ...(live.short ? { confirmedFewerLive: true } : {}) } });
  });
  return { launched: true as const, live };
}
