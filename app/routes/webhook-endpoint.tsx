import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { FormErrors } from "~/components/ui/field";
import { Badge, Card, PageHeader, ScrollRegion } from "~/components/ui/page";
import { requireAdmin, requireAdminPage } from "~/modules/auth/session.server";
import { deleteEndpoint, getEndpoint, revealSecret, rotateSecret, sendTestEvent, setEndpointEnabled } from "~/modules/webhooks/endpoints.server";
import { endpointActionSchema } from "~/modules/webhooks/webhooks.schema";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { SecretNotice } from "./webhooks/secret-notice";

export const meta: MetaFunction = () => [{ title: "Webhook endpoint · Charter" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireAdminPage(request, context);
  return orHttpError(getEndpoint(actor, idParam(params.endpointId)));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireAdmin(request, context);
  const pathId = idParam(params.endpointId);
  return handleSubmission(await request.formData(), endpointActionSchema, async (input) => {
    // The form's endpoint is the page's: a post names no other endpoint than the one it was made on.
    if (input.intent === "create" || input.endpointId !== pathId) throw new Response("Not found", { status: 404 });
    const endpointId = pathId;
    switch (input.intent) {
      case "send-test":
        await sendTestEvent({ actor, endpointId });
        return { done: "Test event queued. It appears in the log below once sent.", secret: null };
      case "disable":
      case "enable":
        await setEndpointEnabled({ actor, endpointId, enabled: input.intent === "enable" });
        return { done: input.intent === "enable" ? "Endpoint enabled." : "Endpoint disabled: nothing is sent to it until it is enabled.", secret: null };
      case "rotate-secret":
        return { done: "New secret made. Events are signed with it from now on; the old one no longer verifies.", ...(await rotateSecret({ actor, endpointId })) };
      case "reveal-secret":
        return { done: "The endpoint's current secret.", ...(await revealSecret({ actor, endpointId })) };
      case "delete":
        await deleteEndpoint({ actor, endpointId });
        throw redirect("/settings/webhooks");
    }
  });
}

const statusTone = (code: number | null) => (code !== null && code >= 200 && code < 300 ? "green" : "red");

export default function WebhookEndpoint() {
  const { endpoint, log, waiting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const outcome = result?.outcome;
  const errors = result?.error?.[""] ?? undefined;
  const actionButton = (intent: string, label: string, variant: "primary" | "secondary" | "ghost" = "secondary", confirmText?: string) => (
    <Form
      method="post"
      onSubmit={(event) => {
        if (confirmText && !confirm(confirmText)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="endpointId" value={endpoint.id} />
      <Button variant={variant} disabled={busy}>
        {label}
      </Button>
    </Form>
  );
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/settings/webhooks" className="underline">Webhooks</Link>}
        title={<span className="break-all">{endpoint.url}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {endpoint.disabledAt ? <Badge tone="gray">Disabled since {formatDateTime(endpoint.disabledAt)}</Badge> : <Badge tone="green">Enabled</Badge>}
            <span>{endpoint.description || `Added ${formatDateTime(endpoint.createdAt)}`}</span>
          </span>
        }
      />
      <div className="space-y-6">
        <FormErrors errors={errors} />
        {outcome?.secret ? (
          <SecretNotice title="Signing secret" secret={outcome.secret}>
            {outcome.done}
          </SecretNotice>
        ) : outcome ? (
          <p role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900">
            {outcome.done}
          </p>
        ) : null}
        <Card title="Endpoint">
          <p className="text-sm text-slate-700">
            <span className="font-medium">Events:</span> {endpoint.events.join(", ")}
          </p>
          <div className="mt-4 flex flex-wrap gap-2">
            {endpoint.disabledAt ? null : actionButton("send-test", "Send a test event", "primary")}
            {endpoint.disabledAt ? actionButton("enable", "Enable") : actionButton("disable", "Disable")}
            {actionButton("reveal-secret", "Show the secret")}
            {actionButton("rotate-secret", "Rotate the secret", "secondary", "Make a new secret? The old one stops verifying at once.")}
            {actionButton("delete", "Delete the endpoint", "ghost", "Delete this endpoint and its delivery log?")}
          </div>
        </Card>
        <section aria-labelledby="delivery-log">
          <h2 id="delivery-log" className="text-lg font-semibold text-slate-900">
            Delivery log
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Every attempt, newest first (the last 50). A failed attempt is retried after 1 min, 5 min, 30 min, 2 h and 6 h.{waiting > 0 ? ` ${waiting === 1 ? "1 event is" : `${waiting} events are`} waiting to be sent.` : ""}
          </p>
          {log.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600">Nothing sent yet. Send a test event to check the receiver.</p>
          ) : (
            <ScrollRegion label="Delivery log table" className="mt-3">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <thead className="bg-slate-50 text-left text-slate-700">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">When</th>
                    <th scope="col" className="px-3 py-2 font-medium">Event</th>
                    <th scope="col" className="px-3 py-2 font-medium">Attempt</th>
                    <th scope="col" className="px-3 py-2 font-medium">Answer</th>
                    <th scope="col" className="px-3 py-2 font-medium">Time</th>
                    <th scope="col" className="px-3 py-2 font-medium">Event id</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {log.map((a) => (
                    <tr key={a.id}>
                      <td className="whitespace-nowrap px-3 py-2 text-slate-700">{formatDateTime(a.at)}</td>
                      <td className="px-3 py-2 text-slate-900">{a.type}</td>
                      <td className="px-3 py-2 tabular-nums text-slate-700">{a.attempt}</td>
                      <td className="px-3 py-2">
                        <Badge tone={statusTone(a.statusCode)}>{a.statusCode ?? "no answer"}</Badge>
                        {a.error ? <span className="ml-2 text-slate-700">{a.error}</span> : null}
                      </td>
                      <td className="whitespace-nowrap px-3 py-2 tabular-nums text-slate-700">{a.durationMs} ms</td>
                      <td className="px-3 py-2 font-mono text-xs text-slate-700">{a.eventId}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </section>
      </div>
    </>
  );
}
