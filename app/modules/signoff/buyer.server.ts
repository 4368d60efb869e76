import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { itClearanceForBuyer } from "~/modules/gates/it-clearance";
import { programItClearances } from "~/modules/gates/it-clearance.server";
import { db, type Executor, type Transaction } from "#db/client";
import { auditEvents, businessCaseVersions, contacts, customers, members, noticeSettings, programs, rounds, signoffLinks, signoffRequests, signoffs, workspaceLogos, workspaces } from "#db/schema";
import { recordAudit, type RequestOrigin } from "~/modules/audit/audit.server";
import { brandColumns, brandOf } from "~/modules/brand/brand.server";
import { queueEmail } from "~/modules/email/outbox.server";
import { cancelPendingReferences } from "~/modules/references/withdrawal.server";
import { shareRound } from "~/modules/rounds/round-locks.server";
import { answerBy } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { env } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { hashToken, newToken, tokenPrefix } from "~/utils/tokens.server";
import { nameReferenceContact } from "./reference-contact.server";
import { referenceUses } from "./reference-uses";
import type { SignoffInput } from "./signoff.schema";

/** The buyer's previous answer, for "what changed since you last answered". */
export type PreviousAnswer = { version: number; problem: string; valueClaimed: string; priceTerms: string; notes: string; decision: "approve" | "decline"; roundNumber: number; prototypeVersion: string };

export type DeadSignoffLink = "unknown" | "revoked" | "superseded" | "expired" | "closed";

const linkFields = {
  linkId: signoffLinks.id,
  linkRevokedAt: signoffLinks.revokedAt,
  requestId: signoffRequests.id,
  workspaceId: signoffRequests.workspaceId,
  roundId: signoffRequests.roundId,
  customerId: signoffRequests.customerId,
  contactId: signoffRequests.contactId,
  caseVersionId: signoffRequests.caseVersionId,
  expiresAt: signoffRequests.expiresAt,
  supersededAt: signoffRequests.supersededAt,
  roundStatus: rounds.status,
  roundNumber: rounds.number,
  roundTitle: rounds.title,
  prototypeUrl: rounds.prototypeUrl,
  closesOn: rounds.closesOn,
  programId: programs.id,
  programName: programs.name,
  product: programs.product,
  valueHypothesis: programs.valueHypothesis,
  customerName: customers.name,
  customerStatus: customers.status,
  buyerName: contacts.name,
  buyerEmail: contacts.email,
  buyerRemovedAt: contacts.removedAt,
  stillBuyer: contacts.isBuyer,
};

function linkQuery(executor: Executor, token: string) {
  return executor
    .select(linkFields)
    .from(signoffLinks)
    .innerJoin(signoffRequests, eq(signoffRequests.id, signoffLinks.requestId))
    .innerJoin(rounds, eq(rounds.id, signoffRequests.roundId))
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .innerJoin(customers, eq(customers.id, signoffRequests.customerId))
    .innerJoin(contacts, eq(contacts.id, signoffRequests.contactId))
    .where(eq(signoffLinks.tokenHash, hashToken(token)))
    .limit(1);
}

type Link = Awaited<ReturnType<typeof linkQuery>>[number];

async function decisionOf(executor: Executor, requestId: string) {
  const [decided] = await executor
    .select({ id: signoffs.id, decision: signoffs.decision, decidedAt: signoffs.decidedAt, referenceConsent: signoffs.referenceConsent, signatureName: signoffs.signatureName })
    .from(signoffs)
    .where(eq(signoffs.requestId, requestId));
  return decided;
}

/** Why a link cannot take a decision now; a decided request is answered separately. */
function deadReason(link: Link | undefined): DeadSignoffLink | null {
  if (!link) return "unknown";
  // Removed from the unit, no longer the buyer, or the customer withdrew: their links end.
  if (link.buyerRemovedAt || !link.stillBuyer || link.customerStatus === "withdrawn") return "revoked";
  if (link.supersededAt) return "superseded";
  if (link.linkRevokedAt) return "revoked";
  if (link.roundStatus === "closed") return "closed";
  if (link.roundStatus !== "open" || link.expiresAt <= clock.now()) return "expired";
  return null;
}

