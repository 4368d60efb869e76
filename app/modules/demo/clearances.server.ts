import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { clearanceMarks, clearanceRequests, clearances, contacts, techBriefs, techBriefVersions, techRequirements } from "#db/schema";
import type { MemberActor } from "~/modules/audit/audit.server";
import { demoDay } from "./history.server";

type Mark = "met" | "needs_work" | "blocker";

const requirements = [
  { key: "sso", title: "SAML single sign-on", need: "Dispatchers sign in through our identity provider; no separate passwords." },
  { key: "eu", title: "Data stays in the EU", need: "Job, customer and technician data is stored and processed in the EU only." },
  { key: "audit", title: "Audit trail of schedule changes", need: "Who moved which job, when, kept for a year and exportable." },
  { key: "erp", title: "Exports to our ERP", need: "Completed jobs reach the ERP for invoicing the same day." },
] as const;
type Key = (typeof requirements)[number]["key"];

const answers: Record<Key, string> = {
  sso: "SAML 2.0 sign-in is on the roadmap for the quarter after launch; until then, accounts with two-factor sign-in.",
  eu: "Hosted in Frankfurt (AWS eu-central-1); backups in Dublin.",
  audit: "Every change to a job is logged with who, when and what; CSV export by date range.",
  erp: "A nightly CSV export today; a direct connector for the common ERPs is planned.",
};

/**
 * The gatekeepers' reviews of the demo: most cleared, Northgate's CISO with conditions, and
 * Brightline's head of IT security vetoing for the missing single sign-on — so the demo's readiness
 * shows a customer blocked on IT. Meridian's review is still out; Cascade's was never asked.
 */
const reviews: { customer: string; sent: number; decided?: number; decision?: "cleared" | "cleared_with_conditions" | "veto"; conditions?: string; vetoReason?: string; marks?: Partial<Record<Key, [Mark, string?]>> }[] = [
  { customer: "Harbor Mechanical", sent: -40, decided: -37, decision: "cleared", marks: { erp: ["needs_work", "We need the connector within a year."] } },
  { customer: "Brightline Elevators", sent: -40, decided: -33, decision: "veto", vetoReason: "no SAML support: every tool holding technician data must sign in through our identity provider.", marks: { sso: ["blocker", "Two-factor passwords are not an option under our policy."] } },
  { customer: "Summit Solar Services", sent: -40, decided: -36, decision: "cleared" },
  { customer: "Northgate Facilities", sent: -26, decided: -20, decision: "cleared_with_conditions", conditions: "SAML single sign-on switched on before any paid use; the audit trail exported to our SIEM monthly.", marks: { sso: ["needs_work", "Acceptable for the pilot only."] } },
  { customer: "Riverbend Plumbing", sent: -40, decided: -39, decision: "cleared" },
  { customer: "Keystone Security Systems", sent: -25, decided: -22, decision: "cleared", marks: { erp: ["needs_work"] } },
  { customer: "Meridian Medical Equipment", sent: -5 },
];

/** Writes the demo's requirements, briefs and reviews in the demo's transaction, dated in the story's past. */
export async function buildDemoClearances(tx: Transaction, actor: MemberActor, programId: string, customerIds: Map<string, string>) {
  const workspaceId = actor.workspaceId;
  const created = demoDay(-45, 11);
  const reqRows = await tx
    .insert(techRequirements)
    .values(requirements.map((r, position) => ({ workspaceId, programId, position, title: r.title, need: r.need, createdAt: created })))
    .returning({ id: techRequirements.id, title: techRequirements.title });
  const idOf = (key: Key) => reqRows.find((r) => r.title === requirements.find((x) => x.key === key)!.title)!.id;
  const snapshot = requirements.map((r) => ({ requirementId: idOf(r.key), title: r.title, need: r.need, answer: answers[r.key] }));
  const canonical = JSON.stringify(snapshot);

  for (const review of reviews) {
    const customerId = customerIds.get(review.customer)!;
    const [gatekeeper] = await tx.select({ id: contacts.id, name: contacts.name }).from(contacts).where(and(eq(contacts.customerId, customerId), eq(contacts.isGatekeeper, true)));
    const sentAt = demoDay(review.sent, 10, 30);
    const [brief] = await tx.insert(techBriefs).values({ workspaceId, customerId, currentVersion: 1, createdAt: sentAt }).returning({ id: techBriefs.id });
    const [version] = await tx
      .insert(techBriefVersions)
      .values({ workspaceId, briefId: brief.id, version: 1, answers: snapshot, contentHash: createHash("sha256").update(canonical).digest("hex"), createdById: actor.memberId, createdAt: sentAt })
      .returning({ id: techBriefVersions.id });
    const [request] = await tx
      .insert(clearanceRequests)
      .values({ workspaceId, programId, customerId, contactId: gatekeeper.id, briefVersionId: version.id, createdAt: sentAt, expiresAt: demoDay(review.sent + 30, 10, 30) })
      .returning({ id: clearanceRequests.id });
    if (!review.decision || review.decided === undefined) continue;
    const [clearance] = await tx
      .insert(clearances)
      .values({
        workspaceId,
        requestId: request.id,
        programId,
        customerId,
        contactId: gatekeeper.id,
        briefVersionId: version.id,
        decision: review.decision,
        conditions: review.conditions ?? "",
        vetoReason: review.vetoReason ?? null,
        signatureName: gatekeeper.name,
        signedContentHash: createHash("sha256").update(canonical).digest("hex"),
        decidedAt: demoDay(review.decided, 15),
      })
      .returning({ id: clearances.id });
    await tx.insert(clearanceMarks).values(
      requirements.map((r) => {
        const [mark, note] = review.marks?.[r.key] ?? ["met"];
        return { workspaceId, clearanceId: clearance.id, requirementId: idOf(r.key), mark, note: note ?? "" };
      }),
    );
  }
}
