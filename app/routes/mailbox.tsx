import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { EmailStateBadge } from "~/components/email-status";
import { EmptyState, Notice, PageHeader } from "~/components/ui/page";
import { requireEditorPage } from "~/modules/auth/session.server";
import { listMailbox, mailboxMode } from "~/modules/email/outbox.server";

export const meta: MetaFunction = () => [{ title: "Mailbox · Charter" }];

/** Local use without a Resend key: every email the portal "sent", readable by the team's PMs. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  if (!mailboxMode()) throw new Response("The mailbox is off: emails are sent through Resend.", { status: 404 });
  const search = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 200);
  return { search, emails: await listMailbox(member.workspaceId, search) };
}

export default function Mailbox() {
  const { emails, search } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Mailbox" description="No email service is configured (RESEND_API_KEY), so Charter keeps the emails it would send here. Open one to read it as it would arrive and use its links." />
      <div className="mb-4">
        <Notice tone="blue">Links in these emails act as their recipients (a customer's user, an invited teammate). Use them for local trials only.</Notice>
      </div>
      <Form method="get" role="search" aria-label="Emails" className="mb-4 flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="mailbox-search" className="block text-sm font-medium text-slate-800">
            Search by recipient, subject or program
          </label>
          <input
            id="mailbox-search"
            name="q"
            type="search"
            defaultValue={search}
            maxLength={200}
            className="mt-1.5 block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-600 sm:text-sm"
          />
        </div>
        <button type="submit" className="btn btn-secondary">
          Search
        </button>
        {search ? (
          <Link to="/mailbox" className="px-2 py-2 text-sm font-medium text-brand-700 underline">
            Show all
          </Link>
        ) : null}
      </Form>
      {search ? (
        <p role="status" className="mb-3 text-sm text-slate-600">
          {emails.length === 0 ? "No email matches" : emails.length === 1 ? "1 email matches" : `${emails.length} emails match`} “{search}”.
        </p>
      ) : null}
      {emails.length === 0 ? (
        search ? (
          <EmptyState title="No email matches">Try part of a name, an address, a subject or a product.</EmptyState>
        ) : (
          <EmptyState title="No emails yet">Invitations appear here when you open a round or invite a teammate.</EmptyState>
        )
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
          {emails.map((email) => (
            <li key={email.id}>
              <Link to={email.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50">
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-900">{email.subject}</span>
                  <span className="block break-all text-sm text-slate-600">
                    To {email.toName ? `${email.toName} <${email.toAddress}>` : email.toAddress}
                    {email.program ? ` · ${email.program}` : ""}
                  </span>
                </span>
                <span className="flex items-center gap-2 text-sm text-slate-500">
                  <EmailStateBadge state={email.status} nextAttemptAt={email.nextAttemptAt} />
                  {formatDateTime(email.createdAt)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
