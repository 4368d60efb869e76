import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, formatDateTime } from "~/components/status";
import { Button, LinkButton } from "~/components/ui/button";
import { FormErrors } from "~/components/ui/field";
import { FlashNotice } from "~/components/ui/flash";
import { Badge, Card, EmptyState, PageHeader, ScrollRegion } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { kindLabel, referenceKinds } from "~/modules/references/kinds";
import { referenceLibrary } from "~/modules/references/library.server";
import { libraryFilterSchema, referenceActionSchema } from "~/modules/references/references.schema";
import { cancelReferenceRequest, resendReferenceRequest } from "~/modules/references/requests.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Reference library · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const url = new URL(request.url);
  const filter = libraryFilterSchema.parse(Object.fromEntries(["q", "kind", "segment", "availability"].map((k) => [k, url.searchParams.get(k) ?? ""])));
  const library = await orHttpError(referenceLibrary(member.workspaceId, programId, filter));
  return data({ ...library, filter, canEdit: member.role !== "viewer" });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  return handleSubmission(await request.formData(), referenceActionSchema, async (input) => {
    if (input.intent === "resend") {
      await resendReferenceRequest({ actor, programId, requestId: input.requestId });
      return "Sent again; the earlier link no longer works.";
    }
    await cancelReferenceRequest({ actor, programId, requestId: input.requestId, reason: input.reason });
    return "Request cancelled; it no longer counts against the limit.";
  });
}

const statusTone = { pending: "amber", agreed: "green", declined: "red", cancelled: "gray" } as const;

