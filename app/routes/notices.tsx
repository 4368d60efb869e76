import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { Badge, EmptyState, PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { markReadSchema } from "~/modules/notices/notices.schema";
import { listNotices, markNoticesRead, type NoticeKind } from "~/modules/notices/notices.server";
import { handleSubmission } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Notices · Charter" }];

/** What needs the team's PMs; each member reads (and marks read) their own copy. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  return { notices: await listNotices(member) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const member = { id: actor.memberId, workspaceId: actor.workspaceId };
  return handleSubmission(await request.formData(), markReadSchema, (input) => markNoticesRead({ member, noticeId: input.intent === "read" ? input.noticeId : undefined }));
}

const kindLabel: Record<NoticeKind, { label: string; tone: "red" | "amber" | "green" | "blue" }> = {
  signoff_declined: { label: "Declined", tone: "red" },
  consent_withdrawn: { label: "Consent withdrawn", tone: "red" },
  email_failed: { label: "Email not delivered", tone: "amber" },
  round_overdue: { label: "Past its date", tone: "amber" },
  round_all_answered: { label: "All answered", tone: "blue" },
  gate_reached: { label: "Gate reached", tone: "green" },
  clearance_decided: { label: "IT review", tone: "blue" },
  reference_answered: { label: "Reference request", tone: "blue" },
  quote_answered: { label: "Quote", tone: "blue" },
};

export default function Notices() {
  const { notices } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const unread = notices.filter((n) => !n.read).length;
  return (
    <>
      <PageHeader
        title="Notices"
        description={unread > 0 ? `${unread} unread. Declines, withdrawn consents, undelivered emails and rounds' milestones.` : "Declines, withdrawn consents, undelivered emails and rounds' milestones."}
        actions={
          unread > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="read-all" />
              <Button variant="secondary" disabled={busy}>
                Mark all read
              </Button>
            </Form>
          ) : null
        }
      />
      {notices.length === 0 ? (
        <EmptyState title="Nothing needs you yet">
          A buyer's decline, a withdrawn reference consent, an email that could not be delivered, a round whose users all answered, reached its gate or passed its planned date:
          each appears here. Choose how you hear of them by email on <Link to="/account" className="underline">your account page</Link>.
        </EmptyState>
      ) : (
        <ul aria-label="Notices" className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
          {notices.map((notice) => (
            <li key={notice.id} aria-labelledby={`notice-${notice.id}`} className={`flex flex-wrap items-start justify-between gap-3 px-4 py-3 ${notice.read ? "" : "bg-brand-50/40"}`}>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone={kindLabel[notice.kind].tone}>{kindLabel[notice.kind].label}</Badge>
                  {notice.read ? null : <Badge tone="blue">Unread</Badge>}
                  <span className="text-sm text-slate-500">
                    {formatDateTime(notice.createdAt)}
                    {notice.programName ? ` · ${notice.programName}` : ""}
                  </span>
                </p>
                <h2 id={`notice-${notice.id}`} className="mt-1 break-words font-medium text-slate-900">
                  {notice.href ? (
                    <Link to={notice.href} className="underline-offset-2 hover:underline">
                      {notice.title}
                    </Link>
                  ) : (
                    notice.title
                  )}
                </h2>
                {notice.body ? <p className="mt-1 break-words text-sm text-slate-700">{notice.body}</p> : null}
              </div>
              {notice.read ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="noticeId" value={notice.id} />
                  <Button variant="ghost" disabled={busy} aria-label={`Mark read: ${notice.title}`}>
                    Mark read
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
