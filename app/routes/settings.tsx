import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PublicShell } from "~/components/public-shell";
import { Button } from "~/components/ui/button";
import { CheckboxField, Field, FormErrors } from "~/components/ui/field";
import { Card, Notice, PageHeader } from "~/components/ui/page";
import { requireAdmin, requireMember } from "~/modules/auth/session.server";
import { MIN_CONTRAST } from "~/modules/brand/brand";
import { brandSchema } from "~/modules/brand/brand.schema";
import { getBrand, updateBrand } from "~/modules/brand/brand.server";
import { validateWith } from "~/utils/form-options";
import { handleSubmission } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Settings · Charter" }];

/** The workspace's settings: who asks on the public pages and in emails. Admins only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  if (member.role !== "admin") throw new Response("Only an admin changes the workspace's settings.", { status: 403 });
  return { brand: await getBrand(member.workspaceId) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAdmin(request, context);
  return handleSubmission(await request.formData(), brandSchema, async (input) => {
    await updateBrand({ actor, input });
    return { saved: true };
  });
}

export default function Settings() {
  const { brand } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    // Keyed by what is saved: after a save resets the form, it shows the new values, not the first ones.
    id: `brand-${brand.companyName}-${brand.accentColor ?? ""}-${brand.logoPath ?? ""}`,
    lastResult,
    ...validateWith(brandSchema),
    defaultValue: { companyName: brand.companyName, accentColor: brand.accentColor ?? "" },
  });
  return (
    <>
      <PageHeader title="Settings" description="How your customers' users and buyers see who is asking them: on their pages and in every email." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Your company" className="min-w-0">
          {lastResult?.outcome?.saved ? (
            <div className="mb-4">
              <Notice tone="green">Saved. New pages and emails carry it from now on.</Notice>
            </div>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="space-y-5" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field
              label="Company name"
              hint="As customers know you: “Ledgerly, by Acme Software, asks for your feedback”."
              inputProps={{ ...getInputProps(fields.companyName, { type: "text" }), autoComplete: "organization" }}
              errors={fields.companyName.errors}
            />
            <Field
              label="Accent colour (optional)"
              hint={`# and six hex digits, like #1d4ed8. Buttons carry white text on it, so it needs a contrast of at least ${MIN_CONTRAST}:1. Empty: Charter's blue.`}
              inputProps={{ ...getInputProps(fields.accentColor, { type: "text" }), placeholder: "#1d4ed8", spellCheck: false, autoComplete: "off" }}
              errors={fields.accentColor.errors}
            />
            <Field
              label="Logo (optional)"
              hint="PNG, JPEG or WebP, up to 200 KB. SVG is not accepted."
              inputProps={{ ...getInputProps(fields.logo, { type: "file" }), accept: "image/png,image/jpeg,image/webp" }}
              errors={fields.logo.errors}
            />
            {brand.logoPath ? (
              <CheckboxField label="Remove the current logo" inputProps={getInputProps(fields.removeLogo, { type: "checkbox" })} />
            ) : null}
            <Button disabled={busy}>{busy ? "Saving…" : "Save settings"}</Button>
          </Form>
        </Card>
        <section aria-labelledby="preview-heading" className="min-w-0 rounded-lg bg-white ring-1 ring-slate-200">
          <h2 id="preview-heading" className="border-b border-slate-200 px-5 py-3 text-base font-semibold text-slate-900">
            As a user sees it
          </h2>
          <div className="overflow-hidden">
            <PublicShell label="feedback" brand={{ ...brand, productName: "Your product" }} asks="asks for your feedback" as="div">
              <p className="text-slate-700">The feedback and sign-off pages, and every email, open like this.</p>
              <span className="btn btn-primary mt-4">Open your feedback form</span>
            </PublicShell>
          </div>
        </section>
      </div>
    </>
  );
}