const plausibleToken = (token: string) => token.length > 20 && token.length < 100;

/**
 * Everything the buyer's page shows, in one statement: the link with its decision (if any), the
 * case version it binds, whether it was opened before, and the evidence the buyer sees — their own
 * users' aggregate for the round, never individual answers.
 */
function pageQuery(token: string) {
  const ofThisCustomer = sql`r.round_id = ${signoffRequests.roundId} and r.customer_id = ${signoffRequests.customerId}`;
  const tasksOfThisCustomer = sql`user_response_tasks t join user_responses r on r.id = t.response_id where t.round_id = ${signoffRequests.roundId} and ${ofThisCustomer}`;
  return db()
    .select({
      ...linkFields,
      decisionId: signoffs.id,
      decision: signoffs.decision,
      decidedAt: signoffs.decidedAt,
      referenceConsent: signoffs.referenceConsent,
      opened: sql<boolean>`exists (select 1 from audit_events a where a.subject_id = ${signoffRequests.id} and a.action = 'signoff.opened')`,
      caseVersion: businessCaseVersions.version,
      prototypeVersion: rounds.version,
      testerNotes: rounds.testerNotes,
      // What this buyer last answered for this customer, in an earlier request: their page says what changed since.
      previous: sql<PreviousAnswer | null>`(select json_build_object('version', v.version, 'problem', v.problem, 'valueClaimed', v.value_claimed, 'priceTerms', v.price_terms, 'notes', v.notes, 'decision', s.decision, 'roundNumber', r.number, 'prototypeVersion', r.version)
        from signoffs s join business_case_versions v on v.id = s.case_version_id join rounds r on r.id = s.round_id
        where s.contact_id = ${signoffRequests.contactId} and s.customer_id = ${signoffRequests.customerId} and s.request_id <> ${signoffRequests.id} and s.decided_at < ${signoffRequests.createdAt}
        order by s.decided_at desc limit 1)`,
      problem: businessCaseVersions.problem,
      valueClaimed: businessCaseVersions.valueClaimed,
      priceTerms: businessCaseVersions.priceTerms,
      caseNotes: businessCaseVersions.notes,
      contentHash: businessCaseVersions.contentHash,
      responses: sql<number>`(select count(*) from user_responses r where ${ofThisCustomer})`.mapWith(Number),
      meanSus: sql<number | null>`(select avg(r.sus_score) from user_responses r where ${ofThisCustomer})`.mapWith((v) => (v === null ? null : Number(v))),
      susSd: sql<number | null>`(select stddev_samp(r.sus_score) from user_responses r where ${ofThisCustomer})`.mapWith((v) => (v === null ? null : Number(v))),
      completed: sql<number>`(select count(*) from ${tasksOfThisCustomer} and t.outcome = 'completed')`.mapWith(Number),
      attempts: sql<number>`(select count(*) from ${tasksOfThisCustomer})`.mapWith(Number),
      ...brandColumns,
    })
    .from(signoffLinks)
    .innerJoin(signoffRequests, eq(signoffRequests.id, signoffLinks.requestId))
    .innerJoin(rounds, eq(rounds.id, signoffRequests.roundId))
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .innerJoin(customers, eq(customers.id, signoffRequests.customerId))
    .innerJoin(contacts, eq(contacts.id, signoffRequests.contactId))
    .innerJoin(businessCaseVersions, eq(businessCaseVersions.id, signoffRequests.caseVersionId))
    .leftJoin(signoffs, eq(signoffs.requestId, signoffRequests.id))
    .innerJoin(workspaces, eq(workspaces.id, signoffRequests.workspaceId))
    .leftJoin(workspaceLogos, eq(workspaceLogos.workspaceId, signoffRequests.workspaceId))
    .where(eq(signoffLinks.tokenHash, hashToken(token)))
    .limit(1);
}

/**
 * What the buyer's page shows. Reading changes nothing but one audit event the first time the
 * link is opened (mail scanners open links too, so this is "opened", never "decided"). One query,
 * and the insert on the first opening only.
 */
