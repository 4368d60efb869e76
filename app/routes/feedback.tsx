import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { Honeypot } from "~/components/honeypot";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useMemo } from "react";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { PublicShell } from "~/components/public-shell";
import { formatDate } from "~/components/status";
import { Button } from "~/components/ui/button";
import { ErrorList, ErrorSummary, FormErrors } from "~/components/ui/field";
import { Notice } from "~/components/ui/page";
import { feedbackSchema, type FeedbackInput } from "~/modules/feedback/feedback.schema";
import { loadFeedbackPage, submitFeedback, type DeadLinkReason } from "~/modules/feedback/feedback.server";
import { SUS_ITEMS, taskOutcomes } from "~/modules/feedback/usability";
import { handleSubmission } from "~/utils/forms.server";
import { recordRefusedLink } from "~/modules/audit/security.server";
import { requestOrigin } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Your feedback · Charter" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const page = await loadFeedbackPage(token);
  if (page.state === "ok") return data(page);
  // A dead link still gets its explanatory page, with the status that says so.
  await recordRefusedLink({ kind: "feedback", token, reason: page.state, method: "GET", origin: requestOrigin(request, context) });
  return data(page, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  const refuse = async (reason: string) => {
    await recordRefusedLink({ kind: "feedback", token, reason, method: "POST", origin });
    // Encoded: a token from the address bar may hold anything, a NUL included.
    return redirect(`/f/${encodeURIComponent(token)}`);
  };
  // A dead link answers with its page before the form is even read; nothing is written.
  const page = await loadFeedbackPage(token);
  if (page.state !== "ok") throw await refuse(page.state);
  try {
    return await handleSubmission(await request.formData(), feedbackSchema, async (input) => {
      const { status } = await submitFeedback({ token, input, origin });
      throw redirect(`/f/${encodeURIComponent(token)}?submitted=${status}`);
    });
  } catch (error) {
    // A link that died while the form was open: show the same page as opening it now would.
    if (error instanceof Response && error.status === 404) throw await refuse(await error.text());
    throw error;
  }
}

const outcomeText = { completed: "I did it on my own", completed_with_help: "I did it, but needed help or hints", not_completed: "I could not do it" } as const;
const scale = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"];

const deadText: Record<DeadLinkReason, { title: string; body: string }> = {
  unknown: { title: "This link does not work", body: "It may be incomplete (check that you copied all of it) or it was never valid." },
  revoked: { title: "This link has been replaced", body: "A newer link was sent to you for this round; please use the most recent email." },
  expired: { title: "This link has expired", body: "Feedback links work for a limited time." },
  closed: { title: "This round has closed", body: "Thank you — the team is no longer collecting feedback on this prototype." },
};

export default function FeedbackPage() {
  const data = useLoaderData<typeof loader>();
  if (data.state !== "ok") {
    const text = deadText[data.state];
    return (
      <PublicShell label="prototype feedback">
        <h1 className="text-xl font-semibold text-slate-900">{text.title}</h1>
        <p className="mt-2 text-slate-700">{text.body}</p>
        <p className="mt-2 text-slate-700">
          {data.state === "revoked"
            ? "If you cannot find that email, ask the product manager who invited you to send the link again."
            : data.state === "closed"
              ? null
              : "If you still want to give feedback, ask the product manager who invited you for a new link."}{" "}
          No feedback was recorded from this visit.
        </p>
      </PublicShell>
    );
  }
  // Keyed by the stored response: coming back to the form (the browser's Back button after sending,
  // or "Review or change my answers") mounts it anew with the stored answers, not a stale empty form.
  return <FeedbackForm key={data.response ? `${data.response.version}-${new Date(data.response.updatedAt).getTime()}` : "new"} />;
}

