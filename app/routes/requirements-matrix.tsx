import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, EmptyState, PageHeader, ScrollRegion } from "~/components/ui/page";
import { requireMember } from "~/modules/auth/session.server";
import { itClearanceLabel } from "~/modules/gates/it-clearance";
import type { MatrixMark, RequirementReach } from "~/modules/gates/matrix";
import { requirementsMatrix } from "~/modules/gates/matrix.server";
import { idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Requirements matrix · ${data?.program.name ?? "Program"} · Charter` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  return orHttpError(requirementsMatrix(member.workspaceId, idParam(params.programId)));
}

const markText: Record<MatrixMark, string> = { met: "Met", needs_work: "Needs work", blocker: "Blocker", unanswered: "Unanswered" };
const markTone = { met: "green", needs_work: "amber", blocker: "red", unanswered: "gray" } as const;
const reachText: Record<RequirementReach, string> = { none: "", one_customer: "One customer's", several: "Several customers'", market_wide: "Market-wide" };

export default function RequirementsMatrix() {
  const { program, customers, requirements } = useLoaderData<typeof loader>();
  const base = `/programs/${program.id}`;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to={base} className="hover:underline">{program.name}</Link>}
        title="Requirements matrix"
        description="Each technical requirement against each customer's standing IT review: which requirements block how many customers."
      />
      {requirements.length === 0 ? (
        <EmptyState title="No technical requirements yet">
          <p>
            List what the customers' IT departments ask for (single sign-on, data stays in the EU, exports to the ERP) on the program's{" "}
            <Link to={`${base}/requirements`} className="text-brand-700 underline">requirements page</Link>. Each customer's gatekeeper then marks them met, needs work or blocker, and this matrix fills in.
          </p>
        </EmptyState>
      ) : customers.length === 0 ? (
        <EmptyState title="No customers yet">
          <p>Enroll charter customers and send their gatekeepers the technical brief; their marks show here.</p>
        </EmptyState>
      ) : (
        <ScrollRegion label="Requirements by customer">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="px-4 py-3 text-left text-slate-700">
              Most blocking first. A requirement blocked or needing work at one customer only is that customer's (a special); at half the customers or more it is market-wide. Marks come from each customer's standing review;
              “Unanswered” means no standing review of the current brief.
            </caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="sticky left-0 z-10 min-w-40 bg-slate-50 px-3 py-2.5 font-medium">Requirement</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Blocks</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Needs work</th>
                {customers.map((c) => (
                  <th key={c.id} scope="col" className="min-w-32 px-3 py-2.5 font-medium">
                    {c.name}
                    <span className="block text-xs font-normal text-slate-500">{itClearanceLabel[c.clearance]}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {requirements.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className="sticky left-0 z-10 min-w-40 bg-white px-3 py-2.5 text-left align-top font-medium text-slate-900">
                    {r.title}
                    {r.reach !== "none" ? <span className="block text-xs font-normal text-slate-600">{reachText[r.reach]}</span> : null}
                  </th>
                  <td className="px-3 py-2.5 align-top">
                    {r.blocks} of {customers.length}
                  </td>
                  <td className="px-3 py-2.5 align-top">
                    {r.needsWork} of {customers.length}
                  </td>
                  {r.cells.map((cell) => (
                    <td key={cell.customerId} className="px-3 py-2.5 align-top">
                      <Badge tone={markTone[cell.mark]}>{markText[cell.mark]}</Badge>
                      {cell.note ? <span className="mt-1 block text-xs text-slate-600">{cell.note}</span> : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}
