// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { Link, useLoaderData } from "@remix-run/react";
import { FeedbackTags } from "~/components/forms/feedback-tags";
import { Card } from "~/components/ui/page";
import { feedbackAnchor } from "~/modules/themes/feedback-items";
import { channelLabel } from "~/modules/themes/themes.schema";
import { useWorkspace } from "../workspace";
import type { loader } from "../round";

/**
 * The round's feedback from the three channels (users' comments and task comments, buyers'
 * conditions and decline reasons, gatekeepers' notes), by customer, each tagged with themes inline.
 */
export function FeedbackPanel() {
  const { program, round, feedback } = useLoaderData<typeof loader>();
  const { canEdit: isEditor } = useWorkspace();
  const canEdit = isEditor && program.status === "active";
  const returnTo = `/programs/${program.id}/rounds/${round.id}`;
  const customers = [...new Set(feedback.items.map((i) => i.customerName))];
  return (
    <Card
      title={`Feedback to learn from (${feedback.items.length})`}
      className="mt-6"
      actions={
        <Link to={`/programs/${program.id}/themes`} className="text-sm text-brand-700 underline">
          Themes across customers
        </Link>
      }
    >
      {feedback.items.length === 0 ? (
        <p className="text-sm text-slate-600">No comments, conditions or notes in this round yet. When they arrive, tag them with themes here.</p>
      ) : (
        customers.map((name) => (
          <section key={name} aria-label={`Feedback from ${name}`} className="mt-4 first:mt-0">
            <h3 className="text-sm font-semibold text-slate-900">{name}</h3>
            <ul className="mt-1 space-y-2">
              {feedback.items
                .filter((i) => i.customerName === name)
                .map((item) => {
                  const anchor = feedbackAnchor(item);
                  const about = `${item.person}'s ${item.label.toLowerCase()} (${name})`;
                  return (
                    <li key={anchor} id={anchor} className="scroll-mt-20 rounded bg-slate-50 p-2 text-sm">
                      <p className="text-xs text-slate-600">
                        {channelLabel[item.channel]} · {item.person} · {item.label}
                      </p>
                      <p className="whitespace-pre-line text-slate-800">{item.body}</p>
                      <FeedbackTags programId={program.id} item={item} tags={feedback.tags} choices={feedback.choices} canEdit={canEdit} returnTo={returnTo} about={about} />
                    </li>
                  );
                })}
            </ul>
          </section>
        ))
      )}
    </Card>
  );
}
