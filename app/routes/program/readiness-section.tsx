import { Link, useLoaderData } from "@remix-run/react";
import { QuadrantChart } from "~/components/charts/quadrant-chart";
import { SusDistribution } from "~/components/charts/sus-distribution";
import { TrendChart } from "~/components/charts/trend-chart";
import { UsableBadge } from "~/components/round-status";
import { UsableFigures } from "~/components/sample-figures";
import { SignoffStateBadge } from "~/components/signoff-status";
import { Badge, Card, ScrollRegion } from "~/components/ui/page";
import type { loader } from "../program";
import { LaunchPanel } from "./launch-panel";

const blockedLabel = { both: "Blocked on both tests", value: "Blocked on value", usability: "Blocked on usability", consent: "No reference consent", it: "Blocked on IT", not_active: "Not active", no_closed_round: "No closed round" } as const;

/** The answer first: how many referenceable customers against the target, and why not the rest. */
export function ReadinessSection({ canEdit }: { canEdit: boolean }) {
  const { program, readiness } = useLoaderData<typeof loader>();
  const { current } = readiness;
  return (
    <section aria-labelledby="readiness-heading" className="space-y-6">
      <div className={`rounded-lg p-5 ring-1 ${readiness.launchReady ? "bg-green-50 ring-green-200" : "bg-white ring-slate-200"}`}>
        <h2 id="readiness-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Launch readiness
        </h2>
        <p className="mt-1 text-2xl font-semibold text-slate-900">{readiness.headline}</p>
        <LaunchPanel canEdit={canEdit} />
        <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <a href={`/programs/${program.id}/readiness.csv`} className="text-brand-700 underline">Readiness as CSV</a>
          <Link to="themes" className="text-brand-700 underline">Themes across customers</Link>
          <a href={`/programs/${program.id}/evidence.json`} className="text-brand-700 underline">All evidence as JSON</a>
          <Link to="requirements/matrix" className="text-brand-700 underline">Requirements matrix</Link>
          <Link to="audit" className="text-brand-700 underline">Audit log</Link>
          <Link to="requirements" className="text-brand-700 underline">Technical requirements</Link>
          <Link to="references" className="text-brand-700 underline">Reference library</Link>
        </p>
      </div>

      {readiness.customers.length > 0 ? (
        <ScrollRegion label="Readiness table">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Each customer's readiness</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Referenceable?</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Why</th>
                {current ? <th scope="col" className="px-4 py-2.5 font-medium">Round {current.round.number}: usable</th> : null}
                {current ? <th scope="col" className="px-4 py-2.5 font-medium">Round {current.round.number}: valuable</th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {readiness.customers.map((c) => {
                const now = current?.evaluations.find((e) => e.customerId === c.customerId);
                return (
                  <tr key={c.customerId}>
                    <th scope="row" className="px-4 py-3 text-left font-medium text-slate-900">{c.name}</th>
                    <td className="px-4 py-3">
                      {c.referenceable ? (
                        <span className="flex flex-col gap-1">
                          <Badge tone="green">Referenceable</Badge>
                          <Link to={`customers/${c.customerId}/dossier`} className="text-xs text-brand-700 underline">Reference dossier<span className="sr-only"> of {c.name}</span></Link>
                        </span>
                      ) : (
                        <Badge tone={c.blockedOn === "both" || c.blockedOn === "value" || c.blockedOn === "usability" || c.blockedOn === "it" ? "amber" : "gray"}>{blockedLabel[c.blockedOn]}</Badge>
                      )}
                    </td>
                    <td className="px-4 py-3 text-slate-700">{c.reason}</td>
                    {current ? (
                      <td className="px-4 py-3">
                        {now ? <><UsableBadge state={now.usable.state} /><span className="block text-xs text-slate-600">{now.usable.reasons.join(", ")}</span><UsableFigures figures={current.figures.find((f) => f.customerId === c.customerId)} /></> : "—"}
                      </td>
                    ) : null}
                    {current ? (
                      <td className="px-4 py-3">
                        {now ? <><SignoffStateBadge state={now.valuable.state} /><span className="block text-xs text-slate-600">{now.valuable.reason}</span></> : "—"}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}

      {current ? (
        <div className="grid gap-6 lg:grid-cols-2">
          {/* min-w-0: a grid item is otherwise as wide as its widest content (the trend's table). */}
          <Card title={`Round ${current.round.number}: where each customer stands`} className="min-w-0">
            <QuadrantChart customers={current.evaluations} caption={`Round ${current.round.number}: ${current.gate.summary}`} />
          </Card>
          {readiness.trend.length > 0 ? (
            <Card title="Trend over rounds" className="min-w-0">
              <TrendChart rounds={readiness.trend} />
            </Card>
          ) : null}
        </div>
      ) : null}

      {readiness.trend.length > 0 ? (
        <Card title="SUS per round: every user's score">
          <SusDistribution rounds={readiness.trend} />
        </Card>
      ) : null}

      {readiness.gaps.length > 0 ? (
        <Card title="Gaps in the decision-making units">
          <ul className="space-y-1 text-sm">
            {readiness.gaps.map((g) => (
              <li key={g.customerId}>
                <Link to={`customers/${g.customerId}`} className="font-medium text-brand-700 underline">{g.name}</Link>: {g.gaps.join(" ")}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </section>
  );
}
