// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { SignoffStateBadge } from "~/components/signoff-status";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { ScrollRegion } from "~/components/ui/page";
import type { loader } from "../round";

const wtpShort = (s: { willingnessToPay: string | null; wtpAmount: number | null; wtpCurrency: string | null }) =>
  s.willingnessToPay === "as_proposed" ? "As proposed" : s.willingnessToPay === "amount" ? `${s.wtpAmount?.toLocaleString("en-GB")} ${s.wtpCurrency}` : s.willingnessToPay === "none" ? "Nothing yet" : "Not said";

/** The buyer channel, kept apart from the users' evidence above. */
export function ValuablePanel({ canEdit }: { canEdit: boolean }) {
  const { round, signoffs } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  // An approval carried from an earlier round needs no new request (PRODUCT.md, "Across rounds").
  const unsent = signoffs.filter((s) => s.caseVersion && s.buyerName && s.carried?.decision !== "approve" && (!s.requestId || (s.requestVersion !== s.caseVersion && !s.decision))).length;
  return (
    <section aria-labelledby="valuable-heading" className="mt-8">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id="valuable-heading" className="text-lg font-semibold text-slate-900">
          Valuable test: buyer sign-off, per customer
        </h2>
        {canEdit && round.status === "open" && unsent > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="send-all-signoffs" />
            <Button variant="secondary" disabled={navigation.formData?.get("intent") === "send-all-signoffs"}>
              Send to {unsent} {unsent === 1 ? "buyer" : "buyers"} not yet asked
            </Button>
          </Form>
        ) : null}
      </div>
      <ScrollRegion label="Sign-off table">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Buyer</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Case</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Request</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Would pay</th>
              <th scope="col" className="px-4 py-2.5 font-medium">Reference</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {signoffs.map((s) => (
              <tr key={s.customerId}>
                <th scope="row" className="px-4 py-3 text-left font-medium text-slate-900">{s.customerName}</th>
                <td className="px-4 py-3">{s.buyerName ?? <span className="text-amber-800">No buyer</span>}</td>
                <td className="px-4 py-3">
                  <Link to={`customers/${s.customerId}/case`} className="text-brand-700 underline">
                    {s.caseVersion ? `Version ${s.caseVersion}` : canEdit ? "Write the case" : "None yet"}
                    <span className="sr-only"> for {s.customerName}</span>
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <SignoffStateBadge state={s.state} />
                  {s.state === "retrying" && s.emailNextAttemptAt ? <span className="block text-xs text-slate-600">next attempt {formatDateTime(s.emailNextAttemptAt)}</span> : null}
                  {s.requestVersion && s.caseVersion && s.requestVersion !== s.caseVersion ? <span className="block text-xs text-slate-600">for version {s.requestVersion}</span> : null}
                  {s.superseded > 0 ? <span className="block text-xs text-slate-500">{s.superseded} superseded</span> : null}
                  {s.declineReason ? <span className="block text-xs text-slate-700">“{s.declineReason}”</span> : null}
                  {s.carried ? (
                    <span className="block text-xs text-slate-700">
                      {s.carried.decision === "approve" ? "approved" : "declined"} version {s.carried.version} in round {s.carried.roundNumber} — still current
                    </span>
                  ) : null}
                  {s.carried && !s.decision ? (
                    <Link to={`../${s.carried.roundId}/signoffs/${s.carried.signoffId}`} relative="path" className="block text-xs text-brand-700 underline">
                      Certificate<span className="sr-only"> of {s.customerName}</span>
                    </Link>
                  ) : s.signoffId ? (
                    <Link to={`signoffs/${s.signoffId}`} className="block text-xs text-brand-700 underline">
                      Certificate<span className="sr-only"> of {s.customerName}</span>
                    </Link>
                  ) : null}
                </td>
                <td className="px-4 py-3">{s.decision ? wtpShort(s) : s.carried ? `See round ${s.carried.roundNumber}` : "—"}</td>
                <td className="px-4 py-3">{!s.decision ? (s.carried ? `See round ${s.carried.roundNumber}` : "—") : s.referenceConsent ? (s.consentWithdrawnAt ? "Withdrawn" : "Yes") : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

