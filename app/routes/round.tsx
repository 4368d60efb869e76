import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { oneDecimal, percent, RoundStatusBadge, UsableBadge } from "~/components/round-status";
import { formatDate } from "~/components/status";
import { Button, LinkButton } from "~/components/ui/button";
import { FlashNotice } from "~/components/ui/flash";
import { Field, FormErrors, TextareaField } from "~/components/ui/field";
import { Card, EmptyState, PageHeader, ScrollRegion } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { closeRound, closedSnapshot, roundGate } from "~/modules/gates/gates.server";
import { susGrade } from "~/modules/feedback/usability";
import { getProgram } from "~/modules/programs/programs.server";
import { taskActionSchema } from "~/modules/rounds/rounds.schema";
import { changeTasks, getRound, listTasks, openRound, REMINDER_INTERVAL_MS, remindNonResponders, resendFeedbackLink } from "~/modules/rounds/rounds.server";
import { clock } from "~/utils/clock.server";
import { sendAllSignoffRequests } from "~/modules/signoff/requests.server";
import { SignoffStateBadge } from "~/components/signoff-status";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { UsersPanel } from "./round-users-panel";
import { useWorkspace } from "./workspace";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Round ${data.round.number}: ${data.round.title} · Charter` : "Round · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const roundId = idParam(params.roundId);
  const [program, round, tasks] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(getRound(member.workspaceId, programId, roundId)),
    listTasks(member.workspaceId, roundId),
  ]);
  // The gate evaluates both channels; its parts feed the two evidence panels, which stay separate.
  const { usable: evidence, valuable: signoffs, gate } = await roundGate({ workspaceId: member.workspaceId, round, target: program.targetReferenceable });
  const snapshot = round.status === "closed" ? await closedSnapshot(member.workspaceId, roundId) : null;
  // Users a reminder would reach now: invited, not responded, and last emailed over a day ago.
  const remindBefore = clock.now().getTime() - REMINDER_INTERVAL_MS;
  const remindable = evidence.users.filter((u) => !u.respondedAt && u.lastLinkAt && new Date(u.lastLinkAt).getTime() <= remindBefore).length;
  return { program, round, tasks, evidence: round.status === "draft" ? null : evidence, signoffs, gate, snapshot, remindable };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const roundId = idParam(params.roundId);
  return handleSubmission(await request.formData(), taskActionSchema, async (input) => {
    switch (input.intent) {
      case "open-round": {
        const { invited } = await openRound({ actor, programId, roundId });
        return `Round opened: ${invited} personal ${invited === 1 ? "invitation" : "invitations"} queued.`;
      }
      case "remind": {
        const { reminded, waiting } = await remindNonResponders({ actor, programId, roundId });
        if (waiting === 0) return "Every invited user has responded: nobody to remind.";
        return reminded === 0
          ? `Nobody reminded: the ${waiting} users still waiting were all contacted within the last day.`
          : `Reminded ${reminded} of the ${waiting} users who have not responded.`;
      }
      case "send-all-signoffs": {
        const { sent, skipped } = await sendAllSignoffRequests({ actor, programId, roundId });
        return `${sent} sign-off ${sent === 1 ? "request" : "requests"} sent.${skipped.length ? ` Not sent: ${skipped.join(" ")}` : ""}`;
      }
      case "close-round": {
        await closeRound({ actor, programId, roundId, outcome: input.outcome, note: input.note });
        return input.outcome === "passed" ? "Round closed as passed." : "Round closed: iterate. Plan the next round with what was learned.";
      }
      case "resend-link":
        await resendFeedbackLink({ actor, programId, roundId, contactId: input.contactId });
        return "A new link was sent; the earlier links of that user no longer work.";
      default:
        await changeTasks({ actor, programId, roundId, change: input });
        return null;
    }
  });
}

export default function RoundPage() {
  const { program, round, tasks, evidence } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { canEdit: isEditor } = useWorkspace();
  const canEdit = isEditor && program.status === "active" && round.status !== "closed";
  const intent = lastResult?.formIntent;
  const message = typeof lastResult?.outcome === "string" ? lastResult.outcome : null;
  const formError = intent && intent !== "add-task" && intent !== "close-round" ? (lastResult?.error?.[""] ?? undefined) : undefined;
  const back = `/programs/${program.id}`;

  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={back} className="hover:underline">{program.name}</Link>
          </>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            Round {round.number}: {round.title} <RoundStatusBadge status={round.status} outcome={round.outcome} />
          </span>
        }
        description={
          <span className="flex flex-wrap gap-x-3 text-sm">
            {round.prototypeUrl ? (
              <a href={round.prototypeUrl} className="text-brand-700 underline" target="_blank" rel="noopener noreferrer">
                Open the prototype
              </a>
            ) : (
              <span className="text-amber-800">No prototype link yet</span>
            )}
            {round.version ? <span>Version {round.version}</span> : null}
            {round.openedAt ? <span>Opened {formatDate(round.openedAt)}</span> : <span>Created {formatDate(round.createdAt)}</span>}
          </span>
        }
        actions={canEdit ? <LinkButton to="edit" variant="secondary">Edit round</LinkButton> : null}
      />
      <div className="mb-6 space-y-3">
        <FlashNotice message={message} />
        <FormErrors errors={formError} />
        <p className="text-sm text-slate-600">
          The usable test passes for a customer with at least <strong>{round.minResponses}</strong> responses, a mean SUS of at least{" "}
          <strong>{oneDecimal(round.minSus)}</strong> and unaided task completion of at least <strong>{percent(round.minTaskCompletion)}</strong>.
        </p>
      </div>

      {round.status === "draft" ? <DraftPanel canEdit={canEdit} /> : <GatePanel canEdit={canEdit} />}
      {evidence ? <EvidencePanel /> : null}
      <ValuablePanel canEdit={canEdit} />
      {round.testerNotes ? (
        <Card title="Notes for testers" className="mt-6">
          <p className="whitespace-pre-line text-sm text-slate-700">{round.testerNotes}</p>
        </Card>
      ) : null}
      {round.status !== "draft" ? (
        <Card title={`Usability tasks (${tasks.length})`} className="mt-6">
          <TaskList editable={false} />
        </Card>
      ) : null}
    </>
  );
}

function TaskList({ editable }: { editable: boolean }) {
  const { tasks } = useLoaderData<typeof loader>();
  if (tasks.length === 0) return <p className="text-sm text-slate-600">No tasks yet. Add what users should try, one task at a time.</p>;
  return (
    <ol className="divide-y divide-slate-100">
      {tasks.map((task, i) => (
        <li key={task.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              {i + 1}. {task.instruction}
            </p>
            {task.successCriteria ? <p className="text-sm text-slate-600">Success: {task.successCriteria}</p> : null}
          </div>
          {editable ? (
            <div className="flex gap-1">
              {(["up", "down"] as const).map((direction) => (
                <Form method="post" key={direction}>
                  <input type="hidden" name="intent" value="move-task" />
                  <input type="hidden" name="taskId" value={task.id} />
                  <input type="hidden" name="direction" value={direction} />
                  <Button variant="ghost" className="px-2 py-1" disabled={direction === "up" ? i === 0 : i === tasks.length - 1}>
                    <span aria-hidden>{direction === "up" ? "↑" : "↓"}</span>
                    <span className="sr-only">
                      Move task {i + 1} {direction}
                    </span>
                  </Button>
                </Form>
              ))}
              <Form method="post">
                <input type="hidden" name="intent" value="remove-task" />
                <input type="hidden" name="taskId" value={task.id} />
                <Button variant="ghost" className="px-2 py-1 text-red-700">
                  Remove<span className="sr-only"> task {i + 1}</span>
                </Button>
              </Form>
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function DraftPanel({ canEdit }: { canEdit: boolean }) {
  const { tasks } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const taskResult = lastResult?.formIntent === "add-task" ? lastResult : null;
  // Validated on the server only: the round page, the PM's busiest, ships no zod.
  const [form, fields] = useForm({ id: `add-task-${tasks.length}`, lastResult: taskResult });
  const opening = navigation.formData?.get("intent") === "open-round";
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card title={`Usability tasks (${tasks.length})`} className="lg:col-span-2">
        <TaskList editable={canEdit} />
        {canEdit ? (
          <Form method="post" className="mt-4 space-y-3 border-t border-slate-200 pt-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="add-task" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field label="Task" hint="An instruction a user can follow, e.g. “Schedule tomorrow's 9am job for the nearest technician”." inputProps={getInputProps(fields.instruction, { type: "text" })} errors={fields.instruction.errors} />
            <Field label="What success looks like" hint="Optional. Shown to users so they can tell whether they finished." inputProps={getInputProps(fields.successCriteria, { type: "text" })} errors={fields.successCriteria.errors} />
            <Button variant="secondary">Add task</Button>
          </Form>
        ) : null}
      </Card>
      {canEdit ? (
        <Card title="Open the round">
          <p className="text-sm text-slate-700">
            Opening sends every user of each <strong>active</strong> charter customer a personal link to try the tasks and answer the questionnaire.
            The tasks and thresholds are then fixed.
          </p>
          <p className="mt-2 text-sm text-slate-600">Needs at least 6 enrolled customers, at least one task, and no other open round.</p>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="open-round" />
            <Button disabled={opening}>{opening ? "Opening…" : "Open round and send invitations"}</Button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}

const outcomeLabel = { completed: "Completed", completed_with_help: "With help", not_completed: "Not completed" } as const;

function EvidencePanel() {
  const { round, tasks, evidence, program } = useLoaderData<typeof loader>();
  const { canEdit: isEditor } = useWorkspace();
  const canAct = isEditor && round.status === "open" && program.status === "active";
  if (!evidence) return null;
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

      <UsersPanel canAct={canAct} />
    </div>
  );
}

const wtpShort = (s: { willingnessToPay: string | null; wtpAmount: number | null; wtpCurrency: string | null }) =>
  s.willingnessToPay === "as_proposed" ? "As proposed" : s.willingnessToPay === "amount" ? `${s.wtpAmount?.toLocaleString("en-GB")} ${s.wtpCurrency}` : s.willingnessToPay === "none" ? "Nothing yet" : "—";

/** The buyer channel, kept apart from the users' evidence above. */
function ValuablePanel({ canEdit }: { canEdit: boolean }) {
  const { round, signoffs } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const unsent = signoffs.filter((s) => s.caseVersion && s.buyerName && (!s.requestId || (s.requestVersion !== s.caseVersion && !s.decision))).length;
  return (
    <section aria-labelledby="valuable-heading" className="mt-8">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id="valuable-heading" className="text-lg font-semibold text-slate-900">
          Valuable test: buyer sign-off, per customer
        </h2>
        {canEdit && round.status === "open" && unsent > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="send-all-signoffs" />
            <Button variant="secondary" disabled={navigation.formData?.get("intent") === "send-all-signoffs"}>
              Send to {unsent} {unsent === 1 ? "buyer" : "buyers"} not yet asked
            </Button>
          </Form>
        ) : null}
      </div>
      <ScrollRegion label="Sign-off table">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Buyer</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Case</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Request</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Would pay</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Reference</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {signoffs.map((s) => (
              <tr key={s.customerId}>
                <th scope="row" className="px-4 py-3 text-left font-medium text-slate-900">{s.customerName}</th>
                <td className="px-4 py-3">{s.buyerName ?? <span className="text-amber-800">No buyer</span>}</td>
                <td className="px-4 py-3">
                  <Link to={`customers/${s.customerId}/case`} className="text-brand-700 underline">
                    {s.caseVersion ? `Version ${s.caseVersion}` : canEdit ? "Write the case" : "None yet"}
                    <span className="sr-only"> for {s.customerName}</span>
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <SignoffStateBadge state={s.state} />
                  {s.requestVersion && s.caseVersion && s.requestVersion !== s.caseVersion ? <span className="block text-xs text-slate-600">for version {s.requestVersion}</span> : null}
                  {s.superseded > 0 ? <span className="block text-xs text-slate-500">{s.superseded} superseded</span> : null}
                  {s.declineReason ? <span className="block text-xs text-slate-700">“{s.declineReason}”</span> : null}
                  {s.signoffId ? (
                    <Link to={`signoffs/${s.signoffId}`} className="block text-xs text-brand-700 underline">
                      Certificate<span className="sr-only"> of {s.customerName}</span>
                    </Link>
                  ) : null}
                </td>
                <td className="px-4 py-3">{s.decision ? wtpShort(s) : "—"}</td>
                <td className="px-4 py-3">{!s.decision ? "—" : s.referenceConsent ? (s.consentWithdrawnAt ? "Withdrawn" : "Yes") : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

/** How many customers pass both tests against the target, what the others miss, and the close. */
function GatePanel({ canEdit }: { canEdit: boolean }) {
  const { round, gate, snapshot, program } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const closeResult = lastResult?.formIntent === "close-round" ? lastResult : null;
  const [form, fields] = useForm({ id: "close-round", lastResult: closeResult });
  const closing = navigation.formData?.get("intent") === "close-round";
  if (round.status === "closed" && snapshot) {
    return (
      <Card title={`Gate: closed as ${round.outcome === "passed" ? "passed" : "iterate"}`} className="mb-8">
        <p className="text-slate-800">
          At closing on {formatDate(round.closedAt!)}, <strong>{snapshot.passing} of {snapshot.target}</strong> customers passed both tests (thresholds then: {snapshot.thresholds.minResponses} responses, SUS ≥{" "}
          {oneDecimal(snapshot.thresholds.minSus)}, completion ≥ {percent(snapshot.thresholds.minTaskCompletion)}).
        </p>
        {snapshot.closeNote ? <p className="mt-2 whitespace-pre-line text-sm text-slate-700"><span className="font-medium">What was learned: </span>{snapshot.closeNote}</p> : null}
      </Card>
    );
  }
  return (
    <Card title="Gate" className="mb-8">
      <p className={`font-medium ${gate.canPass ? "text-green-800" : "text-slate-900"}`}>{gate.summary}</p>
      <p className="mt-1 text-sm text-slate-600">Target from the program: {program.targetReferenceable} customers passing both the usable and the valuable test.</p>
      {gate.missing.length > 0 ? (
        <ul className="mt-3 space-y-1 text-sm">
          {gate.missing.map((m) => (
            <li key={m.customerId}>
              <span className="font-medium text-slate-900">{m.name}</span> — {m.reasons.join("; ")}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit && round.status === "open" ? (
        <Form
          method="post"
          className="mt-5 space-y-3 border-t border-slate-200 pt-4"
          {...getFormProps(form)}
          onSubmit={(event) => {
            const outcome = ((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
            if (!confirm(`Close round ${round.number} as ${outcome === "passed" ? "passed" : "iterate"}? Every open feedback and sign-off link of the round stops working, and the round becomes read-only.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="close-round" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextareaField
            label="What was learned, and what changes next round"
            hint="Required to close as iterate; kept with the round."
            textareaProps={{ id: fields.note.id, name: fields.note.name, defaultValue: (fields.note.initialValue as string) ?? "", "aria-invalid": fields.note.errors ? true : undefined, rows: 3 }}
            errors={fields.note.errors}
          />
          <p className="text-sm text-slate-600">Closing ends every open feedback and sign-off link of the round and makes it read-only.</p>
          <div className="flex flex-wrap gap-2">
            <Button name="outcome" value="passed" variant={gate.canPass ? "primary" : "secondary"} disabled={closing}>Close as passed</Button>
            <Button name="outcome" value="iterate" variant={gate.canPass ? "secondary" : "primary"} disabled={closing}>Close as iterate</Button>
          </div>
        </Form>
      ) : null}
    </Card>
  );
}
