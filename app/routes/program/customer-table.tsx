import { Link, useLoaderData } from "@remix-run/react";
import { CustomerStatusBadge } from "~/components/status";
import { Badge, ScrollRegion } from "~/components/ui/page";
import { coverageGaps } from "~/modules/customers/coverage";
import type { loader } from "../program";

type CustomerRow = ReturnType<typeof useLoaderData<typeof loader>>["customers"][number];

/** The program's customers with their status and the gaps in their decision-making units. */
export function CustomerTable({ customers, minUsers, itClearanceRequired, label }: { customers: CustomerRow[]; minUsers: number; itClearanceRequired: boolean; label: string }) {
  return (
    <ScrollRegion label={label}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
            <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Buyer</th>
            <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Users</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Coverage</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {customers.map((c) => {
            const gaps = c.status === "withdrawn" ? [] : coverageGaps({ buyers: c.buyers, users: c.users, gatekeepers: c.gatekeepers, minUsers, itClearanceRequired });
            return (
              <tr key={c.id}>
                <td className="px-4 py-3">
                  <Link to={`customers/${c.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {c.name}
                  </Link>
                  {c.segment ? <div className="text-slate-500">{c.segment}</div> : null}
                </td>
                <td className="px-4 py-3">
                  <CustomerStatusBadge status={c.status} />
                </td>
                <td className="hidden px-4 py-3 sm:table-cell">{c.buyers > 0 ? "Yes" : <span className="text-amber-800">None</span>}</td>
                <td className="hidden px-4 py-3 sm:table-cell">{c.users}</td>
                <td className="px-4 py-3">
                  {gaps.length === 0 ? <Badge tone="green">Complete</Badge> : <Badge tone="amber">{gaps.length === 1 ? "1 gap" : `${gaps.length} gaps`}</Badge>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