function FeedbackForm() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  if (data.state !== "ok") throw new Error("unreachable");
  const { round, tasks, response } = data;
  const submitted = searchParams.get("submitted");

  const defaultValue: Partial<Record<keyof FeedbackInput, unknown>> = {
    tasks: tasks.map((task) => {
      const previous = response?.outcomes.find((o) => o.taskId === task.id);
      return { taskId: task.id, outcome: previous?.outcome, comment: previous?.comment ?? "" };
    }),
    confusing: response?.confusing ?? "",
    missing: response?.missing ?? "",
    ...Object.fromEntries((response?.sus ?? []).map((answer, i) => [`sus${i + 1}`, String(answer)])),
  };
  // The form lists the page's tasks, whatever a refused post held (none, fewer, or not a list).
  const result = useMemo(() => withEveryTask(lastResult, tasks.length), [lastResult, tasks.length]);
  const [form, fields] = useForm<FeedbackInput>({
    lastResult: result,
    defaultValue: defaultValue as never,
    // Validated on the server only: the user's page ships no zod (see the benchmark's JS sizes).
  });
  const taskFields = fields.tasks.getFieldList();

  if (submitted && response) {
    return (
      <PublicShell label="prototype feedback" brand={data.brand} asks="asks for your feedback">
        <div role="status" className="rounded-lg bg-white p-6 shadow-xs ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold text-slate-900">{submitted === "created" ? "Thank you — your feedback is recorded" : submitted === "updated" ? "Your changes are saved" : "Your answers were already recorded"}</h1>
          <p className="mt-2 text-slate-700">
            {data.product}, round {round.number}: recorded on {formatDate(response.updatedAt)} for {data.contactName} ({data.customerName}).
          </p>
          <p className="mt-2 text-slate-700">You can come back with the same link and change your answers until the round closes.</p>
          <a href="?" className="mt-4 inline-block font-medium text-brand-700 underline">
            Review or change my answers
          </a>
        </div>
      </PublicShell>
    );
  }

  return (
    <PublicShell label="prototype feedback" brand={data.brand} asks="asks for your feedback">
      <h1 className="text-2xl font-semibold text-slate-900">
        {data.product}: round {round.number}
      </h1>
      <p className="mt-1 text-slate-600">
        For {data.contactName} at {data.customerName} · “{round.title}”{round.version ? ` · version ${round.version}` : ""}
      </p>
      {data.answerBy ? <p className="mt-2 font-medium text-slate-900">{data.answerBy}</p> : null}
      <ErrorSummary formId={form.id} errors={form.allErrors} prefix={taskPrefix} />
      {response ? (
        <div className="mt-4">
          <Notice tone="blue">You answered on {formatDate(response.updatedAt)}. Your answers are filled in below; change anything and submit again until the round closes.</Notice>
        </div>
      ) : null}

      <section className="mt-6 rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 className="font-semibold text-slate-900">1. Open the prototype</h2>
        {round.prototypeUrl ? (
          <p className="mt-1">
            <a href={round.prototypeUrl} target="_blank" rel="noopener noreferrer" className="font-medium text-brand-700 underline break-all">
              {round.prototypeUrl}
            </a>{" "}
            <span className="text-sm text-slate-500">(opens in a new tab)</span>
          </p>
        ) : (
          <p className="mt-1 text-slate-600">The team will share the prototype with you directly.</p>
        )}
        {round.testerNotes ? <p className="mt-3 whitespace-pre-line text-sm text-slate-700">{round.testerNotes}</p> : null}
      </section>

      <Form method="post" className="mt-6 space-y-6" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <section className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <h2 className="font-semibold text-slate-900">2. Try each task, then tell us how it went</h2>
          <ol className="mt-4 space-y-6">
            {tasks.map((task, i) => (
              <TaskQuestion key={task.id} index={i} task={task} field={taskFields[i]} />
            ))}
          </ol>
        </section>

        <section className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <h2 className="font-semibold text-slate-900">3. Ten quick statements about the prototype</h2>
          <p className="mt-1 text-sm text-slate-600">How much do you agree with each? Go with your first reaction.</p>
          <div className="mt-4 space-y-5">
            {SUS_ITEMS.map((statement, i) => {
              const field = fields[`sus${i + 1}` as keyof FeedbackInput] as FieldMetadata<number>;
              return (
                <fieldset key={statement} aria-describedby={field.errors ? field.errorId : undefined}>
                  <legend className="text-sm font-medium text-slate-900">
                    {i + 1}. {statement}
                  </legend>
                  <div className="mt-2 grid grid-cols-5 gap-1">
                    {scale.map((label, answer) => (
                      <label key={label} className="flex cursor-pointer flex-col items-center gap-1 rounded-md px-0 py-1.5 text-center text-xs text-slate-600 has-checked:bg-brand-50 has-checked:text-brand-800 sm:px-1">
                        <input
                          {...getInputProps(field, { type: "radio", value: String(answer + 1) })} id={`${field.id}-${String(answer + 1)}`}
                          key={`${field.key}-${answer}`}
                          className="size-5 accent-brand-600"
                        />
                        <span>{label}</span>
                      </label>
                    ))}
                  </div>
                  <ErrorList id={field.errorId} errors={field.errors} />
                </fieldset>
              );
            })}
          </div>
        </section>

        <section className="space-y-4 rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <h2 className="font-semibold text-slate-900">4. In your own words</h2>
          <div>
            <label htmlFor={fields.confusing.id} className="block text-sm font-medium text-slate-900">
              What was confusing? <span className="font-normal text-slate-500">(optional)</span>
            </label>
            <textarea {...getTextareaProps(fields.confusing)} rows={3} className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
            <ErrorList id={fields.confusing.errorId} errors={fields.confusing.errors} />
          </div>
          <div>
            <label htmlFor={fields.missing.id} className="block text-sm font-medium text-slate-900">
              What is missing for you to use it in your daily work? <span className="font-normal text-slate-500">(optional)</span>
            </label>
            <textarea {...getTextareaProps(fields.missing)} rows={3} className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
            <ErrorList id={fields.missing.errorId} errors={fields.missing.errors} />
          </div>
        </section>

        <Button className="w-full py-3 text-base sm:w-auto" disabled={busy}>
          {busy ? "Sending…" : response ? "Save my changes" : "Send my feedback"}
        </Button>
      </Form>
    </PublicShell>
  );
}

