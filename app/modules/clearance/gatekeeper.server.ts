import { eq, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { auditEvents, clearanceLinks, clearanceMarks, clearanceRequests, clearances, contacts, customers, programs, techBriefVersions, workspaceLogos, workspaces } from "#db/schema";
import { recordAudit, type RequestOrigin } from "~/modules/audit/audit.server";
import { brandColumns, brandOf } from "~/modules/brand/brand.server";
import { queueEmail } from "~/modules/email/outbox.server";
import { raiseNotice } from "~/modules/notices/notices.server";
import { answerBy } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { AppError } from "~/utils/errors";
import { hashToken, tokenPrefix } from "~/utils/tokens.server";
import type { BriefAnswer } from "./brief.server";
import { decisionText, type ClearanceInput } from "./clearance.schema";

export type DeadClearanceLink = "unknown" | "revoked" | "superseded" | "expired";

/** What the gatekeeper last answered for this customer, for "what changed since you last answered". */
export type PreviousReview = { version: number; answers: BriefAnswer[]; notes: string; decision: "cleared" | "cleared_with_conditions" | "veto" };

const plausibleToken = (token: string) => token.length > 20 && token.length < 100;

/**
 * The link with everything the gatekeeper's page shows, in one statement: request, customer,
 * gatekeeper, brief version, decision (if any), whether it was opened, their previous answer.
 */
function linkQuery(executor: Executor, token: string) {
  return executor
    .select({
      linkRevokedAt: clearanceLinks.revokedAt,
      requestId: clearanceRequests.id,
      workspaceId: clearanceRequests.workspaceId,
      programId: clearanceRequests.programId,
      roundId: clearanceRequests.roundId,
      customerId: clearanceRequests.customerId,
      contactId: clearanceRequests.contactId,
      briefVersionId: clearanceRequests.briefVersionId,
      requestedAt: clearanceRequests.createdAt,
      expiresAt: clearanceRequests.expiresAt,
      supersededAt: clearanceRequests.supersededAt,
      programName: programs.name,
      programStatus: programs.status,
      product: programs.product,
      closesOn: sql<string | null>`(select r.closes_on from rounds r where r.id = ${clearanceRequests.roundId} and r.status = 'open')`,
      customerName: customers.name,
      customerStatus: customers.status,
      gatekeeperName: contacts.name,
      gatekeeperEmail: contacts.email,
      stillGatekeeper: sql<boolean>`${contacts.isGatekeeper} and ${contacts.removedAt} is null`,
      version: techBriefVersions.version,
      answers: techBriefVersions.answers,
      notes: techBriefVersions.notes,
      contentHash: techBriefVersions.contentHash,
      decisionId: clearances.id,
      decision: clearances.decision,
      decidedAt: clearances.decidedAt,
      opened: sql<boolean>`exists (select 1 from audit_events a where a.subject_id = ${clearanceRequests.id} and a.action = 'clearance.opened')`,
      previous: sql<PreviousReview | null>`(select json_build_object('version', v.version, 'answers', v.answers, 'notes', v.notes, 'decision', c.decision)
        from clearances c join tech_brief_versions v on v.id = c.brief_version_id
        where c.contact_id = ${clearanceRequests.contactId} and c.customer_id = ${clearanceRequests.customerId} and c.request_id <> ${clearanceRequests.id} and c.decided_at < ${clearanceRequests.createdAt}
        order by c.decided_at desc limit 1)`,
      ...brandColumns,
    })
    .from(clearanceLinks)
    .innerJoin(clearanceRequests, eq(clearanceRequests.id, clearanceLinks.requestId))
    .innerJoin(programs, eq(programs.id, clearanceRequests.programId))
    .innerJoin(customers, eq(customers.id, clearanceRequests.customerId))
    .innerJoin(contacts, eq(contacts.id, clearanceRequests.contactId))
    .innerJoin(techBriefVersions, eq(techBriefVersions.id, clearanceRequests.briefVersionId))
    .leftJoin(clearances, eq(clearances.requestId, clearanceRequests.id))
    .innerJoin(workspaces, eq(workspaces.id, clearanceRequests.workspaceId))
    .leftJoin(workspaceLogos, eq(workspaceLogos.workspaceId, clearanceRequests.workspaceId))
    .where(eq(clearanceLinks.tokenHash, hashToken(token)))
    .limit(1);
}

type Link = Awaited<ReturnType<typeof linkQuery>>[number];

/** Why a link cannot take a decision now; an answered request is handled before this. */
function deadReason(link: Link | undefined): DeadClearanceLink | null {
  if (!link) return "unknown";
  // No longer the gatekeeper, removed, or the customer withdrew: their links end.
  if (!link.stillGatekeeper || link.customerStatus === "withdrawn") return "revoked";
  if (link.supersededAt) return "superseded";
  if (link.linkRevokedAt) return "revoked";
  if (link.programStatus === "archived" || link.expiresAt <= clock.now()) return "expired";
  return null;
}

/**
 * What the gatekeeper's page shows. Reading changes nothing but one "clearance.opened" audit event
 * the first time (a unique index keeps it one, however many scanners open the link).
 */
export async function loadClearancePage(token: string, origin: RequestOrigin) {
  const [link] = plausibleToken(token) ? await linkQuery(db(), token) : [];
  if (!link) return { state: "unknown" as const };
  const brand = { ...brandOf(link), productName: link.product };
  if (link.decisionId && link.decision && link.decidedAt && !link.supersededAt)
    return { state: "decided" as const, decision: link.decision, decidedAt: link.decidedAt, customerName: link.customerName, product: link.product, gatekeeperName: link.gatekeeperName, brand };
  const dead = deadReason(link);
  if (dead) return { state: dead, product: link.product };
  if (!link.opened)
    await db()
      .insert(auditEvents)
      .values({
        workspaceId: link.workspaceId,
        actorType: "gatekeeper",
        actorContactId: link.contactId,
        action: "clearance.opened",
        programId: link.programId,
        roundId: link.roundId,
        customerId: link.customerId,
        subjectId: link.requestId,
        details: { link: tokenPrefix(hashToken(token)) },
        ip: origin.ip,
        userAgent: origin.userAgent,
        createdAt: clock.now(),
      })
      .onConflictDoNothing();
  return {
    state: "ok" as const,
    brand,
    product: link.product,
    programName: link.programName,
    customerName: link.customerName,
    gatekeeperName: link.gatekeeperName,
    expiresAt: link.expiresAt,
    answerBy: answerBy(link.closesOn, clock.now()),
    brief: { version: link.version, answers: link.answers, notes: link.notes, contentHash: link.contentHash },
    previous: link.previous,
  };
}

const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

/**
 * Records the gatekeeper's review. Locks the request, then reads the link again and checks that
 * copy (a supersede or removal that committed meanwhile is seen). A second post — a double click,
 * twenty at once — records nothing new and says when the first was recorded.
 */
export async function submitClearance({ token, input, origin }: { token: string; input: ClearanceInput; origin: RequestOrigin }) {
  try {
    return await db().transaction(async (tx) => {
      const [target] = plausibleToken(token)
        ? await tx.select({ requestId: clearanceLinks.requestId }).from(clearanceLinks).where(eq(clearanceLinks.tokenHash, hashToken(token)))
        : [];
      if (!target) throw new AppError("not_found", "unknown");
      await tx.select({ id: clearanceRequests.id }).from(clearanceRequests).where(eq(clearanceRequests.id, target.requestId)).for("update");
      const [link] = await linkQuery(tx, token);
      if (!link) throw new AppError("not_found", "unknown");
      if (link.decisionId && link.decidedAt) return { status: "already" as const, decidedAt: link.decidedAt };
      const dead = deadReason(link);
      if (dead) throw new AppError("not_found", dead);
      // The marks answer exactly the requirements of the version the gatekeeper was shown.
      const shown = new Set(link.answers.map((a) => a.requirementId));
      const marked = new Set(input.marks.map((m) => m.requirementId));
      if (marked.size !== input.marks.length || marked.size !== shown.size || [...shown].some((id) => !marked.has(id)))
        throw new AppError("invalid", "This form is out of date; reload the page.");

      const now = clock.now();
      const [clearance] = await tx
        .insert(clearances)
        .values({
          workspaceId: link.workspaceId,
          requestId: link.requestId,
          programId: link.programId,
          roundId: link.roundId,
          customerId: link.customerId,
          contactId: link.contactId,
          briefVersionId: link.briefVersionId,
          decision: input.decision,
          conditions: input.decision === "cleared_with_conditions" ? input.conditions : "",
          vetoReason: input.decision === "veto" ? input.vetoReason : null,
          signatureName: input.signatureName,
          signedContentHash: link.contentHash,
          ip: origin.ip,
          userAgent: origin.userAgent,
          decidedAt: now,
        })
        .returning({ id: clearances.id });
      await tx.insert(clearanceMarks).values(input.marks.map((m) => ({ workspaceId: link.workspaceId, clearanceId: clearance.id, requirementId: m.requirementId, mark: m.mark, note: m.note })));
      const blockers = input.marks.filter((m) => m.mark === "blocker").length;
      await recordAudit(tx, { type: "gatekeeper", contactId: link.contactId, ...origin }, {
        workspaceId: link.workspaceId,
        action: `clearance.${input.decision}`,
        programId: link.programId,
        roundId: link.roundId,
        customerId: link.customerId,
        subjectId: link.requestId,
        details: {
          clearanceId: clearance.id,
          briefVersion: link.version,
          contentHash: link.contentHash,
          blockers,
          signatureName: input.signatureName,
          // The gatekeeper's own words, for the customer's timeline.
          ...(input.decision === "veto" ? { vetoReason: input.vetoReason } : input.decision === "cleared_with_conditions" ? { conditions: input.conditions } : {}),
          link: tokenPrefix(hashToken(token)),
        },
      });
      const statement = input.decision === "veto" ? input.vetoReason : input.decision === "cleared_with_conditions" ? input.conditions : "";
      const [team] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, link.workspaceId));
      await queueEmail(tx, {
        workspaceId: link.workspaceId,
        to: link.gatekeeperEmail,
        subjectId: clearance.id,
        template: "clearance-receipt",
        props: {
          gatekeeperName: link.gatekeeperName.split(" ")[0] || link.gatekeeperName,
          customerName: link.customerName,
          productName: link.product,
          teamName: team.name,
          decision: input.decision,
          briefVersion: link.version,
          contentHash: link.contentHash,
          decidedAt: dateTime.format(now),
          statement,
        },
      });
      // The PM hears of every decision (a veto most of all), in the portal and as they chose.
      await raiseNotice(tx, {
        workspaceId: link.workspaceId,
        programId: link.programId,
        roundId: link.roundId,
        kind: "clearance_decided",
        eventKey: `clearance_decided:${clearance.id}`,
        title: `${link.customerName}'s IT gatekeeper: ${decisionText[input.decision].toLowerCase()} (brief version ${link.version})`,
        body: `${input.signatureName}${statement ? `: “${statement}”` : ""}${blockers ? ` · ${blockers} requirement${blockers > 1 ? "s" : ""} marked blocker` : ""}`,
        href: `/programs/${link.programId}/customers/${link.customerId}/brief`,
      });
      return { status: "recorded" as const, decidedAt: now };
    });
  } catch (error) {
    // The lock makes this rare; the unique key makes it impossible to record twice.
    if (isUniqueViolation(error, "clearances_request_key")) {
      const [link] = await linkQuery(db(), token);
      if (link?.decidedAt) return { status: "already" as const, decidedAt: link.decidedAt };
    }
    throw error;
  }
}
