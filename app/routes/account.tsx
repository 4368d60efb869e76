import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { validateWith } from "~/utils/form-options";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import { Card, Notice, PageHeader } from "~/components/ui/page";
import { changePasswordSchema } from "~/modules/auth/auth.schema";
import { changePassword } from "~/modules/auth/password-change.server";
import { actorOf, requireMember } from "~/modules/auth/session.server";
import { handleSubmission } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Your account · Charter" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  return { name: member.name, email: member.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  return handleSubmission(await request.formData(), changePasswordSchema, ({ currentPassword, newPassword }) =>
    changePassword({ actor: actorOf(member, request, context), sessionId: member.sessionId, currentPassword, newPassword }),
  );
}

export default function Account() {
  const { name, email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: lastResult?.outcome ? "password-changed" : "password",
    lastResult,
    ...validateWith(changePasswordSchema),
  });
  return (
    <>
      <PageHeader title="Your account" description={`${name} · ${email}`} />
      <Card title="Change your password" className="max-w-xl">
        {lastResult?.outcome ? (
          <div className="mb-4">
            <Notice tone="green">
              Password changed.{" "}
              {lastResult.outcome.otherSessionsEnded > 0
                ? `${lastResult.outcome.otherSessionsEnded} other ${lastResult.outcome.otherSessionsEnded === 1 ? "session was" : "sessions were"} signed out.`
                : "No other session was open."}
            </Notice>
          </div>
        ) : null}
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field label="Current password" inputProps={{ ...getInputProps(fields.currentPassword, { type: "password" }), autoComplete: "current-password" }} errors={fields.currentPassword.errors} />
          <Field label="New password" hint="At least 12 characters." inputProps={{ ...getInputProps(fields.newPassword, { type: "password" }), autoComplete: "new-password" }} errors={fields.newPassword.errors} />
          <Field label="Repeat the new password" inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }} errors={fields.confirmPassword.errors} />
          <p className="text-sm text-slate-600">Changing it signs you out everywhere else.</p>
          <Button disabled={busy}>{busy ? "Changing…" : "Change password"}</Button>
        </Form>
      </Card>
    </>
  );
}
