import { and, asc, eq, sql } from "drizzle-orm";
import { db, type Executor, type Transaction } from "#db/client";
import { customerGoLives, customers } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { lockActiveProgram } from "~/modules/customers/customers.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { today } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { compareWithWillingness, formatDay, type WillingnessToPay } from "./compare";
import type { GoLiveInput } from "./golive.schema";

const goLiveColumns = {
  plannedOn: customerGoLives.plannedOn,
  liveOn: customerGoLives.liveOn,
  agreementPlan: customerGoLives.agreementPlan,
  agreementSeats: customerGoLives.agreementSeats,
  agreementAmount: customerGoLives.agreementAmount,
  agreementCurrency: customerGoLives.agreementCurrency,
  agreementSignedOn: customerGoLives.agreementSignedOn,
};

export type GoLive = GoLiveInput;
type Field = keyof GoLive;
const FIELDS = Object.keys(goLiveColumns) as Field[];
const EMPTY: GoLive = { plannedOn: null, liveOn: null, agreementPlan: "", agreementSeats: null, agreementAmount: null, agreementCurrency: null, agreementSignedOn: null };

/**
 * The buyer's standing approval, as the carried-approval rule reads it (standingDecision in
 * gates/evaluate.ts) without a round: the latest decision of the customer's current buyer on the
 * current version of its case, since its latest enrolment, its request not superseded. Counts
 * only when that decision is an approval.
 */
const standingWillingness = sql<{ decision: "approve" | "decline"; willingnessToPay: "as_proposed" | "amount" | "none" | null; wtpAmount: number | string | null; wtpCurrency: string | null } | null>`(
  select json_build_object('decision', s.decision, 'willingnessToPay', s.willingness_to_pay, 'wtpAmount', s.wtp_amount, 'wtpCurrency', s.wtp_currency)
  from signoffs s
  join signoff_requests q on q.id = s.request_id and q.superseded_at is null
  join contacts b on b.id = s.contact_id and b.is_buyer and b.removed_at is null
  join business_case_versions v on v.id = s.case_version_id
  join business_cases bc on bc.id = v.business_case_id and bc.customer_id = s.customer_id and bc.current_version = v.version
  where s.customer_id = ${customers.id} and s.decided_at >= ${customers.enrolledAt}
  order by s.decided_at desc
  limit 1
)`;

/** The customer page's go-live section: the saved plan and agreement, and the comparison. One query. */
export async function customerGoLive(workspaceId: string, programId: string, customerId: string) {
  const [row] = await db()
    .select({ saved: sql<boolean>`${customerGoLives.id} is not null`, ...goLiveColumns, standing: standingWillingness })
    .from(customers)
    .leftJoin(customerGoLives, eq(customerGoLives.customerId, customers.id))
    .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, workspaceId)));
  if (!row) throw new AppError("not_found", "Customer not found.");
  const { saved, standing, ...goLive } = row;
  const wtp: WillingnessToPay = standing?.decision === "approve" ? { willingnessToPay: standing.willingnessToPay, wtpAmount: standing.wtpAmount === null ? null : Number(standing.wtpAmount), wtpCurrency: standing.wtpCurrency } : null;
  const value: GoLive = saved ? { ...goLive, agreementPlan: goLive.agreementPlan ?? "" } : EMPTY;
  return { goLive: value, today: today(clock.now()), comparison: compareWithWillingness({ amount: value.agreementAmount, currency: value.agreementCurrency }, wtp) };
}

/** Every customer's go-live plan and agreement in a program (readiness, exports, launch). One query. */
export async function programGoLives(workspaceId: string, programId: string, executor: Executor = db()) {
  return executor
    .select({ customerId: customerGoLives.customerId, ...goLiveColumns })
    .from(customerGoLives)
    .innerJoin(customers, eq(customers.id, customerGoLives.customerId))
    .where(and(eq(customerGoLives.workspaceId, workspaceId), eq(customers.programId, programId)))
    .orderBy(asc(customers.name));
}

/** What changed, field by field; empty when the save changes nothing. */
function changesOf(before: GoLive, after: GoLive) {
  const changes: Partial<Record<Field, { from: unknown; to: unknown }>> = {};
  for (const field of FIELDS) if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  return changes;
}

/** Program, then customer, locked (the documented lock order); a withdrawn customer has no go-live to change. */
async function lockCustomer(tx: Transaction, actor: MemberActor, programId: string, customerId: string) {
  await lockActiveProgram(tx, actor.workspaceId, programId);
  const [customer] = await tx
    .select({ status: customers.status, name: customers.name })
    .from(customers)
    .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)))
    .for("update");
  if (!customer) throw new AppError("not_found", "Customer not found.");
  if (customer.status === "withdrawn") throw new AppError("conflict", `${customer.name} has withdrawn; re-enroll it to plan its go-live.`);
  const [saved] = await tx.select(goLiveColumns).from(customerGoLives).where(eq(customerGoLives.customerId, customerId));
  return { customer, before: saved ? { ...saved, agreementPlan: saved.agreementPlan ?? "" } : EMPTY };
}

async function write(tx: Transaction, actor: MemberActor, programId: string, customerId: string, before: GoLive, after: GoLive, action: "go_live.saved" | "go_live.marked_live") {
  const changes = changesOf(before, after);
  if (Object.keys(changes).length === 0) return { changed: false };
  const now = clock.now();
  await tx
    .insert(customerGoLives)
    .values({ workspaceId: actor.workspaceId, customerId, ...after, updatedAt: now })
    .onConflictDoUpdate({ target: customerGoLives.customerId, set: { ...after, updatedAt: now } });
  await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action, programId, customerId, subjectId: customerId, details: { changes, after } });
  return { changed: true };
}

/** Saves the go-live plan and the agreement; a save that changes nothing writes nothing. */
export async function saveGoLive({ actor, programId, customerId, input }: { actor: MemberActor; programId: string; customerId: string; input: GoLiveInput }) {
  assertEditor(actor);
  // The schema checked "not in the future" against the form's day; the server's day decides.
  const day = today(clock.now());
  if (input.liveOn && input.liveOn > day) throw new AppError("invalid", "A customer cannot be live in the future: plan that date as the go-live instead.", "liveOn");
  if (input.agreementSignedOn && input.agreementSignedOn > day) throw new AppError("invalid", "The agreement cannot be signed in the future.", "agreementSignedOn");
  return db().transaction(async (tx) => {
    const { before } = await lockCustomer(tx, actor, programId, customerId);
    return write(tx, actor, programId, customerId, before, { ...input }, "go_live.saved");
  });
}

/** "Mark live today": the live date becomes today; the rest stays as saved. */
export async function markLiveToday({ actor, programId, customerId }: { actor: MemberActor; programId: string; customerId: string }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const { customer, before } = await lockCustomer(tx, actor, programId, customerId);
    const day = today(clock.now());
    if (before.liveOn) throw new AppError("conflict", `${customer.name} is already live, since ${formatDay(before.liveOn, day)}. Change the live date in the form if it is wrong.`);
    return write(tx, actor, programId, customerId, before, { ...before, liveOn: day }, "go_live.marked_live");
  });
}
