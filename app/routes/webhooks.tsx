import { getCollectionProps, getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { ErrorList, Field, FormErrors } from "~/components/ui/field";
import { Badge, Card, EmptyState, PageHeader } from "~/components/ui/page";
import { requireAdmin, requireAdminPage } from "~/modules/auth/session.server";
import { webhookEventLabels, webhookEventTypes } from "~/modules/webhooks/events";
import { createEndpoint, listEndpoints } from "~/modules/webhooks/endpoints.server";
import { createEndpointSchema } from "~/modules/webhooks/webhooks.schema";
import { validateWith } from "~/utils/form-options";
import { handleSubmission } from "~/utils/forms.server";
import { SecretNotice } from "./webhooks/secret-notice";

export const meta: MetaFunction = () => [{ title: "Webhooks · Charter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminPage(request, context);
  return { endpoints: await listEndpoints(actor) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAdmin(request, context);
  return handleSubmission(await request.formData(), createEndpointSchema, (input) => createEndpoint({ actor, input }));
}

export default function Webhooks() {
  const { endpoints } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const created = lastResult?.outcome ?? null;
  const [form, fields] = useForm({
    id: created ? `new-endpoint-${created.endpointId}` : "new-endpoint",
    lastResult: created ? null : lastResult,
    ...validateWith(createEndpointSchema),
  });
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Send the team's own systems (a CRM, a data warehouse) signed events when sign-offs, rounds and readiness change. Signed with the Standard Webhooks scheme; each event carries the same webhook-id on every retry."
      />
      {created ? (
        <div className="mb-6">
          <SecretNotice title="Endpoint added" secret={created.secret}>
            Give this secret to the receiving system so it can verify each event&apos;s signature. <Link to={`/settings/webhooks/${created.endpointId}`} className="underline">Open the endpoint</Link> to send it a test event.
          </SecretNotice>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="endpoints-heading" className="lg:col-span-2">
          <h2 id="endpoints-heading" className="mb-3 text-lg font-semibold text-slate-900">
            Endpoints ({endpoints.length})
          </h2>
          {endpoints.length === 0 ? (
            <EmptyState title="No endpoints yet">Add the address of a system that should receive events; it gets a secret to verify them.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
              {endpoints.map((e) => (
                <li key={e.id} className="space-y-1 px-4 py-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link to={`/settings/webhooks/${e.id}`} className="break-all font-medium text-brand-700 underline">
                      {e.url}
                    </Link>
                    {e.disabledAt ? <Badge tone="gray">Disabled</Badge> : <Badge tone="green">Enabled</Badge>}
                    {e.failing > 0 ? <Badge tone="red">{e.failing === 1 ? "1 event failed" : `${e.failing} events failed`}</Badge> : null}
                  </div>
                  {e.description ? <p className="text-sm text-slate-700">{e.description}</p> : null}
                  <p className="text-sm text-slate-600">{e.events.join(", ")}</p>
                  <p className="text-sm text-slate-600">{e.lastAt ? `Last attempt ${formatDateTime(e.lastAt)}: ${e.lastStatusCode ?? "no answer"}` : "Nothing sent yet."}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <Card title="Add an endpoint">
          <Form method="post" className="space-y-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field label="Address (https://…)" hint="Plain http only to localhost, outside production." inputProps={getInputProps(fields.url, { type: "url" })} errors={fields.url.errors} />
            <Field label="Description (optional)" inputProps={getInputProps(fields.description, { type: "text" })} errors={fields.description.errors} />
            <fieldset aria-describedby={fields.events.errors ? fields.events.errorId : undefined}>
              <legend className="text-sm font-medium text-slate-800">Events to send</legend>
              <div className="mt-2 space-y-2">
                {getCollectionProps(fields.events, { type: "checkbox", options: [...webhookEventTypes] }).map(({ key, ...props }) => (
                  <div key={key} className="flex gap-3">
                    <input {...props} className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
                    <label htmlFor={props.id} className="text-sm text-slate-800">
                      {webhookEventLabels[props.value as keyof typeof webhookEventLabels]}
                    </label>
                  </div>
                ))}
              </div>
              <ErrorList id={fields.events.errorId} errors={fields.events.errors} />
            </fieldset>
            <Button disabled={navigation.state === "submitting"}>Add endpoint</Button>
          </Form>
        </Card>
      </div>
    </>
  );
}
