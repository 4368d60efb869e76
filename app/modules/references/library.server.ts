import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { db } from "#db/client";
import { contacts, customers, members, referenceRequests } from "#db/schema";
import { approvedQuotes } from "~/modules/quotes/approved.server";
import { getProgram } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { availability, type Availability } from "./availability";
import { allowedKinds, type ReferenceKind } from "./kinds";
import type { LibraryFilter } from "./references.schema";
import { referenceStandings } from "./standing.server";

const DAY_MS = 86_400_000;
const LOG_PAGE = 200;

/**
 * The reference library: referenceable customers with their industry, size, approved quotes, uses
 * so far and when each is next available, filtered as asked; and the log of every request. A fixed
 * number of queries, whatever the number of customers, quotes or requests.
 */
export async function referenceLibrary(workspaceId: string, programId: string, filter: LibraryFilter) {
  const now = clock.now();
  const [program, standings] = await Promise.all([getProgram(workspaceId, programId), referenceStandings(workspaceId, programId)]);
  const limit = { uses: program.referenceLimitUses, days: program.referenceLimitDays };
  const referenceable = standings.filter((s) => s.referenceable);
  const ids = referenceable.map((s) => s.customerId);
  const [recent, totals, quotes, log] = await Promise.all([
    ids.length
      ? db()
          .select({ customerId: referenceRequests.customerId, requestedAt: referenceRequests.createdAt, status: referenceRequests.status })
          .from(referenceRequests)
          .where(and(eq(referenceRequests.workspaceId, workspaceId), inArray(referenceRequests.customerId, ids), gt(referenceRequests.createdAt, new Date(now.getTime() - limit.days * DAY_MS))))
      : [],
    ids.length
      ? db()
          .select({ customerId: referenceRequests.customerId, status: referenceRequests.status })
          .from(referenceRequests)
          .where(and(eq(referenceRequests.workspaceId, workspaceId), inArray(referenceRequests.customerId, ids), eq(referenceRequests.status, "agreed")))
      : [],
    // The quote module's own rule: approved for public use, and not since the consent was withdrawn.
    ids.length ? approvedQuotes({ workspaceId, programId }) : [],
    db()
      .select({
        id: referenceRequests.id,
        customerId: referenceRequests.customerId,
        customerName: customers.name,
        kind: referenceRequests.kind,
        requester: referenceRequests.requester,
        purpose: referenceRequests.purpose,
        neededBy: referenceRequests.neededBy,
        status: referenceRequests.status,
        createdAt: referenceRequests.createdAt,
        expiresAt: referenceRequests.expiresAt,
        answeredAt: referenceRequests.answeredAt,
        answerNote: referenceRequests.answerNote,
        signatureName: referenceRequests.signatureName,
        cancelReason: referenceRequests.cancelReason,
        overrideReason: referenceRequests.overrideReason,
        askedName: contacts.name,
        requestedBy: members.name,
      })
      .from(referenceRequests)
      .innerJoin(customers, eq(customers.id, referenceRequests.customerId))
      .innerJoin(contacts, eq(contacts.id, referenceRequests.contactId))
      .innerJoin(members, eq(members.id, referenceRequests.requestedById))
      .where(and(eq(referenceRequests.workspaceId, workspaceId), eq(referenceRequests.programId, programId)))
      .orderBy(desc(referenceRequests.createdAt))
      .limit(LOG_PAGE),
  ]);

  const q = filter.q.toLowerCase();
  const entries = referenceable
    .map((s) => {
      const uses = availability(recent.filter((r) => r.customerId === s.customerId), limit, now);
      return {
        customerId: s.customerId,
        name: s.name,
        segment: s.segment,
        size: s.size,
        buyerName: s.buyer?.name ?? null,
        referenceContactName: s.named?.name ?? null,
        kinds: allowedKinds(s.consent),
        quotes: quotes.filter((x) => x.customerId === s.customerId),
        agreedSoFar: totals.filter((t) => t.customerId === s.customerId).length,
        availability: uses satisfies Availability,
      };
    })
    .filter((e) => !filter.kind || e.kinds.includes(filter.kind as ReferenceKind))
    .filter((e) => !filter.segment || e.segment === filter.segment)
    .filter((e) => !filter.availability || (filter.availability === "full") === e.availability.full)
    .filter((e) => !q || [e.name, e.segment, e.size ?? "", ...e.quotes.map((x) => x.text ?? "")].some((text) => text.toLowerCase().includes(q)));

  return {
    program,
    limit,
    referenceableCount: referenceable.length,
    segments: [...new Set(referenceable.map((s) => s.segment).filter(Boolean))].sort(),
    entries,
    /** Customers not referenceable, with why, so the page can say why a customer is missing. */
    notReferenceable: standings.filter((s) => !s.referenceable && s.status !== "withdrawn").map((s) => ({ name: s.name, reason: s.reason })),
    log,
  };
}

/** What the request form needs: the referenceable customers, the kinds each allows and their availability. */
export async function requestOptions(workspaceId: string, programId: string) {
  const library = await referenceLibrary(workspaceId, programId, { q: "", kind: "", segment: "", availability: "" });
  return { program: library.program, limit: library.limit, customers: library.entries.map((e) => ({ customerId: e.customerId, name: e.name, buyerName: e.buyerName, referenceContactName: e.referenceContactName, kinds: e.kinds, availability: e.availability })) };
}
