import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db } from "#db/client";
import { businessCases, businessCaseVersions, clearanceMarks, clearances, contacts, customers, programs, roundTasks, rounds, signoffRequests, signoffs, techRequirements, userResponses, userResponseTasks } from "#db/schema";
import { programGoLives } from "~/modules/golive/golive.server";
import { csvCell } from "~/utils/csv";
import { AppError } from "~/utils/errors";
import { sampleSd } from "~/modules/feedback/intervals";
import { programClearances } from "./clearances.server";
import { closedRounds, type GateSnapshot } from "./gates.server";
import { customerBriefFacts } from "./it-clearance.server";
import { itClearanceOf } from "./it-clearance";
import { programReadiness } from "./readiness.server";

/** The readiness table's columns, in order (documented in the README). */
export const READINESS_COLUMNS = [
  "customer_id",
  "customer",
  "status",
  "referenceable",
  "blocked_on",
  "reason",
  "latest_closed_round",
  "usable",
  "mean_sus",
  "task_completion",
  "valuable",
  "buyer_name",
  "buyer_email",
  // The current round, as the dashboard shows it (the same evaluation, so the same states).
  "current_round",
  "current_usable",
  "current_valuable",
  // Live at launch: the go-live plan and the agreement reached (blank when not recorded).
  "planned_on",
  "live_on",
  "agreement_plan",
  "agreement_seats",
  "agreement_amount",
  "agreement_currency",
  "agreement_signed_on",
  // The gatekeeper's standing clearance (blank when the program does not need it); appended so older readers keep their columns.
  "it_clearance",
  "it_clearance_reason",
  "it_brief_version",
  "it_decided_at",
  "it_conditions",
] as const;

