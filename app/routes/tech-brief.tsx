import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BriefDiff } from "~/components/brief-diff";
import { ClearanceReview } from "~/components/clearance-review";
import { LabelledCard } from "~/components/labelled-card";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { FormErrors, TextareaField } from "~/components/ui/field";
import { FlashNotice } from "~/components/ui/flash";
import { Card, EmptyState, Notice, PageHeader } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { briefVersions, lastClearanceAnswer, saveTechBrief } from "~/modules/clearance/brief.server";
import { techBriefSchema, type TechBriefInput } from "~/modules/clearance/clearance.schema";
import { remindGatekeeper } from "~/modules/clearance/reminders.server";
import { gatekeepersOf, revokeClearanceRequest, sendClearanceRequest } from "~/modules/clearance/requests.server";
import { listRequirements } from "~/modules/clearance/requirements.server";
import { clearanceStates } from "~/modules/clearance/states.server";
import { getCustomer } from "~/modules/customers/customers.server";
import { getProgram } from "~/modules/programs/programs.server";
import { validateWith } from "~/utils/form-options";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { z } from "~/utils/zod";
import { useWorkspace } from "./workspace";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Technical brief: ${data.customer.name} · Charter` : "Technical brief · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const customerId = idParam(params.customerId);
  const [program, customer, requirements, versions, answered, states, gatekeepers] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(getCustomer(member.workspaceId, programId, customerId)),
    listRequirements(member.workspaceId, programId),
    briefVersions(member.workspaceId, customerId),
    lastClearanceAnswer(member.workspaceId, customerId),
    clearanceStates({ workspaceId: member.workspaceId, programId }),
    gatekeepersOf(member.workspaceId, customerId),
  ]);
  return { program, customer, requirements, versions, lastAnswer: answered, review: states.find((s) => s.customerId === customerId) ?? null, gatekeepers };
}

const actionSchema = z.discriminatedUnion("intent", [
  techBriefSchema.extend({ intent: z.literal("save"), endClearance: z.boolean().optional() }),
  z.object({ intent: z.literal("send"), contactId: z.uuid({ error: "Choose the gatekeeper to ask." }).optional() }),
  z.object({ intent: z.literal("remind") }),
  z.object({ intent: z.literal("revoke") }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const ids = { programId: idParam(params.programId), customerId: idParam(params.customerId) };
  return handleSubmission(await request.formData(), actionSchema, async (input) => {
    switch (input.intent) {
      case "send": {
        const { resent } = await sendClearanceRequest({ actor, ...ids, contactId: input.contactId });
        return resent ? "A new link was sent; the earlier one no longer works." : "Sent for IT review.";
      }
      case "remind":
        await remindGatekeeper({ actor, ...ids });
        return "Reminder sent.";
      case "revoke":
        await revokeClearanceRequest({ actor, ...ids });
        return "Review request withdrawn: its links no longer work.";
      case "save": {
        const { intent: _, endClearance, ...brief } = input;
        const saved = await saveTechBrief({ actor, ...ids, input: brief, endClearance });
        if (!saved.changed) return "No changes: the brief is as it was.";
        return saved.reRequested ? `Saved as version ${saved.version}. The earlier request is superseded and the gatekeeper was asked again, with what changed.` : `Saved as version ${saved.version}.`;
      }
    }
  });
}

export default function TechBriefPage() {
  const { program, customer, requirements, versions, lastAnswer, review, gatekeepers } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { canEdit: isEditor } = useWorkspace();
  const canEdit = isEditor && program.status === "active" && customer.status !== "withdrawn";
  const current = versions[0];
  const message = typeof lastResult?.outcome === "string" ? lastResult.outcome : null;
  const otherError = lastResult?.formIntent && lastResult.formIntent !== "save" ? (lastResult.error?.[""] ?? lastResult.error?.contactId ?? undefined) : undefined;
  const clearanceAtStake = lastAnswer && lastAnswer.isCurrent && lastAnswer.standing && lastAnswer.decision !== "veto" ? lastAnswer : null;
  const answerOf = (requirementId: string) => current?.answers.find((a) => a.requirementId === requirementId)?.answer ?? "";
  const [form, fields] = useForm<TechBriefInput & { endClearance?: boolean }>({
    id: `brief-${current?.version ?? 0}-${requirements.map((r) => r.id).join("").length}`,
    lastResult: lastResult?.formIntent === "save" ? lastResult : null,
    defaultValue: { answers: requirements.map((r) => ({ requirementId: r.id, answer: answerOf(r.id) })), notes: current?.notes ?? "" },
    ...validateWith(techBriefSchema),
  });
  const answerFields = fields.answers.getFieldList();
  const busy = navigation.formData?.get("intent") === "save";

  return (
    <>
      <PageHeader
        title={`Technical brief: ${customer.name}`}
        breadcrumb={
          <>
            <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link> / <Link to={`/programs/${program.id}/customers/${customer.id}`} className="hover:underline">{customer.name}</Link>
          </>
        }
        description="How the product meets each of the program's technical requirements, for the customer's IT gatekeeper. The brief is the customer's for the whole program: each save is a new version, a clearance binds to the exact version it was given for, and editing after an answer asks the gatekeeper again."
      />
      <div className="mb-6 space-y-3">
        <FlashNotice message={message} />
        <FormErrors errors={otherError} />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={current ? `Version ${current.version}` : "First version"} className="lg:col-span-2">
          {requirements.length === 0 ? (
            <EmptyState title="No technical requirements yet">
              List what gatekeepers need on the <Link to={`/programs/${program.id}/requirements`} className="font-medium text-brand-700 underline">requirements page</Link>; the brief answers them.
            </EmptyState>
          ) : canEdit ? (
            <Form method="post" className="space-y-4" {...getFormProps(form)}>
              <input type="hidden" name="intent" value="save" />
              <FormErrors id={form.errorId} errors={form.errors} />
              {requirements.map((r, i) => {
                const field = answerFields[i].getFieldset();
                return (
                  <div key={r.id}>
                    <input {...getInputProps(field.requirementId, { type: "hidden" })} key={field.requirementId.key} />
                    <TextareaField label={`${i + 1}. ${r.title}`} hint={r.need || "How the product meets it, or the plan."} textareaProps={{ ...getTextareaProps(field.answer), rows: 3 }} errors={field.answer.errors} />
                  </div>
                );
              })}
              <TextareaField label="Notes" hint="Optional: anything else the gatekeeper should know." textareaProps={{ ...getTextareaProps(fields.notes), rows: 2 }} errors={fields.notes.errors} />
              {clearanceAtStake ? (
                <Notice tone="amber">
                  <label className="flex items-start gap-2">
                    <input type="checkbox" name="endClearance" value="on" className="mt-1 h-4 w-4" aria-describedby={fields.endClearance.errors ? fields.endClearance.errorId : undefined} />
                    <span>
                      Saving a new version ends {clearanceAtStake.gatekeeperName}'s clearance of version {clearanceAtStake.version}. {customer.name} counts as cleared again only once they clear the new version; they are asked at once. Tick to confirm.
                    </span>
                  </label>
                  {fields.endClearance.errors ? <p id={fields.endClearance.errorId} className="mt-1 font-medium text-red-800">{fields.endClearance.errors.join(" ")}</p> : null}
                </Notice>
              ) : null}
              <Button disabled={busy}>{current ? "Save as a new version" : "Save the brief"}</Button>
            </Form>
          ) : current ? (
            <dl className="space-y-3 text-slate-800">
              {current.answers.map((a) => (
                <div key={a.requirementId}>
                  <dt className="text-sm font-medium text-slate-600">{a.title}</dt>
                  <dd className="whitespace-pre-line">{a.answer}</dd>
                </div>
              ))}
              {current.notes ? <div><dt className="text-sm font-medium text-slate-600">Notes</dt><dd className="whitespace-pre-line">{current.notes}</dd></div> : null}
            </dl>
          ) : (
            <p className="text-sm text-slate-600">No technical brief yet.</p>
          )}
        </Card>
        <div className="space-y-6">
          <ClearanceReview review={review} gatekeepers={gatekeepers} canEdit={canEdit} hasBrief={!!current} />
          {lastAnswer && !lastAnswer.isCurrent && current ? (
            <LabelledCard title={`Changed since ${lastAnswer.gatekeeperName} last answered`}>
              <p className="mb-2 text-sm text-slate-600">They answered “{lastAnswer.decision.replaceAll("_", " ")}” on version {lastAnswer.version}.</p>
              <BriefDiff from={lastAnswer} to={current} fromLabel={`version ${lastAnswer.version}`} toLabel={`version ${current.version}`} />
            </LabelledCard>
          ) : null}
          {versions.length > 1 ? (
            <Card title="Earlier versions">
              <ol className="space-y-2 text-sm">
                {versions.slice(1).map((v) => (
                  <li key={v.id}>
                    <details>
                      <summary className="cursor-pointer">Version {v.version} · {formatDateTime(v.createdAt)} · {v.authorName}</summary>
                      <dl className="mt-1 space-y-1 text-slate-700">
                        {v.answers.map((a) => (
                          <div key={a.requirementId}><dt className="font-medium">{a.title}</dt><dd className="whitespace-pre-line">{a.answer}</dd></div>
                        ))}
                      </dl>
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
