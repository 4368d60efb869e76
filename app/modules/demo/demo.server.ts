import { and, eq, sql } from "drizzle-orm";
import { asOneTransaction, db, type Transaction } from "#db/client";
import { contacts, customers, emailOutbox, programs } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { mailboxMode } from "~/modules/email/outbox.server";
import { clock } from "~/utils/clock.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { AppError } from "~/utils/errors";
import { demoCustomers, emailOf, type DemoPerson } from "./demo-customers";
import { buildDemoClearances } from "./clearances.server";
import { buildDemoHistory, demoDay } from "./history.server";

const alreadyLoaded = () => new AppError("conflict", "This workspace already has the demo program: find it in the list of programs (archived ones included).");

/** Whether the workspace has had its demo program (a workspace gets it once). */
export async function hasDemoProgram(workspaceId: string) {
  const [row] = await db().select({ id: programs.id }).from(programs).where(and(eq(programs.workspaceId, workspaceId), eq(programs.demo, true))).limit(1);
  return !!row;
}

/**
 * Writes the demo program inside the caller's transaction and returns its id: eight customers,
 * then (with `history`, the default) seven weeks of history — round 1 closed as iterate, round 2
 * passed, round 3 open — made by the app's own operations on a clock shifted into the past, so
 * every row, email and audit event is what the app itself would have written. All of it commits
 * with the caller's transaction or none of it does. The gatekeepers' reviews are written as rows
 * (clearances.server.ts), dated in the same past.
 */
export async function loadDemoProgram(tx: Transaction, actor: MemberActor, { history = true }: { history?: boolean } = {}): Promise<string> {
  return asOneTransaction(tx, () =>
    clock.shifted(demoDay(-49, 9), async (travel) => {
      const programId = await enrollDemoCustomers(tx, actor);
      const customerIds = new Map(
        (await tx.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.programId, programId))).map((c) => [c.name, c.id]),
      );
      if (history) {
        await buildDemoHistory({ actor, programId, customerIds, travel });
        await buildDemoClearances(tx, actor, programId, customerIds);
      }
      travel(new Date());
      await settleDemoEmails(tx, actor.workspaceId, programId);
      await recordAudit(tx, actor, {
        workspaceId: actor.workspaceId,
        action: "program.demo_loaded",
        programId,
        subjectId: programId,
        details: { customers: demoCustomers.length, history },
      });
      return programId;
    }),
  );
}

/**
 * The history's emails went out weeks ago in the story; none of them goes to anyone now (their
 * addresses are .example ones, and the PM would get a notice per old decision). They show in the
 * in-app mailbox as delivered there, where a newcomer can still open a round-3 invitation.
 */
async function settleDemoEmails(tx: Transaction, workspaceId: string, programId: string) {
  // Every email of the history is about an invitation, a request or a decision of the demo's rounds.
  const ofDemoRounds = (table: "feedback_invites" | "signoff_requests" | "signoffs") =>
    sql`${emailOutbox.subjectId} in (select x.id from ${sql.raw(table)} x join rounds r on r.id = x.round_id where r.program_id = ${programId})`;
  await tx
    .update(emailOutbox)
    .set({ status: "sent", sentAt: sql`${emailOutbox.createdAt}`, providerId: "demo", ...(mailboxMode() ? {} : { sealedLinks: null }) })
    .where(and(eq(emailOutbox.workspaceId, workspaceId), eq(emailOutbox.status, "queued"), sql`(${ofDemoRounds("feedback_invites")} or ${ofDemoRounds("signoff_requests")} or ${ofDemoRounds("signoffs")})`));
}

async function enrollDemoCustomers(tx: Transaction, actor: MemberActor) {
  const workspaceId = actor.workspaceId;
  const now = clock.now();
  const [program] = await tx
    .insert(programs)
    .values({
      workspaceId,
      name: "Dispatch Board charter program",
      product: "Fieldline Dispatch Board",
      valueHypothesis: "Dispatchers plan a full day of jobs in half the time, and operations cut overtime by 15%.",
      targetReferenceable: 6,
      demo: true,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: programs.id });

  const insertedCustomers = await tx
    .insert(customers)
    .values(
      demoCustomers.map((c) => ({
        workspaceId,
        programId: program.id,
        name: c.name,
        segment: c.segment,
        size: c.size,
        website: `https://${c.domain}`,
        notes: c.notes,
        status: c.status,
        enrolledAt: now,
        activatedAt: c.status === "active" ? now : null,
      })),
    )
    .returning({ id: customers.id, name: customers.name });
  const idByName = new Map(insertedCustomers.map((c) => [c.name, c.id]));

  await tx.insert(contacts).values(
    demoCustomers.flatMap((c) => {
      const customerId = idByName.get(c.name)!;
      const person = ([name, title]: DemoPerson, roles: Partial<Record<"isBuyer" | "isUser" | "isChampion" | "isGatekeeper", boolean>>) => ({
        workspaceId,
        customerId,
        name,
        title,
        email: emailOf(name, c.domain),
        createdAt: now,
        updatedAt: now,
        ...roles,
      });
      return [
        person(c.buyer, { isBuyer: true }),
        // The champion often uses the product too.
        person(c.champion, { isChampion: true, isUser: true }),
        person(c.gatekeeper, { isGatekeeper: true }),
        ...c.users.map((u) => person(u, { isUser: true })),
      ];
    }),
  );
  return program.id;
}

/** The "Load demo program" button of an empty workspace; a workspace gets the demo once. */
export async function addDemoProgram(actor: MemberActor) {
  if (actor.role === "viewer") throw new AppError("forbidden", "Viewers can look but not change anything.");
  if (await hasDemoProgram(actor.workspaceId)) throw alreadyLoaded();
  try {
    return await db().transaction((tx) => loadDemoProgram(tx, actor));
  } catch (error) {
    // Two loads at once: the database keeps one demo per workspace, and the second rolls back whole.
    if (isUniqueViolation(error, "programs_one_demo_per_workspace_key")) throw alreadyLoaded();
    throw error;
  }
}