/** One row per customer (not withdrawn), stable columns. */
export async function readinessCsv(workspaceId: string, programId: string) {
  const readiness = await programReadiness(workspaceId, programId);
  const [closed, buyers, goLives] = await Promise.all([
    closedRounds(workspaceId, [programId]),
    db()
      .select({ customerId: contacts.customerId, name: contacts.name, email: contacts.email })
      .from(contacts)
      .innerJoin(customers, eq(customers.id, contacts.customerId))
      .where(and(eq(customers.programId, programId), eq(customers.workspaceId, workspaceId), eq(contacts.isBuyer, true), isNull(contacts.removedAt))),
    programGoLives(workspaceId, programId),
  ]);
  const snapshot = closed[0]?.gateSnapshot as GateSnapshot | undefined;
  const lines = [READINESS_COLUMNS.join(",")];
  for (const c of readiness.customers) {
    const entry = snapshot?.customers.find((s) => s.customerId === c.customerId);
    const buyer = buyers.find((b) => b.customerId === c.customerId);
    const now = readiness.current?.evaluations.find((e) => e.customerId === c.customerId);
    const goLive = goLives.find((g) => g.customerId === c.customerId);
    const row: Record<(typeof READINESS_COLUMNS)[number], unknown> = {
      customer_id: c.customerId,
      customer: c.name,
      status: c.status,
      referenceable: c.referenceable ? "yes" : "no",
      blocked_on: c.referenceable ? "" : c.blockedOn,
      reason: c.reason,
      latest_closed_round: closed[0]?.number ?? "",
      usable: entry?.usable.state ?? "",
      mean_sus: entry?.meanSus === null || entry?.meanSus === undefined ? "" : Math.round(entry.meanSus * 10) / 10,
      task_completion: entry?.completionRate === null || entry?.completionRate === undefined ? "" : Math.round(entry.completionRate * 1000) / 1000,
      valuable: entry?.valuable.state ?? "",
      buyer_name: buyer?.name ?? "",
      buyer_email: buyer?.email ?? "",
      current_round: readiness.current?.round.number ?? "",
      current_usable: now?.usable.state ?? "",
      current_valuable: now?.valuable.state ?? "",
      planned_on: goLive?.plannedOn ?? "",
      live_on: goLive?.liveOn ?? "",
      agreement_plan: goLive?.agreementPlan ?? "",
      agreement_seats: goLive?.agreementSeats ?? "",
      agreement_amount: goLive?.agreementAmount ?? "",
      agreement_currency: goLive?.agreementCurrency ?? "",
      agreement_signed_on: goLive?.agreementSignedOn ?? "",
      it_clearance: c.itClearance?.state ?? "",
      it_clearance_reason: c.itClearance?.reason ?? "",
      it_brief_version: c.itClearance?.standing?.version ?? "",
      it_decided_at: c.itClearance?.standing?.decidedAt.toISOString() ?? "",
      it_conditions: c.itClearance?.standing?.conditions ?? "",
    };
    lines.push(READINESS_COLUMNS.map((col) => csvCell(row[col])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** Everything the program holds, for a warehouse: rounds, tasks, responses, cases and sign-offs. */
export async function programEvidenceJson(workspaceId: string, programId: string) {
  const [program] = await db()
    .select({ id: programs.id, name: programs.name, product: programs.product, valueHypothesis: programs.valueHypothesis, targetReferenceable: programs.targetReferenceable, itClearanceRequired: programs.itClearanceRequired, status: programs.status, launchedAt: programs.launchedAt })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.workspaceId, workspaceId)));
  if (!program) throw new AppError("not_found", "Program not found.");
  const roundFilter = and(eq(rounds.workspaceId, workspaceId), eq(rounds.programId, programId));
  const [roundRows, customerRows, contactRows, taskRows, responseRows, outcomeRows, versionRows, signoffRows, goLives, clearanceRecords, briefFacts, markRows] = await Promise.all([
    db().select({ id: rounds.id, number: rounds.number, title: rounds.title, prototypeUrl: rounds.prototypeUrl, version: rounds.version, status: rounds.status, outcome: rounds.outcome, closeNote: rounds.closeNote, minResponses: rounds.minResponses, minSus: rounds.minSus, minTaskCompletion: rounds.minTaskCompletion, openedAt: rounds.openedAt, closedAt: rounds.closedAt, gate: rounds.gateSnapshot }).from(rounds).where(roundFilter).orderBy(asc(rounds.number)),
    db().select({ id: customers.id, name: customers.name, segment: customers.segment, website: customers.website, status: customers.status, enrolledAt: customers.enrolledAt, withdrawnAt: customers.withdrawnAt }).from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId))).orderBy(asc(customers.name)),
    db().select({ id: contacts.id, customerId: contacts.customerId, name: contacts.name, email: contacts.email, title: contacts.title, isBuyer: contacts.isBuyer, isUser: contacts.isUser, isChampion: contacts.isChampion, isGatekeeper: contacts.isGatekeeper, isReferenceContact: contacts.isReferenceContact, removedAt: contacts.removedAt }).from(contacts).innerJoin(customers, eq(customers.id, contacts.customerId)).where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId))),
    db().select({ id: roundTasks.id, roundId: roundTasks.roundId, position: roundTasks.position, instruction: roundTasks.instruction, successCriteria: roundTasks.successCriteria }).from(roundTasks).innerJoin(rounds, eq(rounds.id, roundTasks.roundId)).where(roundFilter).orderBy(asc(roundTasks.position)),
    db().select({ id: userResponses.id, roundId: userResponses.roundId, customerId: userResponses.customerId, contactId: userResponses.contactId, sus: userResponses.sus, susScore: userResponses.susScore, confusing: userResponses.confusing, missing: userResponses.missing, version: userResponses.version, submittedAt: userResponses.submittedAt, updatedAt: userResponses.updatedAt }).from(userResponses).innerJoin(rounds, eq(rounds.id, userResponses.roundId)).where(roundFilter),
    db().select({ responseId: userResponseTasks.responseId, taskId: userResponseTasks.taskId, outcome: userResponseTasks.outcome, comment: userResponseTasks.comment }).from(userResponseTasks).innerJoin(rounds, eq(rounds.id, userResponseTasks.roundId)).where(roundFilter),
    db().select({ id: businessCaseVersions.id, customerId: businessCases.customerId, version: businessCaseVersions.version, problem: businessCaseVersions.problem, valueClaimed: businessCaseVersions.valueClaimed, priceTerms: businessCaseVersions.priceTerms, notes: businessCaseVersions.notes, contentHash: businessCaseVersions.contentHash, createdAt: businessCaseVersions.createdAt }).from(businessCaseVersions).innerJoin(businessCases, eq(businessCases.id, businessCaseVersions.businessCaseId)).innerJoin(customers, eq(customers.id, businessCases.customerId)).where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId))).orderBy(asc(businessCaseVersions.version)),
    db().select({ id: signoffs.id, roundId: signoffs.roundId, customerId: signoffs.customerId, contactId: signoffs.contactId, caseVersionId: signoffs.caseVersionId, superseded: sql<boolean>`${signoffRequests.supersededAt} is not null`, decision: signoffs.decision, declineReason: signoffs.declineReason, conditions: signoffs.conditions, willingnessToPay: signoffs.willingnessToPay, wtpAmount: signoffs.wtpAmount, wtpCurrency: signoffs.wtpCurrency, referenceConsent: signoffs.referenceConsent, consentNameLogo: signoffs.consentNameLogo, consentCaseStudy: signoffs.consentCaseStudy, consentReferenceCalls: signoffs.consentReferenceCalls, consentWithdrawnAt: signoffs.consentWithdrawnAt, signatureName: signoffs.signatureName, signedContentHash: signoffs.signedContentHash, decidedAt: signoffs.decidedAt }).from(signoffs).innerJoin(signoffRequests, eq(signoffRequests.id, signoffs.requestId)).innerJoin(rounds, eq(rounds.id, signoffs.roundId)).where(roundFilter),
    programGoLives(workspaceId, programId),
    programClearances({ workspaceId, programId }),
    customerBriefFacts(db(), workspaceId, [programId]),
    db().select({ clearanceId: clearanceMarks.clearanceId, requirementId: clearanceMarks.requirementId, requirement: techRequirements.title, mark: clearanceMarks.mark, note: clearanceMarks.note }).from(clearanceMarks).innerJoin(clearances, eq(clearances.id, clearanceMarks.clearanceId)).innerJoin(techRequirements, eq(techRequirements.id, clearanceMarks.requirementId)).where(and(eq(clearances.workspaceId, workspaceId), eq(clearances.programId, programId))).orderBy(asc(techRequirements.position)),
  ]);
  // The gatekeeper's channel, per customer: the clearance that stands now and every decision with its marks.
  const gatekeeperOf = (customerId: string) => {
    const facts = briefFacts.find((f) => f.customerId === customerId);
    const standing = facts ? itClearanceOf(clearanceRecords, facts) : null;
    return {
      itClearance: standing ? { state: standing.state, reason: standing.reason, clearanceId: standing.standing?.clearanceId ?? null } : null,
      clearances: clearanceRecords
        .filter((r) => r.customerId === customerId)
        .map(({ customerId: _, ...r }) => ({ ...r, marks: markRows.filter((m) => m.clearanceId === r.clearanceId).map(({ clearanceId: __, ...m }) => m) })),
    };
  };
  return {
    exportedAt: new Date().toISOString(),
    format: "charter.program-evidence.v1",
    program,
    // A case belongs to its customer, with one version history for the whole program.
    // goLive: the go-live plan and agreement (PRODUCT.md, "Live at launch"), null when none was recorded.
    customers: customerRows.map((c) => ({
      ...c,
      contacts: contactRows.filter((p) => p.customerId === c.id).map(({ customerId: _, ...p }) => p),
      businessCase: versionRows.filter((v) => v.customerId === c.id).map(({ customerId: _, ...v }) => v),
      goLive: goLives.filter((g) => g.customerId === c.id).map(({ customerId: _, ...g }) => g)[0] ?? null,
      ...gatekeeperOf(c.id),
    })),
    rounds: roundRows.map((r) => ({
      ...r,
      tasks: taskRows.filter((t) => t.roundId === r.id).map(({ roundId: _, ...t }) => t),
      userResponses: responseRows.filter((x) => x.roundId === r.id).map(({ roundId: _, ...x }) => ({ ...x, tasks: outcomeRows.filter((o) => o.responseId === x.id).map(({ responseId: __, ...o }) => o) })),
      // The case versions this round's buyers decided on.
      businessCases: versionRows.filter((v) => signoffRows.some((s) => s.roundId === r.id && s.caseVersionId === v.id)),
      signoffs: signoffRows.filter((s) => s.roundId === r.id).map(({ roundId: _, ...s }) => s),
    })),
  };
}

