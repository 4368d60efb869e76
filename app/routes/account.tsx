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
import { noticeEmailSchema, type NoticeEmailChoice } from "~/modules/notices/notices.schema";
import { noticeEmailSetting, setNoticeEmail } from "~/modules/notices/notices.server";
import { handleSubmission } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Your account · Charter" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const editor = member.role !== "viewer";
  return { name: member.name, email: member.email, noticeEmail: editor ? await noticeEmailSetting(member.id) : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const form = await request.formData();
  if (form.get("intent") === "notice-email") {
    // Notices are for PMs; a viewer has none to be emailed about.
    if (member.role === "viewer") throw new Response("Viewers receive no notices.", { status: 403 });
    return handleSubmission(form, noticeEmailSchema, (input) => setNoticeEmail({ member, email: input.email }));
  }
  return handleSubmission(form, changePasswordSchema, ({ currentPassword, newPassword }) =>
    changePassword({ actor: actorOf(member, request, context), sessionId: member.sessionId, currentPassword, newPassword }),
  );
}

export default function Account() {
  const { name, email, noticeEmail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const noticeResult = result?.formIntent === "notice-email" ? result : undefined;
  const lastResult = result?.formIntent === "notice-email" ? undefined : (result as (typeof result & { outcome?: { otherSessionsEnded: number } }) | undefined);
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: lastResult?.outcome ? "password-changed" : "password",
    lastResult,
    ...validateWith(changePasswordSchema),
  });
  return (
    <>
      <PageHeader title="Your account" description={`${name} · ${email}`} />
      {noticeEmail ? <NoticeEmailCard current={noticeEmail} result={noticeResult} busy={busy} /> : null}
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

const noticeChoices: { value: NoticeEmailChoice; label: string; hint: string }[] = [
  { value: "digest", label: "A daily digest", hint: "One email a day listing the previous day's unread notices (the default)." },
  { value: "each", label: "An email for each notice", hint: "As soon as a buyer declines, a consent is withdrawn, a round reaches its gate …" },
  { value: "none", label: "No email", hint: "Notices only in Charter, under Notices." },
];

function NoticeEmailCard({ current, result, busy }: { current: NoticeEmailChoice; result?: { status?: string; error?: Record<string, string[] | null> | null }; busy: boolean }) {
  const errors = result?.error ? Object.values(result.error).flat().filter(Boolean) : [];
  return (
    <Card title="Notices by email" className="mb-6 max-w-xl">
      {result?.status === "success" ? (
        <div className="mb-4">
          <Notice tone="green">Saved: {noticeChoices.find((c) => c.value === current)?.label.toLowerCase()}.</Notice>
        </div>
      ) : null}
      <Form method="post" className="space-y-4">
        <input type="hidden" name="intent" value="notice-email" />
        <fieldset aria-describedby={errors.length ? "notice-email-errors" : undefined}>
          <legend className="text-sm font-medium text-slate-900">How should Charter tell you of new notices?</legend>
          <div className="mt-2 space-y-2">
            {noticeChoices.map((choice) => (
              <div key={choice.value} className="flex items-start gap-2">
                <input type="radio" id={`notice-email-${choice.value}`} name="email" value={choice.value} defaultChecked={choice.value === current} aria-describedby={`notice-email-${choice.value}-hint`} className="mt-1" />
                <div>
                  <label htmlFor={`notice-email-${choice.value}`} className="block font-medium text-slate-900">
                    {choice.label}
                  </label>
                  <p id={`notice-email-${choice.value}-hint`} className="text-sm text-slate-600">
                    {choice.hint}
                  </p>
                </div>
              </div>
            ))}
          </div>
        </fieldset>
        {errors.length ? (
          <p id="notice-email-errors" role="alert" className="text-sm text-red-700">
            {errors.join(" ")}
          </p>
        ) : null}
        <Button disabled={busy}>Save</Button>
      </Form>
    </Card>
  );
}
