import { randomUUID } from "node:crypto";
import { and, count, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { db } from "#db/client";
import { clearanceMarks, clearanceRequests, clearances, members, techBriefs, techBriefVersions, techRequirements } from "#db/schema";
import type { MemberActor, MemberRole } from "~/modules/audit/audit.server";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import { createProgram } from "~/modules/programs/programs.server";
import { changeTasks, createRound, openRound } from "~/modules/rounds/rounds.server";
import { createWorkspace } from "~/modules/workspaces/workspaces.server";

export const origin = { ip: "127.0.0.1", userAgent: "vitest" };
export const PASSWORD = "correct horse battery staple";

export const uniqueEmail = (label = "pm") => `${label}.${randomUUID().slice(0, 8)}@example.test`;

export function actorOf(member: { id: string; workspaceId: string }, role: MemberRole): MemberActor {
  return { type: "member", memberId: member.id, workspaceId: member.workspaceId, role, ...origin };
}

/** A fresh workspace with its admin; tests stay apart by using their own workspaces. */
export async function newWorkspace(options: { loadDemo?: boolean; demoHistory?: boolean } = {}) {
  const email = uniqueEmail("admin");
  const { member, demoProgramId } = await createWorkspace({
    workspaceName: "Acme Product Team",
    name: "Ada Admin",
    email,
    password: PASSWORD,
    loadDemo: options.loadDemo,
    demoHistory: options.demoHistory,
    origin,
  });
  return { workspaceId: member.workspaceId, admin: actorOf(member, "admin"), adminEmail: email, demoProgramId };
}

/** Adds a member directly (the invitation flow has its own tests). */
export async function addMember(workspaceId: string, role: MemberRole) {
  const [member] = await db()
    .insert(members)
    .values({ workspaceId, name: `${role} person`, email: uniqueEmail(role), passwordHash: "$argon2id$unused", role })
    .returning({ id: members.id, workspaceId: members.workspaceId, email: members.email });
  return { ...actorOf(member, role), email: member.email };
}

export async function rowCount(table: PgTable, where?: SQL) {
  const [row] = await db().select({ n: count() }).from(table).where(where);
  return row.n;
}

export const programInput = {
  name: "Dispatch charter",
  product: "Dispatch Board",
  valueHypothesis: "Dispatchers plan a day in half the time.",
  targetReferenceable: 6,
  // Off, so the tests of the two tests read readiness as before; the gatekeeper's tests turn it on.
  itClearanceRequired: false,
};

export const customerInput = (name: string) => ({ name, segment: "", website: "", notes: "" });

export const contactInput = (name: string, roles: Partial<Record<"isBuyer" | "isUser" | "isChampion" | "isGatekeeper" | "isReferenceContact", boolean>>) => ({
  name,
  email: `${name.toLowerCase().replace(/\s+/g, ".")}@customer.test`,
  title: "",
  isBuyer: false,
  isUser: false,
  isChampion: false,
  isGatekeeper: false,
  isReferenceContact: false,
  ...roles,
});


/**
 * A workspace whose program has six active customers, each with a buyer ("Buyer N") and a user
 * ("User N"), and an open round with one task: the start of most channel tests.
 */
export async function programWithOpenRound(thresholds = { minResponses: 3, minSus: 68, minTaskCompletionPct: 78 }) {
  const ws = await newWorkspace();
  const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
  const customerIds: string[] = [];
  for (let c = 0; c < 6; c++) {
    const { id } = await enrollCustomer({ actor: ws.admin, programId, input: customerInput(`Customer ${c}`) });
    await changeCustomerStatus({ actor: ws.admin, programId, customerId: id, change: { intent: "activate" } });
    await addContact({ actor: ws.admin, programId, customerId: id, input: contactInput(`Buyer ${c}`, { isBuyer: true }) });
    await addContact({ actor: ws.admin, programId, customerId: id, input: contactInput(`User ${c}`, { isUser: true }) });
    customerIds.push(id);
  }
  const round = await createRound({ actor: ws.admin, programId, input: { title: "R", prototypeUrl: "", version: "", testerNotes: "", ...thresholds } });
  await changeTasks({ actor: ws.admin, programId, roundId: round.id, change: { intent: "add-task", instruction: "Try it", successCriteria: "" } });
  await openRound({ actor: ws.admin, programId, roundId: round.id });
  return { ...ws, programId, roundId: round.id, customerIds };
}

// ---------------------------------------------------------------------------------------------
// Gatekeeper channel rows (issue 15). The channel's own operations (brief editor, sending, the
// gatekeeper's page) live in their module; readiness, the matrix and the buyer's page only read
// these rows, so their tests write them directly, as the channel would leave them.

/** A program's technical requirements, in order; returns their ids. */
export async function requirementsFactory(workspaceId: string, programId: string, titles: string[]) {
  const rows = await db()
    .insert(techRequirements)
    .values(titles.map((title, position) => ({ workspaceId, programId, position, title, need: `${title}, please` })))
    .returning({ id: techRequirements.id });
  return rows.map((r) => r.id);
}

/**
 * A new version of a customer's technical brief (the first makes the brief). As an edit does, it
 * supersedes the customer's live request: a clearance of the old version stops standing.
 */
export async function briefVersionFactory({ workspaceId, memberId, customerId }: { workspaceId: string; memberId: string; customerId: string }) {
  return db().transaction(async (tx) => {
    const [brief] = await tx
      .insert(techBriefs)
      .values({ workspaceId, customerId, currentVersion: 1 })
      .onConflictDoUpdate({ target: techBriefs.customerId, set: { currentVersion: sql`${techBriefs.currentVersion} + 1` } })
      .returning({ id: techBriefs.id, version: techBriefs.currentVersion });
    const [version] = await tx
      .insert(techBriefVersions)
      .values({ workspaceId, briefId: brief.id, version: brief.version, answers: [], contentHash: `hash-${brief.version}`, createdById: memberId })
      .returning({ id: techBriefVersions.id });
    await tx.update(clearanceRequests).set({ supersededAt: new Date() }).where(and(eq(clearanceRequests.customerId, customerId), isNull(clearanceRequests.supersededAt)));
    return { briefVersionId: version.id, version: brief.version };
  });
}

/** A review request to a gatekeeper on one brief version, not answered yet. */
export async function clearanceRequestFactory({ workspaceId, programId, customerId, contactId, briefVersionId }: { workspaceId: string; programId: string; customerId: string; contactId: string; briefVersionId: string }) {
  const [request] = await db()
    .insert(clearanceRequests)
    .values({ workspaceId, programId, customerId, contactId, briefVersionId, expiresAt: new Date(Date.now() + 30 * 86_400_000) })
    .returning({ id: clearanceRequests.id });
  return request.id;
}

/** A gatekeeper's decision on a brief version (with its request), and their marks per requirement. */
export async function clearanceFactory(input: {
  workspaceId: string;
  programId: string;
  customerId: string;
  contactId: string;
  briefVersionId: string;
  decision: "cleared" | "cleared_with_conditions" | "veto";
  conditions?: string;
  vetoReason?: string;
  marks?: { requirementId: string; mark: "met" | "needs_work" | "blocker"; note?: string }[];
  decidedAt?: Date;
  /** The live request it answers; made here when not given. */
  requestId?: string;
}) {
  const requestId = input.requestId ?? (await clearanceRequestFactory(input));
  const [clearance] = await db()
    .insert(clearances)
    .values({
      workspaceId: input.workspaceId,
      requestId,
      programId: input.programId,
      customerId: input.customerId,
      contactId: input.contactId,
      briefVersionId: input.briefVersionId,
      decision: input.decision,
      conditions: input.conditions ?? "",
      vetoReason: input.vetoReason ?? null,
      signatureName: "Gatekeeper",
      signedContentHash: "hash",
      ...(input.decidedAt ? { decidedAt: input.decidedAt } : {}),
    })
    .returning({ id: clearances.id });
  if (input.marks?.length)
    await db()
      .insert(clearanceMarks)
      .values(input.marks.map((m) => ({ workspaceId: input.workspaceId, clearanceId: clearance.id, requirementId: m.requirementId, mark: m.mark, note: m.note ?? "" })));
  return clearance.id;
}

/**
 * A gatekeeper's decision on a customer's technical brief, written straight into the channel's
 * tables (the themes tests read them; the channel's own flow has its own tests): a requirement per
 * note, a brief version, a request and the decision with its marks.
 */
export async function gatekeeperDecision({
  actor,
  programId,
  roundId,
  customerId,
  decision,
  conditions = "",
  vetoReason = null,
  notes = [],
}: {
  actor: MemberActor;
  programId: string;
  roundId: string | null;
  customerId: string;
  decision: "cleared" | "cleared_with_conditions" | "veto";
  conditions?: string;
  vetoReason?: string | null;
  notes?: { requirement: string; mark: "met" | "needs_work" | "blocker"; note: string }[];
}) {
  const workspaceId = actor.workspaceId;
  const gatekeeper = await addContact({ actor, programId, customerId, input: contactInput(`Gatekeeper ${randomUUID().slice(0, 6)}`, { isGatekeeper: true }) });
  return db().transaction(async (tx) => {
    const requirements = notes.length
      ? await tx
          .insert(techRequirements)
          .values(notes.map((n, i) => ({ workspaceId, programId, position: i + 1, title: n.requirement })))
          .returning({ id: techRequirements.id })
      : [];
    const [brief] = await tx.insert(techBriefs).values({ workspaceId, customerId, currentVersion: 1 }).returning({ id: techBriefs.id });
    const [version] = await tx
      .insert(techBriefVersions)
      .values({ workspaceId, briefId: brief.id, version: 1, answers: [], contentHash: "0".repeat(64), createdById: actor.memberId })
      .returning({ id: techBriefVersions.id });
    const [request] = await tx
      .insert(clearanceRequests)
      .values({ workspaceId, programId, roundId, customerId, contactId: gatekeeper.id, briefVersionId: version.id, expiresAt: new Date(Date.now() + 86_400_000) })
      .returning({ id: clearanceRequests.id });
    const [clearance] = await tx
      .insert(clearances)
      .values({ workspaceId, requestId: request.id, programId, roundId, customerId, contactId: gatekeeper.id, briefVersionId: version.id, decision, conditions, vetoReason, signatureName: "Gatekeeper", signedContentHash: "0".repeat(64) })
      .returning({ id: clearances.id });
    const marks = notes.length
      ? await tx
          .insert(clearanceMarks)
          .values(notes.map((n, i) => ({ workspaceId, clearanceId: clearance.id, requirementId: requirements[i].id, mark: n.mark, note: n.note })))
          .returning({ id: clearanceMarks.id })
      : [];
    return { clearanceId: clearance.id, markIds: marks.map((m) => m.id), contactId: gatekeeper.id };
  });
}