export async function loadSignoffPage(token: string, origin: RequestOrigin) {
  const [link] = plausibleToken(token) ? await pageQuery(token) : [];
  if (!link) return { state: "unknown" as const };
  if (link.decisionId && link.decision && link.decidedAt && !link.supersededAt) {
    return { state: "decided" as const, decision: link.decision, decidedAt: link.decidedAt, referenceConsent: !!link.referenceConsent, customerName: link.customerName, product: link.product, buyerName: link.buyerName, brand: { ...brandOf(link), productName: link.product } };
  }
  const dead = deadReason(link);
  if (dead) return { state: dead, product: link.product };

  if (!link.opened) {
    await db()
      .insert(auditEvents)
      .values({
        workspaceId: link.workspaceId,
        actorType: "buyer",
        actorContactId: link.contactId,
        action: "signoff.opened",
        roundId: link.roundId,
        customerId: link.customerId,
        programId: link.programId,
        subjectId: link.requestId,
        details: { link: tokenPrefix(hashToken(token)) },
        ip: origin.ip,
        userAgent: origin.userAgent,
      })
      .onConflictDoNothing();
  }

  // Their company's IT review in one word: the gatekeeper's notes and marks stay with the team.
  const clearances = await programItClearances({ workspaceId: link.workspaceId, programId: link.programId, required: true });
  const itClearance = itClearanceForBuyer(clearances?.get(link.customerId)?.state ?? "no_gatekeeper");
  return {
    state: "ok" as const,
    itClearance,
    brand: { ...brandOf(link), productName: link.product },
    programName: link.programName,
    product: link.product,
    valueHypothesis: link.valueHypothesis,
    round: { number: link.roundNumber, title: link.roundTitle, prototypeUrl: link.prototypeUrl, prototypeVersion: link.prototypeVersion, testerNotes: link.testerNotes },
    previous: link.previous,
    answerBy: answerBy(link.closesOn, clock.now()),
    customerName: link.customerName,
    buyerName: link.buyerName,
    expiresAt: link.expiresAt,
    businessCase: { version: link.caseVersion, problem: link.problem, valueClaimed: link.valueClaimed, priceTerms: link.priceTerms, notes: link.caseNotes, contentHash: link.contentHash },
    evidence: { responses: link.responses, meanSus: link.meanSus, susSd: link.susSd, completed: link.completed, attempts: link.attempts, completionRate: link.attempts > 0 ? link.completed / link.attempts : null },
  };
}

const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

/** Where a link points, to know which round and request to lock; nothing here is checked yet. */
async function linkTarget(tx: Transaction, token: string) {
  if (!plausibleToken(token)) return undefined;
  const [target] = await tx
    .select({ requestId: signoffRequests.id, roundId: signoffRequests.roundId })
    .from(signoffLinks)
    .innerJoin(signoffRequests, eq(signoffRequests.id, signoffLinks.requestId))
    .where(eq(signoffLinks.tokenHash, hashToken(token)));
  return target;
}

/**
 * Records the buyer's decision. Locks in the documented order (rounds/round-locks.server.ts: the
 * round shared, then the request), then reads the link again and checks that copy: a close, a
 * supersede or a removal that committed meanwhile is seen. A second post — a double click, a
 * retry, twenty at once — records nothing new and says when the first was recorded.
 */
