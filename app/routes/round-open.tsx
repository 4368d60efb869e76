import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, LinkButton } from "~/components/ui/button";
import { Notice, PageHeader } from "~/components/ui/page";
import { requireEditorPage } from "~/modules/auth/session.server";
import { getProgram } from "~/modules/programs/programs.server";
import { openingPreview } from "~/modules/rounds/opening.server";
import { getRound } from "~/modules/rounds/rounds.server";
import { answerBy } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Open round ${data.round.number}? · Charter` : "Open round · Charter" }];

/**
 * The confirm step before a round opens (PRODUCT.md, Across rounds: nothing drops silently): whom
 * it emails and the invitation they get. Reads only; the open is the round page's "open-round"
 * post, which this page's form sends with the fingerprint of the people shown.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const roundId = idParam(params.roundId);
  const [program, round] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), orHttpError(getRound(member.workspaceId, programId, roundId))]);
  if (round.status !== "draft") throw redirect(`/programs/${programId}/rounds/${roundId}`);
  const preview = await openingPreview({ workspaceId: member.workspaceId, programId, round, product: program.product });
  const reasons = program.status === "archived" ? ["This program is archived. Restore it to run rounds.", ...preview.reasons] : preview.reasons;
  return {
    program: { id: program.id, name: program.name },
    round: { id: round.id, number: round.number, title: round.title },
    answerBy: answerBy(round.closesOn, clock.now()),
    preview: { ...preview, reasons },
  };
}

export default function OpenRound() {
  const { program, round, answerBy, preview } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const roundUrl = `/programs/${program.id}/rounds/${round.id}`;
  const opening = navigation.state === "submitting" && navigation.formAction === roundUrl;
  const people = `${preview.invited} ${preview.invited === 1 ? "person" : "people"}`;
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link> /{" "}
            <Link to={roundUrl} className="hover:underline">Round {round.number}</Link>
          </>
        }
        title={`Open round ${round.number}: ${round.title}?`}
        description="Check whom it emails and what they receive. Nothing is sent until you open the round."
      />
      {preview.reasons.length > 0 || !preview.email ? (
        <div className="space-y-4">
          <div role="alert">
            <Notice title={`Round ${round.number} cannot open yet`}>
              <ul className="list-disc space-y-1 pl-5">
                {preview.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </Notice>
          </div>
          <LinkButton to={roundUrl} variant="secondary">
            Back to the round
          </LinkButton>
        </div>
      ) : (
        <div className="space-y-6">
          <section aria-labelledby="recipients-heading" className="rounded-lg bg-white px-4 py-4 ring-1 ring-slate-200 sm:px-5">
            <h2 id="recipients-heading" className="text-base font-semibold text-slate-900">
              {people} will be emailed
            </h2>
            <p className="mt-1 text-sm text-slate-700">
              Each user of the {preview.customers.length} active {preview.customers.length === 1 ? "customer" : "customers"} gets a personal link to try the tasks and
              answer the questionnaire. The round's tasks and thresholds are then fixed.{" "}
              {answerBy ? <>The invitation says: “{answerBy}”</> : "The round has no planned close date, so the invitation gives no date to answer by."}
            </p>
            <ul className="mt-3 grid gap-3 sm:grid-cols-2">
              {preview.customers.map((customer) => (
                <li key={customer.customerName} className="text-sm">
                  <span className="font-medium text-slate-900">{customer.customerName}</span>{" "}
                  <span className="text-slate-600">({customer.users.length} {customer.users.length === 1 ? "user" : "users"})</span>
                  <ul className="mt-1 text-slate-700">
                    {customer.users.map((user) => (
                      <li key={user.email} className="break-all">
                        {user.name} · {user.email}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="invitation-heading" className="rounded-lg bg-white px-4 py-4 ring-1 ring-slate-200 sm:px-5">
            <h2 id="invitation-heading" className="text-base font-semibold text-slate-900">
              The invitation, as {preview.email.to.split(" <")[0]} will receive it
            </h2>
            <p className="mt-1 text-sm text-slate-600">Everyone gets their own name and personal link; the link in this preview is a placeholder that opens no form.</p>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-600">To</dt>
              <dd className="break-all text-slate-900">{preview.email.to}</dd>
              <dt className="text-slate-600">Subject</dt>
              <dd className="text-slate-900">{preview.email.subject}</dd>
            </dl>
            {/* The template's own markup (every value escaped when it was rendered), shown as a mail client would. */}
            <div className="relative mt-3 overflow-x-auto rounded border border-slate-200 bg-slate-50 py-3" role="region" aria-label="Preview of the invitation email" tabIndex={0}>
              <div dangerouslySetInnerHTML={{ __html: preview.email.bodyHtml }} />
            </div>
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer text-brand-700">The plain-text version</summary>
              <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-slate-800">{preview.email.text}</pre>
            </details>
          </section>

          <Form method="post" action={roundUrl} className="flex flex-wrap items-center gap-3">
            <input type="hidden" name="intent" value="open-round" />
            <input type="hidden" name="invitees" value={preview.invitees} />
            <Button disabled={opening}>{opening ? "Opening…" : `Open round and send ${preview.invited} ${preview.invited === 1 ? "invitation" : "invitations"}`}</Button>
            <Link to={roundUrl} className="text-sm text-brand-700 underline">
              Not yet: back to the round
            </Link>
          </Form>
        </div>
      )}
    </>
  );
}