export default function ReferenceLibrary() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { program, filter, limit } = page;
  return (
    <>
      <PageHeader
        title="Reference library"
        breadcrumb={<Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>}
        description={`${page.referenceableCount} referenceable ${page.referenceableCount === 1 ? "customer" : "customers"}. Each is asked for at most ${limit.uses} ${limit.uses === 1 ? "use" : "uses"} in ${limit.days} days; pending and agreed requests count from the day they were made.`}
        actions={page.canEdit && page.referenceableCount > 0 ? <LinkButton to={`/programs/${program.id}/references/new`}>Request a reference</LinkButton> : null}
      />
      <FlashNotice message={typeof result?.outcome === "string" ? result.outcome : null} />
      <FormErrors errors={result?.error?.[""] ?? undefined} />

      <section aria-labelledby="library-heading" className="space-y-4">
        <h2 id="library-heading" className="text-lg font-semibold text-slate-900">
          Referenceable customers
        </h2>
        <Form method="get" role="search" aria-label="Search the library" className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <div className="w-full sm:w-auto">
            <label htmlFor="q" className="block text-sm font-medium text-slate-800">Search</label>
            <input id="q" name="q" type="search" defaultValue={filter.q} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5 sm:w-52" />
          </div>
          <div className="w-full sm:w-auto">
            <label htmlFor="kind" className="block text-sm font-medium text-slate-800">Agrees to</label>
            <select id="kind" name="kind" defaultValue={filter.kind} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 sm:w-auto">
              <option value="">Any use</option>
              {referenceKinds.map((k) => (
                <option key={k.kind} value={k.kind}>{k.label}</option>
              ))}
            </select>
          </div>
          <div className="w-full sm:w-auto">
            <label htmlFor="segment" className="block text-sm font-medium text-slate-800">Industry</label>
            <select id="segment" name="segment" defaultValue={filter.segment} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 sm:w-auto">
              <option value="">Any industry</option>
              {page.segments.map((s) => (
                <option key={s} value={s}>{s}</option>
              ))}
            </select>
          </div>
          <div className="w-full sm:w-auto">
            <label htmlFor="availability" className="block text-sm font-medium text-slate-800">Availability</label>
            <select id="availability" name="availability" defaultValue={filter.availability} className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 sm:w-auto">
              <option value="">Any</option>
              <option value="available">Available now</option>
              <option value="full">At the limit</option>
            </select>
          </div>
          <Button variant="secondary">Filter</Button>
        </Form>

        {page.entries.length === 0 ? (
          <EmptyState title={page.referenceableCount === 0 ? "No referenceable customers yet" : "No customer matches"}>
            {page.referenceableCount === 0
              ? "A customer becomes referenceable when it passed both tests in the latest closed round and its buyer agreed to be a reference."
              : "Change the search or the filters to see more."}
          </EmptyState>
        ) : (
          <ul className="grid gap-4 md:grid-cols-2" aria-label="Referenceable customers">
            {page.entries.map((e) => (
              <li key={e.customerId}>
                <Card title={e.name}>
                  <dl className="space-y-1 text-sm text-slate-700">
                    <div><dt className="inline font-medium">Industry: </dt><dd className="inline">{e.segment || "not given"}</dd></div>
                    <div><dt className="inline font-medium">Size: </dt><dd className="inline">{e.size || "not given"}</dd></div>
                    <div><dt className="inline font-medium">Agrees to: </dt><dd className="inline">{e.kinds.map(kindLabel).join(", ")}</dd></div>
                    <div><dt className="inline font-medium">Uses agreed so far: </dt><dd className="inline">{e.agreedSoFar}</dd></div>
                    <div>
                      <dt className="inline font-medium">Availability: </dt>
                      <dd className="inline">
                        {e.availability.full
                          ? `at the limit (${e.availability.used} of ${e.availability.limit} in ${e.availability.days} days); next available ${formatDate(e.availability.nextAvailableAt)}`
                          : `available now (${e.availability.used} of ${e.availability.limit} in ${e.availability.days} days)`}
                      </dd>
                    </div>
                  </dl>
                  {e.quotes.length > 0 ? (
                    <ul className="mt-3 space-y-2" aria-label={`Approved quotes of ${e.name}`}>
                      {e.quotes.map((q) => (
                        <li key={q.id}>
                          <blockquote className="border-l-4 border-slate-300 pl-3 text-slate-800">“{q.text}”</blockquote>
                          {q.attribution ? <p className="pl-3 text-sm text-slate-600">— {q.attribution}</p> : null}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p className="mt-3 text-sm text-slate-600">No quote approved for public use yet.</p>
                  )}
                  {page.canEdit ? (
                    <p className="mt-3">
                      <Link to={`/programs/${program.id}/references/new?customerId=${e.customerId}`} className="text-brand-700 underline">
                        Request a use of {e.name}
                      </Link>
                    </p>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        )}
        {page.notReferenceable.length > 0 ? (
          <details className="text-sm text-slate-700">
            <summary className="cursor-pointer">Not referenceable ({page.notReferenceable.length})</summary>
            <ul className="mt-2 list-disc pl-5">
              {page.notReferenceable.map((c) => (
                <li key={c.name}>{c.name}: {c.reason}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="log-heading" className="mt-8">
        <h2 id="log-heading" className="text-lg font-semibold text-slate-900">Every request</h2>
        {page.log.length === 0 ? (
          <p className="mt-2 text-slate-600">No reference has been requested yet.</p>
        ) : (
          <ScrollRegion label="Reference requests" className="mt-2">
            <table className="min-w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">Requested</th>
                  <th scope="col" className="px-3 py-2">Customer</th>
                  <th scope="col" className="px-3 py-2">Use</th>
                  <th scope="col" className="px-3 py-2">Asked by, for</th>
                  <th scope="col" className="px-3 py-2">State</th>
                  {page.canEdit ? <th scope="col" className="px-3 py-2">Actions</th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {page.log.map((r) => (
                  <tr key={r.id}>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDate(r.createdAt)}</td>
                    <td className="px-3 py-2">{r.customerName}</td>
                    <td className="px-3 py-2">{kindLabel(r.kind)}</td>
                    <td className="px-3 py-2">
                      {r.requester} (recorded by {r.requestedBy}), for {r.purpose}
                      {r.neededBy ? `; needed by ${formatDate(r.neededBy)}` : ""}
                      {r.overrideReason ? <span className="block text-amber-800">Past the limit: {r.overrideReason}</span> : null}
                    </td>
                    <td className="px-3 py-2">
                      <Badge tone={statusTone[r.status]}>{r.status}</Badge>
                      <span className="block text-slate-600">
                        {r.status === "pending"
                          ? `asked of ${r.askedName}; link works until ${formatDate(r.expiresAt)}`
                          : r.status === "cancelled"
                            ? r.cancelReason
                            : `${r.signatureName} on ${formatDateTime(r.answeredAt!)}${r.answerNote ? `: “${r.answerNote}”` : ""}`}
                      </span>
                    </td>
                    {page.canEdit ? (
                      <td className="px-3 py-2">
                        {r.status === "pending" ? (
                          <div className="flex flex-col gap-2">
                            <Form method="post">
                              <input type="hidden" name="intent" value="resend" />
                              <input type="hidden" name="requestId" value={r.id} />
                              <Button variant="secondary" aria-label={`Send the request to ${r.customerName} again`}>Send again</Button>
                            </Form>
                            <Form method="post" className="flex flex-wrap items-end gap-1">
                              <input type="hidden" name="intent" value="cancel" />
                              <input type="hidden" name="requestId" value={r.id} />
                              <label className="sr-only" htmlFor={`reason-${r.id}`}>Why cancel the request to {r.customerName}</label>
                              <input id={`reason-${r.id}`} name="reason" required placeholder="Why cancel" className="w-32 rounded-md border border-slate-300 px-2 py-1" />
                              <Button variant="secondary">Cancel request</Button>
                            </Form>
                          </div>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </>
  );
}