/** A refused post's values with one entry per task of the page, so each task has its field. */
function withEveryTask<R extends { initialValue?: Record<string, unknown> | null }>(result: R | undefined, taskCount: number): R | undefined {
  if (!result?.initialValue) return result;
  const posted = result.initialValue.tasks;
  const entry = (i: number) => {
    const value = Array.isArray(posted) ? posted[i] : undefined;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  };
  return { ...result, initialValue: { ...result.initialValue, tasks: Array.from({ length: taskCount }, (_, i) => entry(i)) } };
}

/** "Task 2: " before a task's message in the error summary. */
const taskPrefix = (name: string) => {
  const task = /^tasks\[(\d+)\]/.exec(name);
  return task ? `Task ${Number(task[1]) + 1}: ` : "";
};

type TaskField = ReturnType<ReturnType<typeof useForm<FeedbackInput>>[1]["tasks"]["getFieldList"]>[number];

function TaskQuestion({ index, task, field }: { index: number; task: { id: string; instruction: string; successCriteria: string }; field: TaskField }) {
  const parts = field.getFieldset();
  return (
    <li>
      <fieldset aria-describedby={parts.outcome.errors ? parts.outcome.errorId : undefined}>
        <legend className="font-medium text-slate-900">
          Task {index + 1}: {task.instruction}
        </legend>
        {task.successCriteria ? <p className="mt-0.5 text-sm text-slate-600">You are done when: {task.successCriteria}</p> : null}
        <input type="hidden" name={parts.taskId.name} value={task.id} />
        <div className="mt-1">
          {taskOutcomes.map((outcome) => (
            <label key={outcome} className="flex cursor-pointer items-center gap-2 py-1.5 text-sm text-slate-800">
              <input {...getInputProps(parts.outcome, { type: "radio", value: outcome })} id={`${parts.outcome.id}-${outcome}`} key={`${parts.outcome.key}-${outcome}`} className="size-4 accent-brand-600" />
              {outcomeText[outcome]}
            </label>
          ))}
        </div>
        <ErrorList id={parts.outcome.errorId} errors={parts.outcome.errors} />
      </fieldset>
      <label htmlFor={parts.comment.id} className="mt-3 block text-sm text-slate-700">
        Comment on task {index + 1} <span className="text-slate-500">(optional)</span>
      </label>
      <textarea {...getTextareaProps(parts.comment)} rows={2} className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
    </li>
  );
}
