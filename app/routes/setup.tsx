import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { Honeypot } from "~/components/honeypot";
import { validateWith } from "~/utils/form-options";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthShell } from "~/components/auth-shell";
import { Button } from "~/components/ui/button";
import { CheckboxField, Field, FormErrors } from "~/components/ui/field";
import { setupSchema } from "~/modules/auth/auth.schema";
import { createSession } from "~/modules/auth/session.server";
import { canCreateWorkspace, createWorkspace, hasAnyWorkspace } from "~/modules/workspaces/workspaces.server";
import { handleSubmission } from "~/utils/forms.server";
import { requestOrigin } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Create your workspace · Charter" }];

export async function loader(_: LoaderFunctionArgs) {
  if (!(await canCreateWorkspace())) throw new Response("Not found", { status: 404 });
  return { firstWorkspace: !(await hasAnyWorkspace()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const origin = requestOrigin(request, context);
  return handleSubmission(await request.formData(), setupSchema, async (input) => {
    // An unticked box is absent from the post: no history.
    const { member, demoProgramId } = await createWorkspace({ ...input, demoHistory: !!input.demoHistory, origin });
    const cookie = await createSession(member, origin);
    throw redirect(demoProgramId ? `/programs/${demoProgramId}` : "/programs", { headers: { "Set-Cookie": cookie } });
  });
}

export default function Setup() {
  const { firstWorkspace } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    ...validateWith(setupSchema),
    defaultValue: { loadDemo: "on", demoHistory: "on" },
  });
  return (
    <AuthShell
      title={firstWorkspace ? "Welcome to Charter" : "Create a workspace"}
      subtitle={
        firstWorkspace
          ? "Set up your team's workspace. You will be its first admin and can invite PMs and viewers afterwards."
          : "A workspace is one product team. Its data is never visible to other workspaces."
      }
      footer={
        firstWorkspace ? null : (
          <>
            Already have an account? <Link to="/login" className="font-medium text-brand-700 underline">Sign in</Link>
          </>
        )
      }
    >
      <Form method="post" className="space-y-5" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <Field label="Team or company name" inputProps={{ ...getInputProps(fields.workspaceName, { type: "text" }), autoComplete: "organization" }} errors={fields.workspaceName.errors} />
        <Field
          label="Company name (optional)"
          hint="As your customers know you; their pages and emails say it asks them. Empty: the name above. You can change it in Settings."
          inputProps={getInputProps(fields.companyName, { type: "text" })}
          errors={fields.companyName.errors}
        />
        <Field label="Your name" inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} errors={fields.name.errors} />
        <Field label="Work email" inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }} errors={fields.email.errors} />
        <Field label="Password" hint="At least 12 characters." inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }} errors={fields.password.errors} />
        <CheckboxField
          label="Load a demo program"
          hint="A field-service product with 8 charter customers and their decision-making units, so you can look around at once. You can archive it later."
          inputProps={getInputProps(fields.loadDemo, { type: "checkbox" })}
        />
        <div className="pl-7">
          <CheckboxField
            label="With seven weeks of history"
            hint="Three prototype rounds already run: users' feedback, buyers' sign-offs, a passed gate, a certificate and a round in progress. Untick it to run round 1 yourself with the same customers."
            inputProps={getInputProps(fields.demoHistory, { type: "checkbox" })}
          />
        </div>
        <Button className="w-full" disabled={busy}>
          {busy ? "Creating workspace…" : "Create workspace"}
        </Button>
      </Form>
    </AuthShell>
  );
}
