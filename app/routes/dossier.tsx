import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { oneDecimal } from "~/components/round-status";
import { formatDate } from "~/components/status";
import { Notice, ScrollRegion } from "~/components/ui/page";
import { requireMember } from "~/modules/auth/session.server";
import { completionFigureText, smallSampleWords, susFigureText } from "~/modules/feedback/intervals";
import { referenceDossier } from "~/modules/gates/exports.server";
import { getProgram } from "~/modules/programs/programs.server";
import { approvedQuotes } from "~/modules/quotes/approved.server";
import { referenceUses } from "~/modules/signoff/reference-uses";
import { customerThemes } from "~/modules/themes/themes.server";
import { themeKindLabel } from "~/modules/themes/themes.schema";
import { idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Reference dossier: ${data?.dossier.name ?? ""} · Charter` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const customerId = idParam(params.customerId);
  const [program, dossier, quotes, themes] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(referenceDossier(member.workspaceId, programId, customerId)),
    approvedQuotes({ workspaceId: member.workspaceId, programId, customerId }),
    customerThemes(member.workspaceId, programId, customerId),
  ]);
  return { program, dossier, customerId, quotes, themes };
}

export default function Dossier() {
  const { program, dossier, customerId, quotes, themes } = useLoaderData<typeof loader>();
  const back = <Link to={`/programs/${program.id}`} className="text-brand-700 underline">Back to {program.name}</Link>;
  if (!dossier.referenceable) {
    return (
      <div className="max-w-2xl space-y-4">
        <p className="text-sm">{back}</p>
        <h1 className="text-2xl font-semibold text-slate-900">{dossier.name} is not referenceable yet</h1>
        <Notice>{dossier.reason}.</Notice>
      </div>
    );
  }
  const { signoff: s, round, evidence, users, clearance } = dossier;
  const uses = (Object.keys(referenceUses) as (keyof typeof referenceUses)[]).filter((k) => s[k]).map((k) => referenceUses[k]);
  return (
    <article className="mx-auto max-w-3xl rounded-lg bg-white p-6 ring-1 ring-slate-200 print:ring-0">
      <p className="text-sm print:hidden">
        {back} · <button type="button" className="text-brand-700 underline" onClick={() => window.print()}>Print</button> · <a href={`/programs/${program.id}/customers/${customerId}/dossier.pdf`} className="text-brand-700 underline" download>Download PDF</a>
      </p>
      <h1 className="mt-3 text-2xl font-semibold text-slate-900">Reference dossier: {dossier.name}</h1>
      <p className="text-slate-600">{program.product} · {program.name}</p>
      <section className="mt-6">
        <h2 className="text-lg font-semibold text-slate-900">Who signed off</h2>
        {/* break-words: the buyer's address is one long word, wider than a 320 px phone. */}
        <p className="mt-1 break-words text-slate-800">
          {s.buyerName}{s.buyerTitle ? `, ${s.buyerTitle}` : ""} ({s.buyerEmail}) approved version {s.caseVersion} of the business case in round {s.roundNumber}, on {formatDate(s.decidedAt)}, signing as “{s.signatureName}”{s.roundNumber !== dossier.round.number ? `; the case is unchanged since, so the approval stands in round ${dossier.round.number}` : ""}.
        </p>
        <p className="mt-1 text-sm text-slate-600">Text fingerprint (SHA-256): <code className="break-all">{s.contentHash}</code> · <Link to={`/programs/${program.id}/rounds/${dossier.roundId}/signoffs/${dossier.signoffId}`} className="text-brand-700 underline">Certificate</Link></p>
        <dl className="mt-3 space-y-2 text-slate-800">
          <div><dt className="text-sm font-medium text-slate-600">Value they confirmed</dt><dd className="whitespace-pre-line">{s.valueClaimed}</dd></div>
          <div><dt className="text-sm font-medium text-slate-600">Price or terms</dt><dd className="whitespace-pre-line">{s.priceTerms}</dd></div>
          <div><dt className="text-sm font-medium text-slate-600">Willingness to pay</dt><dd>{s.willingnessToPay === "as_proposed" ? "As proposed" : s.willingnessToPay === "amount" ? `${s.wtpAmount?.toLocaleString("en-GB")} ${s.wtpCurrency} per year` : s.willingnessToPay === "none" ? "Nothing yet" : "Not said"}</dd></div>
          {s.conditions ? <div><dt className="text-sm font-medium text-slate-600">Conditions</dt><dd className="whitespace-pre-line">{s.conditions}</dd></div> : null}
        </dl>
      </section>
      <section className="mt-6">
        <h2 className="text-lg font-semibold text-slate-900">Evidence from their users</h2>
        <p className="mt-1 text-slate-800">
          In round {round.number} (“{round.title}”, closed {formatDate(round.closedAt!)}), {evidence.responses} of their users responded: mean SUS {susFigureText({ n: evidence.responses, mean: evidence.meanSus, sd: evidence.susSd })}, unaided task completion {completionFigureText(evidence.completed, evidence.attempts)} — {evidence.usable.reasons.join(", ")}.
          {smallSampleWords(evidence.responses) ? <span className="block text-sm font-medium text-amber-800">{smallSampleWords(evidence.responses)}</span> : null}
        </p>
        <ScrollRegion label="Each user's figures" className="mt-3">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">User</th>
                <th scope="col" className="px-3 py-2 font-medium">SUS</th>
                <th scope="col" className="px-3 py-2 font-medium">Tasks completed unaided</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((u) => (
                <tr key={`${u.name}-${u.submittedAt}`}>
                  <td className="px-3 py-2">{u.name}{u.title ? `, ${u.title}` : ""}</td>
                  <td className="px-3 py-2">{oneDecimal(u.susScore)}</td>
                  <td className="px-3 py-2">{u.unaided} of {u.attempted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      {clearance ? (
        <section className="mt-6">
          <h2 className="text-lg font-semibold text-slate-900">IT clearance</h2>
          <p className="mt-1 break-words text-slate-800">
            {clearance.gatekeeper.name}{clearance.gatekeeper.title ? `, ${clearance.gatekeeper.title}` : ""} ({clearance.gatekeeper.email}) cleared version {clearance.briefVersion} of the technical brief{clearance.decision === "cleared_with_conditions" ? " with conditions" : ""}, on {formatDate(clearance.decidedAt)}.
          </p>
          {clearance.conditions ? <p className="mt-1 whitespace-pre-line text-slate-800"><span className="text-sm font-medium text-slate-600">Conditions: </span>{clearance.conditions}</p> : null}
        </section>
      ) : null}
      <section className="mt-6" aria-labelledby="dossier-themes">
        <h2 id="dossier-themes" className="text-lg font-semibold text-slate-900">What they raised, and how it was addressed</h2>
        {themes.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">No theme was tagged on their feedback.</p>
        ) : (
          <ul className="mt-1 space-y-1 text-slate-800">
            {themes.map((t) => (
              <li key={t.id}>
                <span className="font-medium">{t.title}</span> ({themeKindLabel[t.kind].toLowerCase()}, raised by their {t.channels.join(" and ")}):{" "}
                {t.status === "addressed" ? `addressed in round ${t.addressedRoundNumber}` : t.status === "wont_do" ? `won't be done — ${t.wontDoReason}` : "still open"}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="mt-6">
        <h2 className="text-lg font-semibold text-slate-900">Reference uses allowed</h2>
        <ul className="mt-1 list-disc pl-5 text-slate-800">
          {uses.map((u) => (
            <li key={u}>{u[0].toUpperCase() + u.slice(1)}</li>
          ))}
        </ul>
      </section>
      <section className="mt-6" aria-labelledby="dossier-quotes">
        <h2 id="dossier-quotes" className="text-lg font-semibold text-slate-900">Quotes approved for public use</h2>
        {quotes.length === 0 ? (
          <p className="mt-1 text-slate-700">None yet: ask the champion for a quote on the customer page.</p>
        ) : (
          <ul className="mt-2 space-y-3">
            {quotes.map((q) => (
              <li key={q.id}>
                <blockquote className="break-words border-l-4 border-slate-300 pl-3 text-slate-900">
                  “{q.text}” <span className="text-slate-600">— {q.attribution}</span>
                </blockquote>
                <p className="text-sm text-slate-600">Approved by {q.approvedBy} on {formatDate(q.approvedAt)}{q.source === "user_comment" ? " (a user's comment)" : ""}.</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
