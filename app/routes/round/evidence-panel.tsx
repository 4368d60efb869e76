// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { useLoaderData } from "@remix-run/react";
import { UsableBadge } from "~/components/round-status";
import { CompletionFigure, SusFigure } from "~/components/sample-figures";
import { EmptyState, ScrollRegion } from "~/components/ui/page";
import { susGrade } from "~/modules/feedback/usability";
import { useWorkspace } from "../workspace";
import type { loader } from "../round";
import { UsersPanel } from "./users-panel";

const outcomeLabel = { completed: "Completed", completed_with_help: "With help", not_completed: "Not completed" } as const;

export function EvidencePanel() {
  const { round, tasks, evidence, program } = useLoaderData<typeof loader>();
  const { canEdit: isEditor } = useWorkspace();
  const canAct = isEditor && round.status === "open" && program.status === "active";
  if (!evidence) return null;
  return (
    <div className="space-y-6">
      <section aria-labelledby="evidence-heading">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="evidence-heading" className="text-lg font-semibold text-slate-900">
            Usable test, per customer
          </h2>
          <a href={`/programs/${program.id}/rounds/${round.id}/responses.csv`} className="text-sm text-brand-700 underline" download>
            Responses as CSV<span className="sr-only"> (round {round.number}, one row per user)</span>
          </a>
        </div>
        {evidence.customers.length === 0 ? (
          <EmptyState title="No customers in this round" />
        ) : (
          <ScrollRegion label="Usable evidence table">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Responses</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Mean SUS (0–100)</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Unaided completion</th>
                  <th scope="col" className="px-4 py-2.5 font-medium">Usable?</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {evidence.customers.map((c) => (
                  <tr key={c.customerId}>
                    <th scope="row" className="px-4 py-3 text-left font-medium text-slate-900">
                      {c.name}
                      {c.status !== "active" ? <span className="block text-xs font-normal text-slate-500">{c.status} · not invited</span> : null}
                    </th>
                    <td className="px-4 py-3">
                      {c.responses} of {round.minResponses}
                      <span className="block text-xs text-slate-500">{c.invited} invited</span>
                    </td>
                    <td className="px-4 py-3">
                      <SusFigure n={c.responses} mean={c.meanSus} sd={c.susSd} letter />
                      {c.meanSus !== null ? <span className="block text-xs text-slate-500">{susGrade(c.meanSus).label}</span> : null}
                    </td>
                    <td className="px-4 py-3">
                      <CompletionFigure completed={c.completed} attempts={c.attempts} />
                      {c.attempts > 0 ? <span className="block text-xs text-slate-500">task attempts, unaided</span> : null}
                    </td>
                    <td className="px-4 py-3">
                      <UsableBadge state={c.verdict.state} />
                      <span className="block text-xs text-slate-600">{c.verdict.reasons.join("; ")}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      {evidence.customers.some((c) => c.responses > 0) ? (
        <section aria-labelledby="detail-heading" className="space-y-3">
          <h2 id="detail-heading" className="text-lg font-semibold text-slate-900">
            Tasks and comments
          </h2>
          {evidence.customers
            .filter((c) => c.responses > 0)
            .map((c) => (
              <details key={c.customerId} className="rounded-lg bg-white ring-1 ring-slate-200">
                <summary className="cursor-pointer px-4 py-3 font-medium text-slate-900">
                  {c.name} — {c.responses} {c.responses === 1 ? "response" : "responses"}
                </summary>
                <div className="space-y-4 border-t border-slate-200 px-4 py-3 text-sm">
                  <ScrollRegion label={`Task outcomes at ${c.name}`} framed={false}>
                    <table className="min-w-full text-left">
                      <caption className="sr-only">Task outcomes at {c.name}</caption>
                      <thead className="text-slate-600">
                        <tr>
                          <th scope="col" className="py-1 pr-3 font-medium">Task</th>
                          {Object.values(outcomeLabel).map((label) => (
                            <th key={label} scope="col" className="py-1 pr-3 font-medium">{label}</th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {tasks.map((task, i) => {
                          const counts = c.tasks[task.id] ?? { completed: 0, completed_with_help: 0, not_completed: 0 };
                          return (
                            <tr key={task.id} className="border-t border-slate-100">
                              <th scope="row" className="py-1.5 pr-3 font-normal">{i + 1}. {task.instruction}</th>
                              <td className="py-1.5 pr-3">{counts.completed}</td>
                              <td className="py-1.5 pr-3">{counts.completed_with_help}</td>
                              <td className="py-1.5 pr-3">{counts.not_completed}</td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </ScrollRegion>
                  {c.taskComments.length + c.comments.length === 0 ? (
                    <p className="text-slate-500">No comments.</p>
                  ) : (
                    <ul className="space-y-2">
                      {c.taskComments.map((tc, i) => (
                        <li key={`t${i}`} className="rounded bg-slate-50 p-2">
                          <span className="text-xs text-slate-500">Task {tasks.findIndex((t) => t.id === tc.taskId) + 1} · {outcomeLabel[tc.outcome]}</span>
                          <p className="whitespace-pre-line">{tc.comment}</p>
                        </li>
                      ))}
                      {c.comments.map((rc, i) => (
                        <li key={`r${i}`} className="rounded bg-slate-50 p-2">
                          {rc.confusing ? <p className="whitespace-pre-line"><span className="text-xs text-slate-500">Confusing: </span>{rc.confusing}</p> : null}
                          {rc.missing ? <p className="whitespace-pre-line"><span className="text-xs text-slate-500">Missing: </span>{rc.missing}</p> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </details>
            ))}
        </section>
      ) : null}

      <UsersPanel canAct={canAct} />
    </div>
  );
}