export async function submitSignoff({ token, input, origin }: { token: string; input: SignoffInput; origin: RequestOrigin }) {
  try {
    return await db().transaction(async (tx) => {
      const target = await linkTarget(tx, token);
      if (!target) throw new AppError("not_found", "unknown");
      await shareRound(tx, target.roundId);
      await tx.select({ id: signoffRequests.id }).from(signoffRequests).where(eq(signoffRequests.id, target.requestId)).for("update");
      const [link] = await linkQuery(tx, token);
      if (!link) throw new AppError("not_found", "unknown");
      const already = await decisionOf(tx, link.requestId);
      if (already) return { status: "already" as const, decidedAt: already.decidedAt };
      const dead = deadReason(link);
      if (dead) throw new AppError("not_found", dead);

      const [version] = await tx
        .select({ version: businessCaseVersions.version, contentHash: businessCaseVersions.contentHash })
        .from(businessCaseVersions)
        .where(eq(businessCaseVersions.id, link.caseVersionId));
      const consent = input.decision === "approve" && input.referenceConsent === "yes";
      const consentToken = consent ? newToken() : null;
      const named = consent && input.referenceContactName && input.referenceContactEmail ? { name: input.referenceContactName, email: input.referenceContactEmail } : null;
      const referenceContactId = await nameReferenceContact(
        tx,
        { workspaceId: link.workspaceId, programId: link.programId, customerId: link.customerId, buyerContactId: link.contactId, buyerEmail: link.buyerEmail },
        named,
        origin,
      );
      const now = clock.now();
      const [signoff] = await tx
        .insert(signoffs)
        .values({
          workspaceId: link.workspaceId,
          requestId: link.requestId,
          roundId: link.roundId,
          customerId: link.customerId,
          contactId: link.contactId,
          caseVersionId: link.caseVersionId,
          decision: input.decision,
          declineReason: input.decision === "decline" ? input.declineReason : null,
          conditions: input.conditions,
          willingnessToPay: input.willingnessToPay ?? null,
          wtpAmount: input.willingnessToPay === "amount" ? (input.wtpAmount ?? null) : null,
          wtpCurrency: input.willingnessToPay === "amount" ? (input.wtpCurrency ?? null) : null,
          referenceConsent: consent,
          consentNameLogo: consent && input.consentNameLogo,
          consentCaseStudy: consent && input.consentCaseStudy,
          consentReferenceCalls: consent && input.consentReferenceCalls,
          consentTokenHash: consentToken?.hash ?? null,
          signatureName: input.signatureName,
          signedContentHash: version.contentHash,
          ip: origin.ip,
          userAgent: origin.userAgent,
          decidedAt: now,
        })
        .returning({ id: signoffs.id });
      await recordAudit(tx, { type: "buyer", contactId: link.contactId, ...origin }, {
        workspaceId: link.workspaceId,
        action: input.decision === "approve" ? "signoff.approved" : "signoff.declined",
        programId: link.programId,
        roundId: link.roundId,
        customerId: link.customerId,
        subjectId: link.requestId,
        details: { signoffId: signoff.id, caseVersion: version.version, contentHash: version.contentHash, referenceConsent: consent, link: tokenPrefix(hashToken(token)) },
      });

      const uses = (Object.keys(referenceUses) as (keyof typeof referenceUses)[]).filter((key) => consent && input[key]).map((key) => referenceUses[key]);
      const [team] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, link.workspaceId));
      await queueEmail(tx, {
        workspaceId: link.workspaceId,
        to: link.buyerEmail,
        subjectId: signoff.id,
        template: "signoff-receipt",
        props: {
          buyerName: link.buyerName.split(" ")[0] || link.buyerName,
          customerName: link.customerName,
          productName: link.product,
          teamName: team.name,
          decision: input.decision,
          caseVersion: version.version,
          contentHash: version.contentHash,
          decidedAt: dateTime.format(now),
          referenceUses: uses,
          withdrawLink: consentToken ? `${env().APP_URL}/consent/${consentToken.token}` : undefined,
          referenceContact: named && referenceContactId ? `${named.name} (${named.email})` : undefined,
        },
      });
      // Every PM hears of each decision by email, except members who chose no notice emails; a
      // decline is also a notice, whose own email reaches members who chose one per notice (so
      // they get that one instead of two).
      const skipped = input.decision === "decline" ? ["none", "each"] : ["none"];
      const pms = await tx
        .select({ name: members.name, email: members.email })
        .from(members)
        .leftJoin(noticeSettings, eq(noticeSettings.memberId, members.id))
        .where(
          and(
            eq(members.workspaceId, link.workspaceId),
            inArray(members.role, ["admin", "pm"]),
            isNull(members.deactivatedAt),
            sql`coalesce(${noticeSettings.email}::text, 'digest') not in (${sql.join(skipped.map((s) => sql`${s}`), sql`, `)})`,
          ),
        );
      for (const pm of pms)
        await queueEmail(tx, {
          workspaceId: link.workspaceId,
          to: pm.email,
          subjectId: signoff.id,
          template: "signoff-notice",
          props: {
            pmName: pm.name.split(" ")[0] || pm.name,
            buyerName: link.buyerName,
            customerName: link.customerName,
            programName: link.programName,
            roundNumber: link.roundNumber,
            decision: input.decision,
            reason: input.decision === "decline" ? input.declineReason : undefined,
            referenceConsent: consent,
            link: `${env().APP_URL}/programs/${link.programId}/rounds/${link.roundId}/signoffs/${signoff.id}`,
          },
        });
      return { status: "recorded" as const, decidedAt: now };
    });
  } catch (error) {
    // The lock makes this rare; the unique key makes it impossible to record twice.
    if (isUniqueViolation(error, "signoffs_request_key")) {
      const [link] = await linkQuery(db(), token);
      const decided = link ? await decisionOf(db(), link.requestId) : undefined;
      if (decided) return { status: "already" as const, decidedAt: decided.decidedAt };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Withdrawing reference consent (from the receipt email)

function consentQuery(executor: Executor, token: string) {
  return executor
    .select({ id: signoffs.id, workspaceId: signoffs.workspaceId, roundId: signoffs.roundId, customerId: signoffs.customerId, contactId: signoffs.contactId, referenceConsent: signoffs.referenceConsent, consentWithdrawnAt: signoffs.consentWithdrawnAt, customerName: customers.name, product: programs.product, programId: programs.id, ...brandColumns })
    .from(signoffs)
    .innerJoin(customers, eq(customers.id, signoffs.customerId))
    .innerJoin(rounds, eq(rounds.id, signoffs.roundId))
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .innerJoin(workspaces, eq(workspaces.id, signoffs.workspaceId))
    .leftJoin(workspaceLogos, eq(workspaceLogos.workspaceId, signoffs.workspaceId))
    .where(eq(signoffs.consentTokenHash, hashToken(token)))
    .limit(1);
}

export async function loadConsentPage(token: string) {
  const [row] = plausibleToken(token) ? await consentQuery(db(), token) : [];
  if (!row || !row.referenceConsent) return { state: "unknown" as const };
  return { state: row.consentWithdrawnAt ? ("withdrawn" as const) : ("given" as const), customerName: row.customerName, product: row.product, withdrawnAt: row.consentWithdrawnAt, brand: { ...brandOf(row), productName: row.product } };
}

/** Withdraws reference consent; doing it again changes nothing. Locks round, then decision, then re-reads. */
export async function withdrawConsent({ token, origin }: { token: string; origin: RequestOrigin }) {
  return db().transaction(async (tx) => {
    const [target] = plausibleToken(token) ? await consentQuery(tx, token) : [];
    if (!target) throw new AppError("not_found", "This link does not work.");
    await shareRound(tx, target.roundId);
    await tx.select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.id, target.id)).for("update");
    // Read again under the lock: a removal of the buyer may have ended this link meanwhile.
    const [row] = await consentQuery(tx, token);
    if (!row || !row.referenceConsent) throw new AppError("not_found", "This link does not work.");
    if (row.consentWithdrawnAt) return { withdrawnAt: row.consentWithdrawnAt, changed: false };
    const now = clock.now();
    await tx.update(signoffs).set({ consentWithdrawnAt: now }).where(eq(signoffs.id, row.id));
    await recordAudit(tx, { type: "buyer", contactId: row.contactId, ...origin }, {
      workspaceId: row.workspaceId,
      action: "signoff.consent_withdrawn",
      programId: row.programId,
      roundId: row.roundId,
      customerId: row.customerId,
      subjectId: row.id,
    });
    // What was pending on this consent ends with it (PRODUCT.md: "Withdrawing consent cancels what is pending").
    await cancelPendingReferences(tx, { type: "buyer", contactId: row.contactId, ...origin }, { workspaceId: row.workspaceId, customerId: row.customerId, reason: "the customer withdrew reference consent" });
    return { withdrawnAt: now, changed: true };
  });
}

