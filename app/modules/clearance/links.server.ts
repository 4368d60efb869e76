import { eq } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { clearanceLinks, workspaces } from "#db/schema";
import { recordAudit, type AuditActor } from "~/modules/audit/audit.server";
import { queueEmail } from "~/modules/email/outbox.server";
import { answerBy } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { newToken, tokenPrefix } from "~/utils/tokens.server";

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** Who is asked about what: one gatekeeper, one version of one customer's brief. */
export type ClearanceTarget = {
  workspaceId: string;
  programId: string;
  product: string;
  /** The round open when the request went out, for its close date; null between rounds. */
  round: { id: string; closesOn: string | null } | null;
  customer: { id: string; name: string };
  gatekeeper: { id: string; name: string; email: string };
  briefVersion: { id: string; version: number };
};

export type LinkKind = "request" | "updated" | "reminder";

/** Adds a personal link to a request and queues its email, inside the caller's transaction. */
export async function issueClearanceLink(tx: Transaction, target: ClearanceTarget, request: { id: string; expiresAt: Date }, kind: LinkKind, actor: AuditActor, changes: string[] = []) {
  const { token, hash } = newToken();
  await tx.insert(clearanceLinks).values({ workspaceId: target.workspaceId, requestId: request.id, tokenHash: hash, createdAt: clock.now() });
  const [team] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, target.workspaceId));
  await queueEmail(tx, {
    workspaceId: target.workspaceId,
    to: target.gatekeeper.email,
    subjectId: request.id,
    template: "clearance-request",
    props: {
      gatekeeperName: target.gatekeeper.name.split(" ")[0] || target.gatekeeper.name,
      customerName: target.customer.name,
      productName: target.product,
      teamName: team.name,
      briefVersion: target.briefVersion.version,
      expiresOn: longDate.format(request.expiresAt),
      link: `${env().APP_URL}/g/${token}`,
      answerBy: target.round ? answerBy(target.round.closesOn, clock.now()) : null,
      kind,
      changes,
    },
  });
  await recordAudit(tx, actor, {
    workspaceId: target.workspaceId,
    action: kind === "reminder" ? "clearance.reminded" : "clearance.sent",
    programId: target.programId,
    roundId: target.round?.id ?? null,
    customerId: target.customer.id,
    subjectId: request.id,
    details: { to: target.gatekeeper.email, name: target.gatekeeper.name, briefVersion: target.briefVersion.version, link: tokenPrefix(hash), kind },
  });
}
