import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { EmptyState, PageHeader, ScrollRegion } from "~/components/ui/page";
import { requireMember } from "~/modules/auth/session.server";
import { actorText, eventText } from "~/modules/audit/event-text";
import { programAuditLog } from "~/modules/audit/audit-log.server";
import { getProgram } from "~/modules/programs/programs.server";
import { AUDIT_PAGE_SIZE, auditFilters, eventId, type AuditFilters } from "~/modules/audit/audit-filters";
import { idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Charter" }];

/** The filters' query parameters back in a link, with a cursor or a path of their own. */
function filterQuery(filters: AuditFilters, extra: Record<string, string | number> = {}) {
  const query = new URLSearchParams();
  if (filters.customerId) query.set("customer", filters.customerId);
  if (filters.roundId) query.set("round", filters.roundId);
  if (filters.action) query.set("action", filters.action);
  for (const [name, value] of Object.entries(extra)) query.set(name, String(value));
  const text = query.toString();
  return text ? `?${text}` : "";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const url = new URL(request.url);
  const filters = auditFilters(url);
  const cursor = { before: eventId(url.searchParams.get("before")), after: eventId(url.searchParams.get("after")) };
  const [program, log] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), programAuditLog(member.workspaceId, programId, filters, cursor)]);
  return { program, log, filters, paged: cursor.before !== undefined || cursor.after !== undefined };
}

export default function AuditLog() {
  const { program, log, filters, paged } = useLoaderData<typeof loader>();
  const base = `/programs/${program.id}/audit`;
  const select = "rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300";
  return (
    <>
      <PageHeader title="Audit log" breadcrumb={<Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>} description={`Every change in this program: who, what, when and from where. Newest first, ${AUDIT_PAGE_SIZE} to a page.`} />
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
        <a href={`${base}.csv${filterQuery(filters)}`} className="py-1.5 text-sm font-medium text-brand-700 underline" download>
          Download these events (CSV)
        </a>
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
      {log.newer !== null || log.older !== null || paged ? (
        <nav aria-label="Audit log pages" className="mt-4 flex flex-wrap gap-4 text-sm">
          {paged ? <Link to={`${base}${filterQuery(filters)}`} className="font-medium text-brand-700 underline">Newest events</Link> : null}
          {log.newer !== null ? <Link to={`${base}${filterQuery(filters, { after: log.newer })}`} className="font-medium text-brand-700 underline">Newer events</Link> : null}
          {log.older !== null ? <Link to={`${base}${filterQuery(filters, { before: log.older })}`} className="font-medium text-brand-700 underline">Older events</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
