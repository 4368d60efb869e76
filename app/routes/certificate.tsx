import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { requireMember } from "~/modules/auth/session.server";
import { getCertificate } from "~/modules/signoff/certificate.server";
import { allowedUses, historyLabel, normalName, utc, wtpText } from "~/modules/signoff/certificate-text";
import { idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Sign-off certificate: ${data.certificate.customerName} · Charter` : "Certificate · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const certificate = await orHttpError(
    getCertificate({ workspaceId: member.workspaceId, programId: idParam(params.programId), roundId: idParam(params.roundId), signoffId: idParam(params.signoffId) }),
  );
  return { certificate, roundPath: `/programs/${params.programId}/rounds/${params.roundId}` };
}

export default function Certificate() {
  const { certificate: c, roundPath } = useLoaderData<typeof loader>();
  const uses = allowedUses(c);
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid gap-1 py-2 sm:grid-cols-3">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="whitespace-pre-line text-slate-900 sm:col-span-2">{value}</dd>
    </div>
  );
  return (
    <article className="mx-auto max-w-3xl rounded-lg bg-white p-6 ring-1 ring-slate-200 print:ring-0">
      <p className="text-sm print:hidden">
        <Link to={roundPath} className="text-brand-700 underline">Back to round {c.roundNumber}</Link> · <button type="button" className="text-brand-700 underline" onClick={() => window.print()}>Print</button> · <a href={`${roundPath}/signoffs/${c.id}/certificate.pdf`} className="text-brand-700 underline" download>Download PDF</a>
      </p>
      <h1 className="mt-3 text-2xl font-semibold text-slate-900">Sign-off certificate</h1>
      <p className="text-slate-600">
        {c.programName} · {c.product} · round {c.roundNumber} “{c.roundTitle}”
      </p>
      <dl className="mt-6 divide-y divide-slate-100">
        {row("Customer", c.customerName)}
        {row("Economic buyer", <span className="break-all">{`${c.buyerName}${c.buyerTitle ? `, ${c.buyerTitle}` : ""} <${c.buyerEmail}>`}</span>)}
        {row("Decision", <strong>{c.decision === "approve" ? "Approved" : "Declined"}</strong>)}
        {c.declineReason ? row("Reason", c.declineReason) : null}
        {c.conditions ? row("Conditions", c.conditions) : null}
        {row("Willingness to pay", wtpText(c))}
        {row("Reference consent", c.referenceConsent ? `Yes: ${uses.join(", ")}${c.consentWithdrawnAt ? ` — withdrawn ${formatDateTime(c.consentWithdrawnAt)}` : ""}` : "No")}
        {row(
          "Signed as",
          <>
            {c.signatureName}
            {normalName(c.signatureName) !== normalName(c.buyerName) ? <span className="block text-sm text-amber-800">Differs from the buyer's name on record ({c.buyerName}).</span> : null}
          </>,
        )}
        {row("Time (UTC)", utc(c.decidedAt))}
        {row("IP address", c.ip ?? "not recorded")}
        {row("Browser", c.userAgent ?? "not recorded")}
      </dl>
      <h2 className="mt-8 text-lg font-semibold text-slate-900">The business case as signed (version {c.caseVersion})</h2>
      <dl className="mt-2 divide-y divide-slate-100">
        {row("Problem", c.problem)}
        {row("Value claimed", c.valueClaimed)}
        {row("Price or terms", c.priceTerms)}
        {c.notes ? row("Notes", c.notes) : null}
        {row("SHA-256 of the text", <code className="break-all text-xs">{c.signedContentHash}</code>)}
      </dl>
      <h2 className="mt-8 text-lg font-semibold text-slate-900">History of the request</h2>
      <ol className="mt-2 space-y-1 text-sm">
        {c.history.map((event, i) => (
          <li key={i} className="flex gap-3">
            <time dateTime={new Date(event.at).toISOString()} className="w-48 shrink-0 text-slate-600">{utc(event.at)}</time>
            <span>{historyLabel[event.action] ?? event.action}</span>
          </li>
        ))}
      </ol>
    </article>
  );
}
