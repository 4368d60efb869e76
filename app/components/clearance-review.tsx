import { Form, Link, useNavigation } from "@remix-run/react";
import { formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { LabelledCard } from "~/components/labelled-card";
import { Badge } from "~/components/ui/page";

type State = "not_sent" | "sent" | "opened" | "cleared" | "cleared_with_conditions" | "veto" | "superseded" | "expired" | "bounced";
const tone = { not_sent: "gray", sent: "blue", opened: "blue", cleared: "green", cleared_with_conditions: "green", veto: "red", superseded: "amber", expired: "amber", bounced: "red" } as const;
const label = { not_sent: "Not sent", sent: "Sent", opened: "Opened", cleared: "Cleared", cleared_with_conditions: "Cleared with conditions", veto: "Veto", superseded: "Superseded", expired: "Expired", bounced: "Email bounced" } as const;

/** The gatekeeper's review state, in the PM's words; never merged with the users' or the buyer's. */
export function ClearanceStateBadge({ state }: { state: State }) {
  return <Badge tone={tone[state]}>{label[state]}</Badge>;
}

type Review = {
  state: State;
  requestId: string | null;
  requestVersion: number | null;
  requestedAt: Date | string | null;
  reminderCount: number | null;
  gatekeeperName: string | null;
  gatekeeperEmail: string | null;
  decidedAt: Date | string | null;
};

/** The brief page's IT review card: state, and the PM's send, re-send, remind and withdraw. */
export function ClearanceReview({ review, gatekeepers, canEdit, hasBrief }: { review: Review | null; gatekeepers: { id: string; name: string; email: string }[]; canEdit: boolean; hasBrief: boolean }) {
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.formData?.get("intent") === intent;
  const undecided = review?.requestId && !review.decidedAt;
  return (
    <LabelledCard title="IT review">
      <div className="space-y-3 text-sm">
        {gatekeepers.length === 0 ? <p className="text-amber-800">This customer has no technical gatekeeper. Add one on the customer page (tick “Technical gatekeeper”) to ask for an IT review.</p> : null}
        {review ? (
          <p className="flex flex-wrap items-center gap-2">
            <ClearanceStateBadge state={review.state} />
            {review.requestVersion ? <span className="text-slate-600">for version {review.requestVersion}</span> : null}
          </p>
        ) : null}
        {review?.gatekeeperName ? (
          <p>
            <span className="font-medium text-slate-900">{review.gatekeeperName}</span>
            <span className="block text-slate-600">{review.gatekeeperEmail}</span>
          </p>
        ) : null}
        {review?.requestedAt ? (
          <p className="text-slate-600">
            Requested {formatDateTime(review.requestedAt)}
            {review.reminderCount ? ` · ${review.reminderCount} reminder${review.reminderCount > 1 ? "s" : ""}` : ""}
            {review.decidedAt ? ` · answered ${formatDateTime(review.decidedAt)}` : ""}
          </p>
        ) : null}
        {canEdit && hasBrief && gatekeepers.length > 0 && !review?.decidedAt ? (
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="send" />
            {gatekeepers.length > 1 ? (
              <fieldset>
                <legend className="font-medium text-slate-800">Whom to ask</legend>
                {gatekeepers.map((g, i) => (
                  <label key={g.id} className="flex items-center gap-2 py-1">
                    <input type="radio" name="contactId" value={g.id} defaultChecked={i === 0} className="size-4" /> {g.name} <span className="text-slate-600">({g.email})</span>
                  </label>
                ))}
              </fieldset>
            ) : null}
            <Button variant={undecided ? "secondary" : "primary"} disabled={busy("send")}>
              {undecided ? "Re-send for IT review" : "Send for IT review"}
            </Button>
          </Form>
        ) : null}
        {canEdit && undecided && (review.state === "sent" || review.state === "opened") ? (
          <div className="flex flex-wrap gap-2">
            <Form method="post">
              <input type="hidden" name="intent" value="remind" />
              <Button variant="ghost" disabled={busy("remind")}>Remind</Button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <Button variant="ghost" disabled={busy("revoke")}>Withdraw the link</Button>
            </Form>
          </div>
        ) : null}
        {canEdit && !hasBrief ? <p className="text-slate-600">Save the brief first; then send it for review.</p> : null}
        {review?.decidedAt ? <p className="text-slate-600">Edit the brief to ask again: the gatekeeper gets the new version with what changed.</p> : null}
      </div>
    </LabelledCard>
  );
}

/** The customer page's IT review card: the state and the way to the brief. */
export function ClearanceSummary({ review }: { review: { state: State; briefVersion: number | null; gatekeepers: string[] } }) {
  return (
    <LabelledCard title="IT review">
      <div className="space-y-2 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <ClearanceStateBadge state={review.state} />
          {review.briefVersion ? <span className="text-slate-600">brief version {review.briefVersion}</span> : <span className="text-slate-600">no technical brief yet</span>}
        </p>
        <p className="text-slate-700">{review.gatekeepers.length ? `Gatekeeper: ${review.gatekeepers.join(", ")}` : "No technical gatekeeper in the unit yet."}</p>
        <Link to="brief" className="font-medium text-brand-700 underline">
          Technical brief and IT review
        </Link>
      </div>
    </LabelledCard>
  );
}
