import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import { Badge, Card, EmptyState, Notice, PageHeader } from "~/components/ui/page";
import { requireAdmin, requireAdminPage } from "~/modules/auth/session.server";
import { apiTokenActionSchema, createApiTokenSchema } from "~/modules/workspaces/api-tokens.schema";
import { createApiToken, listApiTokens, revokeApiToken } from "~/modules/workspaces/api-tokens.server";
import { env } from "~/utils/env.server";
import { validateWith } from "~/utils/form-options";
import { handleSubmission } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Charter" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireAdminPage(request, context);
  return { tokens: await listApiTokens(member.workspaceId), appUrl: env().APP_URL };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAdmin(request, context);
  return handleSubmission(await request.formData(), apiTokenActionSchema, async (input) => {
    if (input.intent === "create-token") return createApiToken({ actor, name: input.name });
    await revokeApiToken({ actor, tokenId: input.tokenId });
    return null;
  });
}

export default function ApiTokens() {
  const { tokens, appUrl } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const intent = lastResult?.formIntent;
  const created = intent === "create-token" ? lastResult?.outcome : null;
  const [form, fields] = useForm({
    id: created ? `create-token-${created.id}` : "create-token",
    lastResult: intent === "create-token" ? lastResult : null,
    ...validateWith(createApiTokenSchema),
  });
  const revokeError = intent === "revoke-token" ? (lastResult?.error?.[""] ?? undefined) : undefined;
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Read-only tokens for a BI tool or script to download this workspace's CSV and JSON exports without signing in. A token reads every program of the workspace and changes nothing."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2" title="Tokens">
          {revokeError ? <div className="mb-4"><FormErrors errors={revokeError} /></div> : null}
          {tokens.length === 0 ? (
            <EmptyState title="No API tokens yet">Create one for each tool that pulls the exports, so each can be revoked alone.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {tokens.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">
                      {t.name} {t.revokedAt ? <Badge tone="gray">Revoked {formatDateTime(t.revokedAt)}</Badge> : null}
                    </p>
                    <p className="text-sm text-slate-600">
                      <code>{t.prefix}…</code> · created {formatDateTime(t.createdAt)}{t.createdBy ? ` by ${t.createdBy}` : ""} · {t.lastUsedAt ? `last used ${formatDateTime(t.lastUsedAt)}` : "never used"}
                    </p>
                  </div>
                  {t.revokedAt ? null : (
                    <Form
                      method="post"
                      onSubmit={(event) => {
                        if (!confirm(`Revoke “${t.name}”? Tools using it stop at once.`)) event.preventDefault();
                      }}
                    >
                      <input type="hidden" name="intent" value="revoke-token" />
                      <input type="hidden" name="tokenId" value={t.id} />
                      <Button variant="ghost" className="py-1.5 text-red-700">
                        Revoke<span className="sr-only"> {t.name}</span>
                      </Button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Create a token">
          {created ? (
            <div className="mb-4">
              <Notice tone="green" title={`Token “${created.name}” created`}>
                <p>Copy it now: it is shown only this once.</p>
                <label htmlFor="new-token" className="mt-2 block text-sm font-medium">New token</label>
                <input id="new-token" readOnly value={created.token} className="mt-1 w-full rounded-md border-0 px-2 py-1.5 font-mono text-xs ring-1 ring-inset ring-slate-300" onFocus={(e) => e.currentTarget.select()} />
                <p className="mt-2 break-all text-sm">
                  For example: <code>curl -H &quot;Authorization: Bearer …&quot; {appUrl}/programs/&lt;program id&gt;/readiness.csv</code>
                </p>
              </Notice>
            </div>
          ) : null}
          <Form method="post" className="space-y-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create-token" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field label="Name" hint="What will use it, such as “Finance BI”." inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
            <Button disabled={navigation.formData?.get("intent") === "create-token"}>Create token</Button>
          </Form>
        </Card>
      </div>
      <section aria-labelledby="token-use" className="mt-6 max-w-3xl text-sm text-slate-700">
        <h2 id="token-use" className="text-lg font-semibold text-slate-900">What a token can read</h2>
        <p className="mt-1">
          Sent as <code>Authorization: Bearer &lt;token&gt;</code> with a GET, a token downloads a program&apos;s readiness CSV (<code>/programs/&lt;id&gt;/readiness.csv</code>), its evidence JSON (<code>evidence.json</code>), its audit log CSV (<code>audit.csv</code>) and a round&apos;s responses CSV (<code>rounds/&lt;id&gt;/responses.csv</code>). It opens no page and sends no form. Wrong tokens are limited like failed sign-ins.
        </p>
      </section>
    </>
  );
}
