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
  const view = new URL(request.url).searchParams.get("view") === "text" ? ("text" as const) : ("html" as const);
  const to = email.toName ? `${email.toName} <${email.toAddress}>` : email.toAddress;
  return {
    view,
    email: { subject: email.subject, from: email.from, to, createdAt: email.createdAt, body: view === "text" ? email.text : framed(email.html) },
  };
}

/**
 * The email's HTML for a sandboxed frame: its links open in the whole tab (a link page refuses to
 * be framed). The frame runs no script whatever the HTML holds.
 */
function framed(html: string) {
  return html.replace(/<a\s/gi, '<a target="_top" ');
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

const tabClass = (current: boolean) => `rounded-md px-3 py-1.5 text-sm font-medium ${current ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100 underline"}`;

export default function MailboxEmail() {
  const { email, view } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title={email.subject} breadcrumb={<Link to="/mailbox" className="hover:underline">Mailbox</Link>} description={
          // An address is one long word: without a break inside it, it pushed a 320 px page 12 px wide.
          <span className="break-words">{`To ${email.to} · ${formatDateTime(email.createdAt)}`}</span>
        }
      />
      <p className="mb-3 break-all text-sm text-slate-600">From {email.from}</p>
      <nav aria-label="Email views" className="mb-3 flex gap-1">
        <Link to="?" className={tabClass(view === "html")} aria-current={view === "html" ? "page" : undefined}>
          As it arrives
        </Link>
        <Link to="?view=text" className={tabClass(view === "text")} aria-current={view === "text" ? "page" : undefined}>
          Plain text
        </Link>
      </nav>
      {view === "html" ? (
        // No allow-scripts and no allow-same-origin: the email is an inert document of another origin, still under the page's CSP.
        <iframe
          title={`The email “${email.subject}” as it arrives`}
          srcDoc={email.body}
          sandbox="allow-top-navigation-by-user-activation"
          className="h-[40rem] w-full max-w-2xl rounded-lg bg-white ring-1 ring-slate-200"
        />
      ) : (
        <article className="max-w-2xl whitespace-pre-line rounded-lg bg-white p-5 text-sm leading-6 text-slate-800 ring-1 ring-slate-200">
          <Linkified text={email.body} />
        </article>
      )}
    </>
  );
}
