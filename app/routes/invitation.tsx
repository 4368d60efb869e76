import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { Honeypot } from "~/components/honeypot";
import { validateWith } from "~/utils/form-options";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthShell } from "~/components/auth-shell";
import { Button } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import { acceptInvitationSchema } from "~/modules/auth/auth.schema";
import { createSession } from "~/modules/auth/session.server";
import { acceptInvitation, findInvitation } from "~/modules/workspaces/members.server";
import { handleSubmission } from "~/utils/forms.server";
import { recordRefusedLink } from "~/modules/audit/security.server";
import { AppError } from "~/utils/errors";
import { requestOrigin } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Join a workspace · Charter" }, { name: "robots", content: "noindex" }];

const roleLabel = { admin: "an admin", pm: "a product manager", viewer: "a viewer (read-only)" } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const invitation = await findInvitation(token);
  if (invitation) return data({ valid: true as const, name: invitation.name, email: invitation.email, role: invitation.role, workspaceName: invitation.workspaceName, inviterName: invitation.inviterName });
  await recordRefusedLink({ kind: "invitation", token, reason: "used, revoked or expired", method: "GET", origin: requestOrigin(request, context) });
  return data({ valid: false as const }, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  return handleSubmission(await request.formData(), acceptInvitationSchema, async ({ name, password }) => {
    const member = await acceptInvitation({ token, name, password, origin }).catch(async (error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") await recordRefusedLink({ kind: "invitation", token, reason: "used, revoked or expired", method: "POST", origin });
      throw error;
    });
    throw redirect("/programs", { headers: { "Set-Cookie": await createSession(member, origin) } });
  });
}

export default function Invitation() {
  const invitation = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    ...validateWith(acceptInvitationSchema),
    defaultValue: invitation.valid ? { name: invitation.name } : undefined,
  });
  if (!invitation.valid) {
    return (
      <AuthShell title="This invitation link does not work" footer={<Link to="/login" className="font-medium text-brand-700 underline">Go to sign-in</Link>}>
        <p className="text-slate-700">
          It may have been used already, revoked, or it expired after 7 days. Ask the admin of your Charter workspace to send you a new invitation.
        </p>
      </AuthShell>
    );
  }
  return (
    <AuthShell
      title={invitation.workspaceName ? `Join ${invitation.workspaceName} on Charter` : "Join your team on Charter"}
      subtitle={
        <>
          {invitation.inviterName ? `${invitation.inviterName} invited you` : "You are invited"} as {roleLabel[invitation.role]} with <strong>{invitation.email}</strong>.
        </>
      }
    >
      <Form method="post" className="space-y-5" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <Field label="Your name" inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} errors={fields.name.errors} />
        <Field label="Choose a password" hint="At least 12 characters." inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }} errors={fields.password.errors} />
        <Button className="w-full" disabled={busy}>
          {busy ? "Joining…" : "Join workspace"}
        </Button>
      </Form>
    </AuthShell>
  );
}
