import { and, eq, isNull } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { signoffLinks, signoffRequests } from "#db/schema";
import { clock } from "~/utils/clock.server";

/** Ends a request: its links stop working and a newer request (if any) asks again. */
export async function supersedeRequest(tx: Transaction, requestId: string) {
  const now = clock.now();
  await tx.update(signoffRequests).set({ supersededAt: now }).where(eq(signoffRequests.id, requestId));
  await tx.update(signoffLinks).set({ revokedAt: now }).where(and(eq(signoffLinks.requestId, requestId), isNull(signoffLinks.revokedAt)));
}
