import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { validateWith } from "~/utils/form-options";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EmailStateBadge } from "~/components/email-status";
import { formatDate, formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { Field, FormErrors, SelectField } from "~/components/ui/field";
import { Badge, Card, Notice, PageHeader, ScrollRegion } from "~/components/ui/page";
import { securityLog } from "~/modules/audit/security.server";
import { requireAdmin, requireMember } from "~/modules/auth/session.server";
import { mailboxMode } from "~/modules/email/outbox.server";
import { inviteMemberSchema, memberActionSchema } from "~/modules/workspaces/members.schema";
import { changeMemberRole, inviteMember, listMembers, listPendingInvitations, removeMember, revokeInvitation } from "~/modules/workspaces/members.server";
import { env } from "~/utils/env.server";
import { handleSubmission } from "~/utils/forms.server";
import { useWorkspace } from "./workspace";

export const meta: MetaFunction = () => [{ title: "Members · Charter" }];

const roleOptions = [
  { value: "pm", label: "PM — runs programs" },
  { value: "viewer", label: "Viewer — read-only" },
  { value: "admin", label: "Admin — PM who also manages members" },
];
const roleName = { admin: "Admin", pm: "PM", viewer: "Viewer" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const isAdmin = member.role === "admin";
  const [members, invitations, security] = await Promise.all([
    listMembers(member.workspaceId),
    isAdmin ? listPendingInvitations(member.workspaceId) : Promise.resolve([]),
    isAdmin ? securityLog(member.workspaceId) : Promise.resolve([]),
  ]);
  return { members, invitations, security, retentionDays: env().SECURITY_EVENT_RETENTION_DAYS, selfId: member.id, mailbox: mailboxMode() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireAdmin(request, context);
  return handleSubmission(await request.formData(), memberActionSchema, async (input) => {
    switch (input.intent) {
      case "invite": {
        await inviteMember({ actor, ...input });
        return { email: input.email };
      }
      case "change-role":
        await changeMemberRole({ actor, memberId: input.memberId, role: input.role });
        return null;
      case "remove":
        await removeMember({ actor, memberId: input.memberId });
        return null;
      case "revoke-invitation":
        await revokeInvitation({ actor, invitationId: input.invitationId });
        return null;
    }
  });
}

export default function Members() {
  const { members, invitations, security, retentionDays, selfId, mailbox } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { isAdmin } = useWorkspace();
  const navigation = useNavigation();
  const intent = lastResult?.formIntent;
  const invited = intent === "invite" ? lastResult?.outcome : null;
  const [inviteForm, fields] = useForm({
    // A fresh form after each invitation.
    id: invited ? `invite-member-${invited.email}` : "invite-member",
    lastResult: intent === "invite" ? lastResult : null,
    defaultValue: { role: "pm" },
    ...validateWith(inviteMemberSchema),
  });
  const otherError = intent && intent !== "invite" ? (lastResult?.error?.[""] ?? undefined) : undefined;

  return (
    <>
      <PageHeader title="Members" description="PMs and admins run programs; viewers see everything and change nothing." />
      {otherError ? (
        <div className="mb-4">
          <FormErrors errors={otherError} />
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2" title={`Workspace members (${members.length})`}>
          <ul className="divide-y divide-slate-100">
            {members.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="font-medium text-slate-900">
                    {m.name} {m.id === selfId ? <span className="text-sm font-normal text-slate-500">(you)</span> : null}
                  </p>
                  <p className="text-sm text-slate-600">{m.email}</p>
                </div>
                {isAdmin ? (
                  <div className="flex flex-wrap items-center gap-2">
                    {/* Keyed by the last answer, so a refused change shows the role as it still is. */}
                    <Form method="post" className="flex items-center gap-2" key={`${m.id}-${m.role}-${JSON.stringify(lastResult?.error ?? null)}`}>
                      <input type="hidden" name="intent" value="change-role" />
                      <input type="hidden" name="memberId" value={m.id} />
                      <label htmlFor={`role-${m.id}`} className="sr-only">
                        Role of {m.name}
                      </label>
                      <select id={`role-${m.id}`} name="role" defaultValue={m.role} className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300">
                        <option value="admin">Admin</option>
                        <option value="pm">PM</option>
                        <option value="viewer">Viewer</option>
                      </select>
                      <Button variant="secondary" className="py-1.5">
                        Save<span className="sr-only"> role of {m.name}</span>
                      </Button>
                    </Form>
                    {m.id !== selfId ? (
                      <Form
                        method="post"
                        onSubmit={(event) => {
                          if (!confirm(`Remove ${m.name} from the workspace? Their sessions end at once.`)) event.preventDefault();
                        }}
                      >
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="memberId" value={m.id} />
                        <Button variant="ghost" className="py-1.5 text-red-700">
                          Remove<span className="sr-only"> {m.name}</span>
                        </Button>
                      </Form>
                    ) : null}
                  </div>
                ) : (
                  <Badge tone={m.role === "viewer" ? "gray" : "blue"}>{roleName[m.role]}</Badge>
                )}
              </li>
            ))}
          </ul>
        </Card>
        {isAdmin ? (
          <div className="space-y-6">
            <Card title="Invite a teammate">
              {invited ? (
                <div className="mb-4">
                  <Notice tone="green" title={`Invitation sent to ${invited.email}`}>
                    <p>
                      The link in it works once and expires in 7 days.
                      {mailbox ? <> No email service is set up, so it is in the <Link to="/mailbox" className="underline">Mailbox</Link>.</> : null}
                    </p>
                  </Notice>
                </div>
              ) : null}
              <Form method="post" className="space-y-4" {...getFormProps(inviteForm)}>
                <input type="hidden" name="intent" value="invite" />
                <FormErrors id={inviteForm.errorId} errors={inviteForm.errors} />
                <Field label="Name" inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
                <Field label="Email" inputProps={getInputProps(fields.email, { type: "email" })} errors={fields.email.errors} />
                <SelectField label="Role" selectProps={getSelectProps(fields.role)} errors={fields.role.errors} options={roleOptions} />
                <Button disabled={navigation.formData?.get("intent") === "invite"}>Send invitation</Button>
              </Form>
            </Card>
            {invitations.length > 0 ? (
              <Card title="Pending invitations">
                <ul className="divide-y divide-slate-100">
                  {invitations.map((inv) => (
                    <li key={inv.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                      <div>
                        <p className="font-medium">{inv.name}</p>
                        <p className="text-slate-600">
                          {inv.email} · {roleName[inv.role]} · until {formatDate(inv.expiresAt)}
                        </p>
                        {inv.emailStatus === "failed" ? <p className="text-red-700">The email could not be delivered. Revoke it and invite again.</p> : null}
                        {inv.emailStatus === "retrying" ? <EmailStateBadge state="retrying" nextAttemptAt={inv.emailNextAttemptAt} /> : null}
                      </div>
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke-invitation" />
                        <input type="hidden" name="invitationId" value={inv.id} />
                        <Button variant="ghost" className="py-1 text-red-700">
                          Revoke<span className="sr-only"> invitation of {inv.name}</span>
                        </Button>
                      </Form>
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
          </div>
        ) : null}
      </div>
      {isAdmin ? <SecurityEvents events={security} retentionDays={retentionDays} /> : null}
    </>
  );
}

const securityText: Record<string, string> = {
  "member.signed_in": "Signed in",
  "member.sign_in_failed": "Failed sign-in",
  "member.signed_out": "Signed out",
  "member.password_changed": "Password changed",
  "permission.denied": "Refused: not permitted",
  "access.refused": "Refused: not found in this workspace",
  "link.refused": "Refused emailed link",
  "api_token.refused": "Refused API token",
};

function securityDetail(action: string, details: Record<string, unknown>) {
  if (action === "link.refused") return details.link ? `${String(details.kind)} link ${String(details.link)}… (${String(details.reason)})` : `${String(details.kind)} link that does not exist`;
  if (action === "api_token.refused") return details.token ? `revoked token, hash ${String(details.token)}…` : "a token that does not exist";
  if (details.path) return `${String(details.method ?? "")} ${String(details.path)}`;
  return "";
}

/** The workspace's last 50 sign-ins, refusals and refused links, for its admins; repeats within an hour are one row. */
function SecurityEvents({ events, retentionDays }: { events: ReturnType<typeof useLoaderData<typeof loader>>["security"]; retentionDays: number }) {
  return (
    <section aria-labelledby="security-events" className="mt-6">
      <h2 id="security-events" className="text-lg font-semibold text-slate-900">Security events</h2>
      <p className="mt-1 text-sm text-slate-600">Sign-ins, refused requests and refused links of this workspace, newest first (the last 50), kept for {retentionDays} days. The same event from the same address within an hour is one row with a count. Links are shown by a prefix of their hash, never in full; a mistyped email is never shown.</p>
      {events.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No security events yet.</p>
      ) : (
        <ScrollRegion label="Security events table" className="mt-3">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">When</th>
                <th scope="col" className="px-3 py-2 font-medium">Event</th>
                <th scope="col" className="px-3 py-2 font-medium">Times</th>
                <th scope="col" className="px-3 py-2 font-medium">Who</th>
                <th scope="col" className="px-3 py-2 font-medium">Detail</th>
                <th scope="col" className="px-3 py-2 font-medium">Address</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-700">{formatDateTime(e.at)}</td>
                  <td className="px-3 py-2 text-slate-900">{securityText[e.action] ?? e.action}</td>
                  <td className="px-3 py-2 tabular-nums text-slate-700">{e.occurrences}</td>
                  <td className="px-3 py-2 text-slate-700">{e.memberName ?? "—"}</td>
                  <td className="px-3 py-2 text-slate-700">{securityDetail(e.action, (e.details ?? {}) as Record<string, unknown>)}</td>
                  <td className="px-3 py-2 text-slate-700">{e.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