/** The reference dossier of one referenceable customer, or null when it is not referenceable. */
export async function referenceDossier(workspaceId: string, programId: string, customerId: string) {
  const readiness = await programReadiness(workspaceId, programId);
  const entry = readiness.customers.find((c) => c.customerId === customerId);
  if (!entry) throw new AppError("not_found", "Customer not found.");
  if (!entry.referenceable || !entry.signoffId || !readiness.latestClosed) return { referenceable: false as const, name: entry.name, reason: entry.reason };
  const standing = entry.itClearance?.standing ?? null;
  const [[signoff], [round], users, [gatekeeper]] = await Promise.all([
    db()
      .select({
        buyerName: contacts.name,
        buyerTitle: contacts.title,
        buyerEmail: contacts.email,
        signatureName: signoffs.signatureName,
        decidedAt: signoffs.decidedAt,
        caseVersion: businessCaseVersions.version,
        valueClaimed: businessCaseVersions.valueClaimed,
        priceTerms: businessCaseVersions.priceTerms,
        contentHash: signoffs.signedContentHash,
        consentNameLogo: signoffs.consentNameLogo,
        consentCaseStudy: signoffs.consentCaseStudy,
        consentReferenceCalls: signoffs.consentReferenceCalls,
        willingnessToPay: signoffs.willingnessToPay,
        wtpAmount: signoffs.wtpAmount,
        wtpCurrency: signoffs.wtpCurrency,
        conditions: signoffs.conditions,
        // An approval may have been given in an earlier round and carried while its case was unchanged.
        roundId: signoffs.roundId,
        roundNumber: sql<number>`(select r.number from rounds r where r.id = ${signoffs.roundId})`.mapWith(Number),
      })
      .from(signoffs)
      .innerJoin(contacts, eq(contacts.id, signoffs.contactId))
      .innerJoin(businessCaseVersions, eq(businessCaseVersions.id, signoffs.caseVersionId))
      .where(and(eq(signoffs.id, entry.signoffId), eq(signoffs.workspaceId, workspaceId))),
    db()
      .select({ number: rounds.number, title: rounds.title, closedAt: rounds.closedAt, gate: rounds.gateSnapshot })
      .from(rounds)
      .where(and(eq(rounds.id, readiness.latestClosed.id), eq(rounds.workspaceId, workspaceId))),
    // Each user's own figures behind the aggregate, for the team's file (never shown to the buyer).
    db()
      .select({
        name: contacts.name,
        title: contacts.title,
        susScore: userResponses.susScore,
        unaided: sql<number>`count(*) filter (where ${userResponseTasks.outcome} = 'completed')`.mapWith(Number),
        attempted: sql<number>`count(${userResponseTasks.taskId})`.mapWith(Number),
        submittedAt: userResponses.submittedAt,
      })
      .from(userResponses)
      .innerJoin(contacts, eq(contacts.id, userResponses.contactId))
      .leftJoin(userResponseTasks, eq(userResponseTasks.responseId, userResponses.id))
      .where(and(eq(userResponses.workspaceId, workspaceId), eq(userResponses.roundId, readiness.latestClosed.id), eq(userResponses.customerId, customerId)))
      .groupBy(userResponses.id, contacts.id)
      .orderBy(asc(contacts.name)),
    // Who cleared it for IT, when the program needs the clearance.
    standing
      ? db().select({ name: contacts.name, title: contacts.title, email: contacts.email }).from(contacts).where(and(eq(contacts.id, standing.contactId), eq(contacts.workspaceId, workspaceId)))
      : [],
  ]);
  const recorded = (round.gate as GateSnapshot).customers.find((c) => c.customerId === customerId)!;
  // Snapshots before the intervals lack the spread and counts: the closed round's own responses give them.
  const evidence = {
    ...recorded,
    susSd: recorded.susSd !== undefined ? recorded.susSd : sampleSd(users.map((u) => u.susScore)),
    completed: recorded.completed ?? users.reduce((sum, u) => sum + u.unaided, 0),
    attempts: recorded.attempts ?? users.reduce((sum, u) => sum + u.attempted, 0),
  };
  const clearance = standing && gatekeeper ? { gatekeeper, decision: standing.decision, decidedAt: standing.decidedAt, briefVersion: standing.version, conditions: standing.conditions } : null;
  return { referenceable: true as const, name: entry.name, signoff, round: { number: round.number, title: round.title, closedAt: round.closedAt }, evidence, users, clearance, signoffId: entry.signoffId, roundId: signoff.roundId };
}
