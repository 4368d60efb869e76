import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { formatDateTime } from "~/components/status";
import { PageHeader } from "~/components/ui/page";
import { requireEditorPage } from "~/modules/auth/session.server";
import { getMailboxEmail, mailboxMode } from "~/modules/email/outbox.server";
import { idParam } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.email.subject ?? "Email"} · Mailbox · Charter` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  if (!mailboxMode()) throw new Response("Not found", { status: 404 });
  const email = await getMailboxEmail(member.workspaceId, idParam(params.emailId));
  if (!email) throw new Response("Not found", { status: 404 });
  return { email: { subject: email.subject, toAddress: email.toAddress, createdAt: email.createdAt, text: email.text } };
}

/** The plain-text body with its addresses turned into links. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"\])]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all text-brand-700 underline">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function MailboxEmail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={email.subject} breadcrumb={<Link to="/mailbox" className="hover:underline">Mailbox</Link>} description={`To ${email.toAddress} · ${formatDateTime(email.createdAt)}`} />
      <article className="max-w-2xl whitespace-pre-line rounded-lg bg-white p-5 text-sm leading-6 text-slate-800 ring-1 ring-slate-200">
        <Linkified text={email.text} />
      </article>
    </>
  );
}
