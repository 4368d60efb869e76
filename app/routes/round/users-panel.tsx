// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { EmailStateBadge } from "~/components/email-status";
import { formatDate } from "~/components/status";
import { Button } from "~/components/ui/button";
import { Badge, Card } from "~/components/ui/page";
import type { loader } from "../round";

/** The users in their customers, each customer where its first user comes (the list is by customer name). */
function byCustomer<User extends { customerId: string; customerName: string }>(users: User[]) {
  const groups = new Map<string, { customerId: string; customerName: string; users: User[] }>();
  for (const user of users) {
    const group = groups.get(user.customerId);
    if (group) group.users.push(user);
    else groups.set(user.customerId, { customerId: user.customerId, customerName: user.customerName, users: [user] });
  }
  return [...groups.values()];
}

/**
 * The round page's users, by customer: who responded, who waits, whose email is retrying or failed;
 * the PM sends, re-sends and reminds here.
 */
export function UsersPanel({ canAct }: { canAct: boolean }) {
  const { evidence, remindable } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  if (!evidence) return null;
  const waiting = evidence.users.filter((u) => !u.respondedAt && u.lastLinkAt).length;
  return (
    <Card
      title={`Users at the customers (${evidence.users.length})`}
      actions={
        canAct && remindable > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="remind" />
            <Button variant="secondary" className="py-1.5" disabled={navigation.formData?.get("intent") === "remind"}>
              Remind {remindable} not responded
            </Button>
          </Form>
        ) : canAct && waiting > 0 ? (
          <p className="text-sm text-slate-600">{waiting} waiting · emailed within the last day, so no reminder yet</p>
        ) : null
      }
    >
      {evidence.users.length === 0 ? (
        <p className="text-sm text-slate-600">No users at the active customers.</p>
      ) : (
        // One form for the whole list: each user's button sends that user's id (fewer bytes than a
        // form per user; the round page is the PM's busiest). Replacing a link that was already
        // sent is confirmed: answers being typed on the old link can no longer be sent.
        <Form
          method="post"
          onSubmit={(event) => {
            const button = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
            const name = button?.dataset.name;
            if (button?.dataset.replaces && !confirm(`Revoke ${name}'s current link and send a new one? Answers typed on the old link but not yet sent cannot be sent any more.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="resend-link" />
          {byCustomer(evidence.users).map(({ customerId, customerName, users }) => (
            <section key={customerId} aria-labelledby={`users-${customerId}`} className="mt-4 first:mt-0">
              <h3 id={`users-${customerId}`} className="text-sm font-semibold text-slate-900">
                {customerName} <span className="font-normal text-slate-500">· {users.filter((u) => u.respondedAt).length} of {users.length} responded</span>
              </h3>
              <ul className="divide-y divide-slate-100">
                {users.map((u) => (
                  <li key={u.contactId} className="flex flex-wrap items-center justify-between gap-2 py-2.5 text-sm">
                    <div>
                      <p className="font-medium text-slate-900">{u.name}</p>
                      <p className="break-all text-slate-600">{u.email}</p>
                    </div>
                    <div className="flex flex-wrap items-center gap-2">
                      {u.respondedAt ? (
                        <Badge tone="green">Responded {formatDate(u.respondedAt)}{u.responseVersion && u.responseVersion > 1 ? ` · edited` : ""}</Badge>
                      ) : !u.lastLinkAt ? (
                        <Badge>{u.customerStatus === "active" ? "Not invited" : "Customer not active"}</Badge>
                      ) : u.emailStatus === "failed" || u.emailStatus === "bounced" || u.emailStatus === "retrying" ? (
                        <EmailStateBadge state={u.emailStatus} nextAttemptAt={u.emailNextAttemptAt} />
                      ) : (
                        <Badge tone="amber">Waiting</Badge>
                      )}
                      {canAct && u.customerStatus === "active" ? (
                        <Button variant="ghost" className="px-2 py-1" name="contactId" value={u.contactId} data-name={u.name} data-replaces={u.lastLinkAt ? "1" : undefined}>
                          {u.lastLinkAt ? "Revoke and re-send link" : "Send link"}
                          <span className="sr-only"> to {u.name}</span>
                        </Button>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </Form>
      )}
    </Card>
  );
}
