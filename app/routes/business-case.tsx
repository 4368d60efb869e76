import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { validateWith } from "~/utils/form-options";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "~/utils/zod";
import { CaseDiff } from "~/components/case-diff";
import { SignoffStateBadge } from "~/components/signoff-status";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { FormErrors, TextareaField } from "~/components/ui/field";
import { FlashNotice } from "~/components/ui/flash";
import { Card, Notice, PageHeader } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { getCustomer } from "~/modules/customers/customers.server";
import { getProgram } from "~/modules/programs/programs.server";
import { getRound } from "~/modules/rounds/rounds.server";
import { caseVersions, lastAnswer, saveBusinessCase } from "~/modules/signoff/business-case.server";
import { remindBuyer } from "~/modules/signoff/reminders.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { roundSignoffs } from "~/modules/signoff/round-signoffs.server";
import { businessCaseSchema, type BusinessCaseInput } from "~/modules/signoff/signoff.schema";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { useWorkspace } from "./workspace";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Business case: ${data.customer.name} · Charter` : "Business case · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const roundId = idParam(params.roundId);
  const customerId = idParam(params.customerId);
  const [program, round, customer, versions, signoffRows, answered] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(getRound(member.workspaceId, programId, roundId)),
    orHttpError(getCustomer(member.workspaceId, programId, customerId)),
    caseVersions(member.workspaceId, customerId),
    roundSignoffs({ workspaceId: member.workspaceId, programId, roundId }),
    lastAnswer(member.workspaceId, customerId),
  ]);
  return { program, round, customer, versions, signoff: signoffRows.find((s) => s.customerId === customerId) ?? null, lastAnswer: answered };
}

const actionSchema = z.discriminatedUnion("intent", [
  businessCaseSchema.extend({ intent: z.literal("save"), endApproval: z.boolean().optional() }),
  z.object({ intent: z.literal("send") }),
  z.object({ intent: z.literal("remind") }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const ids = { programId: idParam(params.programId), roundId: idParam(params.roundId), customerId: idParam(params.customerId) };
  return handleSubmission(await request.formData(), actionSchema, async (input) => {
    if (input.intent === "send") {
      const { resent } = await sendSignoffRequest({ actor, ...ids });
      return resent ? "A new link was sent; the earlier one no longer works." : "Sign-off request sent to the buyer.";
    }
    if (input.intent === "remind") {
      await remindBuyer({ actor, ...ids });
      return "Reminder sent.";
    }
    const { intent: _, endApproval, ...caseInput } = input;
    const saved = await saveBusinessCase({ actor, ...ids, input: caseInput, endApproval });
    if (!saved.changed) return "No changes: the case is as it was.";
    return saved.reRequested ? `Saved as version ${saved.version}. The earlier request is superseded and the buyer was asked again.` : `Saved as version ${saved.version}.`;
  });
}

export default function BusinessCasePage() {
  const { program, round, customer, versions, signoff, lastAnswer } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { canEdit: isEditor } = useWorkspace();
  const canEdit = isEditor && program.status === "active" && round.status !== "closed" && customer.status !== "withdrawn";
  const current = versions[0];
  const message = typeof lastResult?.outcome === "string" ? lastResult.outcome : null;
  const saveResult = lastResult?.formIntent === "save" ? lastResult : null;
  const otherError = lastResult?.formIntent && lastResult.formIntent !== "save" ? (lastResult.error?.[""] ?? undefined) : undefined;
  const approvalAtStake = lastAnswer?.decision === "approve" && lastAnswer.isCurrent ? lastAnswer : null;
  const [form, fields] = useForm<BusinessCaseInput & { endApproval?: boolean }>({
    id: `case-${current?.version ?? 0}`,
    lastResult: saveResult,
    defaultValue: current ? { problem: current.problem, valueClaimed: current.valueClaimed, priceTerms: current.priceTerms, notes: current.notes } : undefined,
    ...validateWith(businessCaseSchema),
  });
  const roundPath = `/programs/${program.id}/rounds/${round.id}`;
  const busy = (intent: string) => navigation.formData?.get("intent") === intent;

  return (
    <>
      <PageHeader
        title={`Business case: ${customer.name}`}
        breadcrumb={
          <>
            <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link> / <Link to={roundPath} className="hover:underline">Round {round.number}</Link>
          </>
        }
        description="What the economic buyer is asked to confirm. The case is the customer's for the whole program: each save is a new version, a sign-off binds to the exact version it was given for, and an approval stands in later rounds while its version is current."
      />
      <div className="mb-6 space-y-3">
        <FlashNotice message={message} />
        <FormErrors errors={otherError} />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={current ? `Version ${current.version}` : "First version"} className="lg:col-span-2">
          {canEdit ? (
            <Form method="post" className="space-y-4" {...getFormProps(form)}>
              <input type="hidden" name="intent" value="save" />
              <FormErrors id={form.errorId} errors={form.errors} />
              <TextareaField label="The problem" hint="The customer's problem in their words." textareaProps={getTextareaProps(fields.problem)} errors={fields.problem.errors} />
              <TextareaField label="The value claimed" hint="What they gain, in numbers where you can (hours, money, risk)." textareaProps={getTextareaProps(fields.valueClaimed)} errors={fields.valueClaimed.errors} />
              <TextareaField label="Proposed price or terms" textareaProps={{ ...getTextareaProps(fields.priceTerms), rows: 2 }} errors={fields.priceTerms.errors} />
              <TextareaField label="Notes" hint="Optional." textareaProps={{ ...getTextareaProps(fields.notes), rows: 2 }} errors={fields.notes.errors} />
              {approvalAtStake ? (
                <Notice tone="amber">
                  <label className="flex items-start gap-2">
                    <input type="checkbox" name="endApproval" value="on" className="mt-1 h-4 w-4" aria-describedby={fields.endApproval.errors ? fields.endApproval.errorId : undefined} />
                    <span>
                      Saving a new version ends {approvalAtStake.buyerName}'s approval of version {approvalAtStake.version} (given in round {approvalAtStake.roundNumber}). {customer.name} counts as
                      valuable again only once they approve the new version; while the round is open they are asked at once. Tick to confirm.
                    </span>
                  </label>
                  {fields.endApproval.errors ? <p id={fields.endApproval.errorId} className="mt-1 font-medium text-red-800">{fields.endApproval.errors.join(" ")}</p> : null}
                </Notice>
              ) : null}
              <Button disabled={busy("save")}>{current ? "Save as a new version" : "Save the case"}</Button>
            </Form>
          ) : current ? (
            <dl className="space-y-3 text-slate-800">
              <div><dt className="text-sm font-medium text-slate-600">Problem</dt><dd className="whitespace-pre-line">{current.problem}</dd></div>
              <div><dt className="text-sm font-medium text-slate-600">Value claimed</dt><dd className="whitespace-pre-line">{current.valueClaimed}</dd></div>
              <div><dt className="text-sm font-medium text-slate-600">Price or terms</dt><dd className="whitespace-pre-line">{current.priceTerms}</dd></div>
              {current.notes ? <div><dt className="text-sm font-medium text-slate-600">Notes</dt><dd className="whitespace-pre-line">{current.notes}</dd></div> : null}
            </dl>
          ) : (
            <p className="text-sm text-slate-600">No business case yet.</p>
          )}
        </Card>
        <div className="space-y-6">
          <Card title="Buyer sign-off">
            {!signoff?.buyerName ? (
              <p className="text-sm text-amber-800">This customer has no economic buyer. Add one on the customer page to ask for a sign-off.</p>
            ) : (
              <div className="space-y-3 text-sm">
                <p>
                  <span className="font-medium text-slate-900">{signoff.buyerName}</span>
                  <span className="block text-slate-600">{signoff.buyerEmail}</span>
                </p>
                <p className="flex flex-wrap items-center gap-2">
                  <SignoffStateBadge state={signoff.state} />
                  {signoff.requestVersion ? <span className="text-slate-600">for version {signoff.requestVersion}</span> : null}
                </p>
                {signoff.requestedAt ? <p className="text-slate-600">Requested {formatDateTime(signoff.requestedAt)}{signoff.reminderCount ? ` · ${signoff.reminderCount} reminder${signoff.reminderCount > 1 ? "s" : ""}` : ""}</p> : null}
                {signoff.carried ? (
                  <p className="text-slate-700">
                    {signoff.carried.decision === "approve" ? "Approved" : "Declined"} version {signoff.carried.version} in round {signoff.carried.roundNumber} — still current
                    {signoff.carried.decision === "approve" ? ", so it counts in this round too." : "."}
                  </p>
                ) : null}
                {signoff.signoffId || signoff.carried ? (
                  <Link to={signoff.carried ? `/programs/${program.id}/rounds/${signoff.carried.roundId}/signoffs/${signoff.carried.signoffId}` : `${roundPath}/signoffs/${signoff.signoffId}`} className="font-medium text-brand-700 underline">
                    View the certificate
                  </Link>
                ) : null}
                {canEdit && round.status === "open" && current && !signoff.decision ? (
                  <div className="flex flex-wrap gap-2 pt-1">
                    <Form
                      method="post"
                      onSubmit={(event) => {
                        if (signoff.requestId && !confirm(`Re-send the request to ${signoff.buyerName}? The link in the earlier email stops working; only the new one can be used.`)) event.preventDefault();
                      }}
                    >
                      <input type="hidden" name="intent" value="send" />
                      <Button variant={signoff.requestId ? "secondary" : "primary"} disabled={busy("send")}>{signoff.requestId ? "Re-send request" : "Send sign-off request"}</Button>
                    </Form>
                    {signoff.requestId && (signoff.state === "sent" || signoff.state === "opened") ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="remind" />
                        <Button variant="ghost" disabled={busy("remind")}>Remind</Button>
                      </Form>
                    ) : null}
                  </div>
                ) : null}
                {canEdit && round.status === "open" && signoff.requestId && !signoff.decision ? (
                  <p className="text-slate-600">
                    <strong className="font-medium text-slate-800">Remind</strong> emails the buyer again with a link that works beside the earlier ones (at most 3 reminders; some go out by themselves after 3 days).{" "}
                    <strong className="font-medium text-slate-800">Re-send</strong> replaces the request's links: use it when the earlier email was lost or went to the wrong person.
                  </p>
                ) : null}
                {round.status === "draft" ? <p className="text-slate-600">Requests go out once the round is open.</p> : null}
              </div>
            )}
          </Card>
          {lastAnswer && !lastAnswer.isCurrent && current ? (
            <Card title={`Changed since ${lastAnswer.buyerName} last answered`}>
              <p className="mb-2 text-sm text-slate-600">
                They {lastAnswer.decision === "approve" ? "approved" : "declined"} version {lastAnswer.version} in round {lastAnswer.roundNumber}.
              </p>
              <CaseDiff from={lastAnswer} to={current} fromLabel={`version ${lastAnswer.version}`} toLabel={`version ${current.version}`} />
            </Card>
          ) : null}
          {versions.length > 1 ? (
            <Card title="Earlier versions">
              <ol className="space-y-2 text-sm">
                {versions.slice(1).map((v) => (
                  <li key={v.id}>
                    <details>
                      <summary className="cursor-pointer">Version {v.version} · {formatDateTime(v.createdAt)} · {v.authorName}</summary>
                      <p className="mt-1 whitespace-pre-line text-slate-700">{v.valueClaimed}</p>
                      <p className="mt-1 text-slate-600">{v.priceTerms}</p>
                    </details>
                  </li>
                ))}
              </ol>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
