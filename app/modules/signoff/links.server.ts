import { eq } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { signoffLinks, workspaces } from "#db/schema";
import { recordAudit, type AuditActor } from "~/modules/audit/audit.server";
import { queueEmail } from "~/modules/email/outbox.server";
import { clock } from "~/utils/clock.server";
import { answerBy } from "~/modules/rounds/schedule";
import { env } from "~/utils/env.server";
import { newToken, tokenPrefix } from "~/utils/tokens.server";

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export type RequestTarget = {
  workspaceId: string;
  programId: string;
  round: { id: string; number: number; product: string; closesOn: string | null };
  customer: { id: string; name: string };
  buyer: { id: string; name: string; email: string };
  caseVersion: { id: string; version: number };
};

/** Adds a personal link to a request and queues its email, inside the caller's transaction. */
export async function issueLink(tx: Transaction, target: RequestTarget, request: { id: string; expiresAt: Date }, kind: "request" | "updated" | "reminder", actor: AuditActor) {
  const { token, hash } = newToken();
  await tx.insert(signoffLinks).values({ workspaceId: target.workspaceId, requestId: request.id, tokenHash: hash, createdAt: clock.now() });
  const [team] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, target.workspaceId));
  const props = {
    buyerName: target.buyer.name.split(" ")[0] || target.buyer.name,
    customerName: target.customer.name,
    productName: target.round.product,
    teamName: team.name,
    roundNumber: target.round.number,
    caseVersion: target.caseVersion.version,
    expiresOn: longDate.format(request.expiresAt),
    link: `${env().APP_URL}/s/${token}`,
    answerBy: answerBy(target.round.closesOn, clock.now()),
  };
  await queueEmail(tx, {
    workspaceId: target.workspaceId,
    to: target.buyer.email,
    subjectId: request.id,
    ...(kind === "reminder" ? { template: "signoff-reminder" as const, props } : { template: "signoff-request" as const, props: { ...props, kind } }),
  });
  await recordAudit(tx, actor, {
    workspaceId: target.workspaceId,
    action: kind === "reminder" ? "signoff.reminded" : "signoff.sent",
    programId: target.programId,
    roundId: target.round.id,
    customerId: target.customer.id,
    subjectId: request.id,
    details: { to: target.buyer.email, caseVersion: target.caseVersion.version, link: tokenPrefix(hash), kind },
  });
}
