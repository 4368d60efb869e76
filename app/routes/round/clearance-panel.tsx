// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { Link, useLoaderData } from "@remix-run/react";
import { ClearanceStateBadge } from "~/components/clearance-review";
import { formatDateTime } from "~/components/status";
import { ScrollRegion } from "~/components/ui/page";
import type { loader } from "../round";

/** The gatekeepers' channel: each customer's IT review, never merged with users' or buyers' columns. */
export function ClearancePanel() {
  const { program, clearances } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="clearance-heading" className="mt-8">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id="clearance-heading" className="text-lg font-semibold text-slate-900">
          IT review: gatekeeper clearance, per customer
        </h2>
        <Link to={`/programs/${program.id}/requirements`} className="text-sm font-medium text-brand-700 underline">
          Technical requirements
        </Link>
      </div>
      {clearances.length === 0 ? <p className="text-sm text-slate-600">No customers take part yet.</p> : (
      <ScrollRegion label="IT review table">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Gatekeeper</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Brief</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Review</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 bg-white">
            {clearances.map((c) => (
              <tr key={c.customerId}>
                <th scope="row" className="px-4 py-2.5 text-left font-medium text-slate-900">{c.customerName}</th>
                <td className="px-4 py-2.5 text-slate-700">{c.gatekeeperName ?? (c.gatekeepers.length ? c.gatekeepers.join(", ") : <span className="text-amber-800">none in the unit</span>)}</td>
                <td className="px-4 py-2.5">
                  <Link to={`/programs/${program.id}/customers/${c.customerId}/brief`} className="text-brand-700 underline">
                    {c.briefVersion ? `Version ${c.briefVersion}` : "Write the brief"}
                    <span className="sr-only"> for {c.customerName}</span>
                  </Link>
                </td>
                <td className="px-4 py-2.5">
                  <ClearanceStateBadge state={c.state} />
                  {c.decidedAt ? <span className="ml-2 text-slate-600">{formatDateTime(c.decidedAt)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      )}
    </section>
  );
}
