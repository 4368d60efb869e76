import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { EmptyState, PageHeader, ScrollRegion } from "~/components/ui/page";
import { requireMember } from "~/modules/auth/session.server";
import { programAuditLog } from "~/modules/gates/exports.server";
import { getProgram } from "~/modules/programs/programs.server";
import { idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Charter" }];

const uuid = /^[0-9a-f-]{36}$/i;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const url = new URL(request.url);
  const pick = (name: string) => {
    const value = url.searchParams.get(name) ?? "";
    return uuid.test(value) ? value : undefined;
  };
  const filters = { customerId: pick("customer"), roundId: pick("round"), action: url.searchParams.get("action")?.slice(0, 80) || undefined };
  const [program, log] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), programAuditLog(member.workspaceId, programId, filters)]);
  return { program, log, filters };
}

/** Event names in words; unknown ones show their code. */
const eventText: Record<string, string> = {
  "program.created": "Program created",
  "program.updated": "Program edited",
  "program.archived": "Program archived",
  "program.restored": "Program restored",
  "program.launched": "Program marked launched",
  "program.demo_loaded": "Demo program loaded",
  "customer.enrolled": "Customer enrolled",
  "customers.imported": "Customers imported from a CSV",
  "customer.updated": "Customer edited",
  "customer.activated": "Customer activated",
  "customer.withdrawn": "Customer withdrew",
  "customer.reenrolled": "Customer re-enrolled",
  "contact.added": "Contact added",
  "contact.updated": "Contact edited",
  "contact.removed": "Contact removed",
  "round.created": "Round planned",
  "round.updated": "Round edited",
  "round.task_add": "Task added",
  "round.task_remove": "Task removed",
  "round.task_move": "Task moved",
  "round.opened": "Round opened, invitations sent",
  "round.closed": "Round closed at the gate",
  "feedback.submitted": "Feedback submitted",
  "feedback.updated": "Feedback changed",
  "feedback.reminded": "Users reminded",
  "feedback.link_resent": "Feedback link re-sent",
  "business_case.saved": "Business case saved",
  "signoff.sent": "Sign-off request sent",
  "signoff.reminded": "Sign-off reminder sent",
  "signoff.opened": "Sign-off link first opened",
  "signoff.approved": "Buyer approved",
  "signoff.declined": "Buyer declined",
  "signoff.consent_withdrawn": "Reference consent withdrawn",
};

const actorText = (e: { action: string; actorType: string; memberName: string | null; contactName: string | null }) =>
  e.actorType === "member"
    ? (e.memberName ?? "A member")
    : e.actorType === "user"
      ? `${e.contactName ?? "A user"} (user)`
      : e.actorType === "buyer"
        ? `${e.contactName ?? "A buyer"} (buyer)`
        : e.actorType === "system"
          ? "Charter"
          : "Someone";

export default function AuditLog() {
  const { program, log, filters } = useLoaderData<typeof loader>();
  const select = "rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300";
  return (
    <>
      <PageHeader title="Audit log" breadcrumb={<Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>} description="Every change in this program: who, what, when and from where. Newest first; the latest 200 that match." />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="customer" className="block text-sm font-medium text-slate-700">Customer</label>
          <select id="customer" name="customer" defaultValue={filters.customerId ?? ""} className={select}>
            <option value="">All customers</option>
            {log.customers.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="round" className="block text-sm font-medium text-slate-700">Round</label>
          <select id="round" name="round" defaultValue={filters.roundId ?? ""} className={select}>
            <option value="">All rounds</option>
            {log.rounds.map((r) => <option key={r.id} value={r.id}>Round {r.number}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="action" className="block text-sm font-medium text-slate-700">Event</label>
          <select id="action" name="action" defaultValue={filters.action ?? ""} className={select}>
            <option value="">All events</option>
            {log.actions.map((a) => <option key={a} value={a}>{eventText[a] ?? a}</option>)}
          </select>
        </div>
        <Button variant="secondary">Filter</Button>
      </Form>
      {log.events.length === 0 ? (
        <EmptyState title="No events match" />
      ) : (
        <ScrollRegion label="Audit events">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">When</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Event</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Who</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Round</th>
                <th scope="col" className="px-4 py-2.5 font-medium">From</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {log.events.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap px-4 py-2">{formatDateTime(e.createdAt)}</td>
                  <td className="px-4 py-2">
                    {eventText[e.action] ?? e.action}
                    <span className="block font-mono text-xs text-slate-500">{e.action}</span>
                  </td>
                  <td className="px-4 py-2">{actorText(e)}</td>
                  <td className="px-4 py-2">{e.customerName ?? "—"}</td>
                  <td className="px-4 py-2">{e.roundNumber ?? "—"}</td>
                  <td className="px-4 py-2 text-slate-500">{e.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}
