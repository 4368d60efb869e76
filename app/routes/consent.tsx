import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PublicShell } from "~/components/public-shell";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { loadConsentPage, withdrawConsent } from "~/modules/signoff/buyer.server";
import { AppError } from "~/utils/errors";
import { recordRefusedLink } from "~/modules/audit/security.server";
import { requestOrigin } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Reference consent · Charter" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];

/** Opening the link only asks; the withdrawal is the form post (mail scanners open links). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const page = await loadConsentPage(token);
  if (page.state !== "unknown") return data(page);
  await recordRefusedLink({ kind: "consent", token, reason: "no consent to withdraw", method: "GET", origin: requestOrigin(request, context) });
  return data(page, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  try {
    const { withdrawnAt } = await withdrawConsent({ token, origin });
    return { withdrawnAt };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await recordRefusedLink({ kind: "consent", token, reason: "no consent to withdraw", method: "POST", origin });
    return data({ withdrawnAt: null }, { status: 404 });
  }
}

export default function ConsentPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (data.state === "unknown" || (result && !result.withdrawnAt)) {
    return (
      <PublicShell label="reference consent">
        <h1 className="text-xl font-semibold text-slate-900">This link does not work</h1>
        <p className="mt-2 text-slate-700">Check that you copied all of it from your receipt email. Nothing was changed.</p>
      </PublicShell>
    );
  }
  const withdrawnAt = result?.withdrawnAt ?? data.withdrawnAt;
  if (withdrawnAt) {
    return (
      <PublicShell label="reference consent" brand={data.brand} asks="confirms your reference consent">
        <div role="status">
          <h1 className="text-xl font-semibold text-slate-900">Reference consent withdrawn</h1>
          <p className="mt-2 text-slate-700">
            Since {formatDateTime(withdrawnAt)}, the {data.product} team may no longer name {data.customerName} as a reference. Your decision on the business case itself stays as recorded.
          </p>
        </div>
      </PublicShell>
    );
  }
  return (
    <PublicShell label="reference consent" brand={data.brand} asks="asks about your reference consent">
      <h1 className="text-xl font-semibold text-slate-900">Withdraw reference consent?</h1>
      <p className="mt-2 text-slate-700">
        You agreed that the {data.product} team may use {data.customerName} as a reference. Withdrawing takes effect at once; your decision on the business case stays as recorded.
      </p>
      <Form method="post" className="mt-6">
        <Button variant="danger">Withdraw my reference consent</Button>
      </Form>
    </PublicShell>
  );
}
