import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
  return { emails: await listMailbox(member.workspaceId) };
}

export default function Mailbox() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Mailbox" description="No email service is configured (RESEND_API_KEY), so Charter keeps the emails it would send here. Open one to read it and use its links." />
      <div className="mb-4">
        <Notice tone="blue">Links in these emails act as their recipients (a customer's user, an invited teammate). Use them for local trials only.</Notice>
      </div>
      {emails.length === 0 ? (
        <EmptyState title="No emails yet">Invitations appear here when you open a round or invite a teammate.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
          {emails.map((email) => (
            <li key={email.id}>
              <Link to={email.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50">
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-900">{email.subject}</span>
                  <span className="block break-all text-sm text-slate-600">To {email.toAddress}</span>
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
