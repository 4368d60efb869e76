// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { oneDecimal, percent, UsableBadge } from "~/components/round-status";
import { formatDate } from "~/components/status";
import { Button } from "~/components/ui/button";
import { Badge, Card, EmptyState, ScrollRegion } from "~/components/ui/page";
import { susGrade } from "~/modules/feedback/usability";
import { useWorkspace } from "../workspace";
import type { loader } from "../round";

const outcomeLabel = { completed: "Completed", completed_with_help: "With help", not_completed: "Not completed" } as const;

/** The users in their customers, each customer where its first user comes (the list is by customer name). */
function byCustomer<User extends { customerId: string; customerName: string }>(users: User[]) {
  const groups = new Map<string, { customerId: string; customerName: string; users: User[] }>();
  for (const user of users) {
    const group = groups.get(user.customerId);
    if (group) group.users.push(user);
    else groups.set(user.customerId, { customerId: user.customerId, customerName: user.customerName, users: [user] });
  }
  return [...groups.values()];
}

export function EvidencePanel() {
  const { round, tasks, evidence, program, remindable } = useLoaderData<typeof loader>();
  const { canEdit: isEditor } = useWorkspace();
  const canAct = isEditor && round.status === "open" && program.status === "active";
  const navigation = useNavigation();
  if (!evidence) return null;
  const waiting = evidence.users.filter((u) => !u.respondedAt && u.lastLinkAt).length;
  return (
    <div className="space-y-6">
      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading" className="mb-3 text-lg font-semibold text-slate-900">
          Usable test, per customer
        </h2>
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
                      {c.meanSus === null ? "—" : oneDecimal(c.meanSus)}
                      {c.meanSus !== null ? <span className="block text-xs text-slate-500">{susGrade(c.meanSus).label}</span> : null}
                      {c.responses > 0 && c.responses < 5 ? <span className="block text-xs text-amber-800">only {c.responses} {c.responses === 1 ? "answer" : "answers"}</span> : null}
                    </td>
                    <td className="px-4 py-3">
                      {percent(c.completionRate)}
                      {c.attempts > 0 ? <span className="block text-xs text-slate-500">{c.completed} of {c.attempts} task attempts</span> : null}
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

      <Card
        title={`Users at the customers (${evidence.users.length})`}
        actions={
          canAct && remindable > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remind" />
              <Button variant="secondary" className="py-1.5" disabled={navigation.formData?.get("intent") === "remind"}>
                Remind {remindable} not responded
              </Button>
            </Form>
          ) : canAct && waiting > 0 ? (
            <p className="text-sm text-slate-600">{waiting} waiting · emailed within the last day, so no reminder yet</p>
          ) : null
        }
      >
        {evidence.users.length === 0 ? (
          <p className="text-sm text-slate-600">No users at the active customers.</p>
        ) : (
          // One form for the whole list: each user's button sends that user's id (fewer bytes than a
          // form per user; the round page is the PM's busiest). Replacing a link that was already
          // sent is confirmed: answers being typed on the old link can no longer be sent.
          <Form
            method="post"
            onSubmit={(event) => {
              const button = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
              const name = button?.dataset.name;
              if (button?.dataset.replaces && !confirm(`Revoke ${name}'s current link and send a new one? Answers typed on the old link but not yet sent cannot be sent any more.`)) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="resend-link" />
            {byCustomer(evidence.users).map(({ customerId, customerName, users }) => (
              <section key={customerId} aria-labelledby={`users-${customerId}`} className="mt-4 first:mt-0">
                <h3 id={`users-${customerId}`} className="text-sm font-semibold text-slate-900">
                  {customerName} <span className="font-normal text-slate-500">· {users.filter((u) => u.respondedAt).length} of {users.length} responded</span>
                </h3>
                <ul className="divide-y divide-slate-100">
                  {users.map((u) => (
                    <li key={u.contactId} className="flex flex-wrap items-center justify-between gap-2 py-2.5 text-sm">
                      <div>
                        <p className="font-medium text-slate-900">{u.name}</p>
                        <p className="break-all text-slate-600">{u.email}</p>
                      </div>
                      <div className="flex flex-wrap items-center gap-2">
                        {u.respondedAt ? (
                          <Badge tone="green">Responded {formatDate(u.respondedAt)}{u.responseVersion && u.responseVersion > 1 ? ` · edited` : ""}</Badge>
                        ) : !u.lastLinkAt ? (
                          <Badge>{u.customerStatus === "active" ? "Not invited" : "Customer not active"}</Badge>
                        ) : u.emailStatus === "failed" || u.emailStatus === "bounced" ? (
                          <Badge tone="red">{u.emailStatus === "bounced" ? "Email bounced" : "Email failed"}</Badge>
                        ) : (
                          <Badge tone="amber">Waiting</Badge>
                        )}
                        {canAct && u.customerStatus === "active" ? (
                          <Button variant="ghost" className="px-2 py-1" name="contactId" value={u.contactId} data-name={u.name} data-replaces={u.lastLinkAt ? "1" : undefined}>
                            {u.lastLinkAt ? "Revoke and re-send link" : "Send link"}
                            <span className="sr-only"> to {u.name}</span>
                          </Button>
                        ) : null}
                      </div>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </Form>
        )}
      </Card>
    </div>
  );
}

