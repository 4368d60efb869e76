import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { Honeypot } from "~/components/honeypot";
import { validateWith } from "~/utils/form-options";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthShell } from "~/components/auth-shell";
import { Button } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import { signInSchema } from "~/modules/auth/auth.schema";
import { createSession, getSignedInMember } from "~/modules/auth/session.server";
import { signIn } from "~/modules/auth/sign-in.server";
import { canCreateWorkspace } from "~/modules/workspaces/workspaces.server";
import { handleSubmission } from "~/utils/forms.server";
import { requestOrigin, safeRedirectPath } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Charter" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSignedInMember(request)) throw redirect("/programs");
  return { signupOpen: await canCreateWorkspace() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const origin = requestOrigin(request, context);
  return handleSubmission(await request.formData(), signInSchema, async ({ email, password, redirectTo }) => {
    const member = await signIn({ email, password, origin });
    const cookie = await createSession(member, origin);
    throw redirect(safeRedirectPath(redirectTo), { headers: { "Set-Cookie": cookie } });
  });
}

export default function Login() {
  const { signupOpen } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    ...validateWith(signInSchema),
  });
  return (
    <AuthShell
      title="Sign in"
      subtitle="to your team's Charter workspace"
      footer={
        signupOpen ? (
          <>
            New team? <Link to="/setup" className="font-medium text-brand-700 underline">Create a workspace</Link>
          </>
        ) : null
      }
    >
      <Form method="post" className="space-y-5" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field label="Email" inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }} errors={fields.email.errors} />
        <Field label="Password" inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }} errors={fields.password.errors} />
        <Button className="w-full" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </Form>
    </AuthShell>
  );
}
