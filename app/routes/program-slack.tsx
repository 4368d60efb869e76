import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import { Card, Notice, PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { slackChannelSchema } from "~/modules/notices/notices.schema";
import { connectSlack, disconnectSlack, slackChannelOf } from "~/modules/notices/slack.server";
import { getProgram } from "~/modules/programs/programs.server";
import { validateWith } from "~/utils/form-options";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Slack notices · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const [program, channel] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), slackChannelOf(member.workspaceId, programId)]);
  return { program: { id: program.id, name: program.name }, channel };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  return handleSubmission(await request.formData(), slackChannelSchema, (input) =>
    input.intent === "connect" ? connectSlack({ actor, programId, url: input.url }) : disconnectSlack({ actor, programId }),
  );
}

export default function ProgramSlack() {
  const { program, channel } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ id: "slack", lastResult: lastResult?.formIntent === "connect" ? lastResult : undefined, ...validateWith(slackChannelSchema) });
  return (
    <>
      <PageHeader
        title="Slack notices"
        description="Post this program's notices (declines, withdrawn consents, rounds' milestones) to a Slack channel, through an incoming webhook."
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>
          </>
        }
      />
      <Card title={channel ? "Connected" : "Connect a channel"} className="max-w-2xl">
        {channel ? (
          <div className="mb-4 space-y-2">
            <p className="break-all text-sm text-slate-700">
              Posting to <code>{channel.hint}</code> (the full address is kept secret).
            </p>
            <p className="text-sm text-slate-600">
              {channel.sent} posted, {channel.waiting} waiting, {channel.failed} failed.
            </p>
          </div>
        ) : (
          <div className="mb-4">
            <Notice tone="blue">In Slack, add the “Incoming WebHooks” app to a channel and copy its webhook URL here.</Notice>
          </div>
        )}
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="connect" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field
            label={channel ? "Replace the webhook URL" : "Webhook URL"}
            hint="Starts with https://hooks.slack.com/services/"
            inputProps={{ ...getInputProps(fields.url, { type: "url" }), autoComplete: "off", spellCheck: false }}
            errors={fields.url.errors}
          />
          <Button disabled={busy}>{channel ? "Replace" : "Connect"}</Button>
        </Form>
        {channel ? (
          <Form method="post" className="mt-4 border-t border-slate-200 pt-4">
            <input type="hidden" name="intent" value="disconnect" />
            <Button variant="secondary" disabled={busy}>
              Disconnect Slack
            </Button>
          </Form>
        ) : null}
      </Card>
    </>
  );
}
