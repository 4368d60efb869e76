import { useFetcher } from "@remix-run/react";
import { useId, useSyncExternalStore } from "react";
import { Button } from "~/components/ui/button";
import { feedbackAnchor, type FeedbackSource } from "~/modules/themes/feedback-items";

export type TagChoice = { id: string; title: string; kind: "problem" | "request" };
export type FeedbackTag = { id: string; themeId: string; title: string; kind: "problem" | "request"; source: string; sourceId: string; taskId: string | null };
type Item = { source: FeedbackSource; sourceId: string; taskId: string | null };

const noSubscription = () => () => {};
const control = "block w-full rounded-md border-0 bg-white px-2 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";

/** The tags already on an item, from the list the page loaded once for all its feedback. */
export const tagsOf = (tags: FeedbackTag[], item: Item) => tags.filter((t) => t.source === item.source && t.sourceId === item.sourceId && (t.taskId ?? null) === (item.taskId ?? null));

/**
 * The themes of one piece of feedback, and (for editors) a small form to tag it with an existing
 * theme or a new one, or to remove a tag. The forms post to the program's themes page: without
 * JavaScript it redirects back to `returnTo` at this item's anchor; with JavaScript a fetcher
 * posts (marked `fetch`), so the page keeps its scroll and the loaders refresh.
 */
export function FeedbackTags({ programId, item, tags, choices, canEdit, returnTo, about }: { programId: string; item: Item; tags: FeedbackTag[]; choices: TagChoice[]; canEdit: boolean; returnTo: string; about: string }) {
  const fetcher = useFetcher<{ error?: Record<string, string[] | null> | null; formIntent?: string | null }>();
  // False in the server's HTML, true once React runs in the browser: only then is the post a fetcher's.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const id = useId();
  const action = `/programs/${programId}/themes`;
  const errors = Object.values(fetcher.data?.error ?? {}).flatMap((e) => e ?? []);
  const mine = tagsOf(tags, item);
  if (!canEdit && mine.length === 0) return null;
  return (
    <div className="mt-1.5 text-sm">
      {mine.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label={`Themes of ${about}`}>
          {mine.map((tag) => (
            <li key={tag.id} className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-900 ring-1 ring-brand-200">
              <span>
                {tag.kind === "request" ? "Request" : "Problem"}: {tag.title}
              </span>
              {canEdit ? (
                <fetcher.Form method="post" action={action} className="inline">
                  <input type="hidden" name="intent" value="untag" />
                  <input type="hidden" name="tagId" value={tag.id} />
                  <input type="hidden" name="returnTo" value={returnTo} />
                  {hydrated ? <input type="hidden" name="fetch" value="1" /> : null}
                  <button type="submit" className="rounded px-1 text-brand-800 underline hover:bg-brand-100">
                    Remove<span className="sr-only"> the theme “{tag.title}” from {about}</span>
                  </button>
                </fetcher.Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        // Keyed by the item's tags: a fetcher's successful tag starts an empty, closed form.
        <details key={mine.map((t) => t.id).join()} className="mt-1">
          <summary className="cursor-pointer text-brand-700 underline">
            Tag with a theme<span className="sr-only"> ({about})</span>
          </summary>
          <fetcher.Form method="post" action={action} className="mt-2 grid gap-2 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
            <input type="hidden" name="intent" value="tag" />
            <input type="hidden" name="source" value={item.source} />
            <input type="hidden" name="sourceId" value={item.sourceId} />
            {item.taskId ? <input type="hidden" name="taskId" value={item.taskId} /> : null}
            <input type="hidden" name="returnTo" value={returnTo} />
            {hydrated ? <input type="hidden" name="fetch" value="1" /> : null}
            <div>
              <label htmlFor={`${id}-theme`} className="block text-xs font-medium text-slate-700">Existing theme</label>
              <select id={`${id}-theme`} name="themeId" className={control} defaultValue="">
                <option value="">— a new theme —</option>
                {choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title} ({c.kind})
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-title`} className="block text-xs font-medium text-slate-700">or a new theme’s title</label>
              <input id={`${id}-title`} name="title" maxLength={80} className={control} />
            </div>
            <fieldset>
              <legend className="block text-xs font-medium text-slate-700">New theme is a</legend>
              <span className="flex gap-2 py-1.5">
                <label className="inline-flex items-center gap-1">
                  <input type="radio" name="kind" value="problem" defaultChecked /> problem
                </label>
                <label className="inline-flex items-center gap-1">
                  <input type="radio" name="kind" value="request" /> request
                </label>
              </span>
            </fieldset>
            <Button variant="secondary" className="py-1.5" disabled={fetcher.state !== "idle"}>
              Tag<span className="sr-only"> {about}</span>
            </Button>
          </fetcher.Form>
        </details>
      ) : null}
      {errors.length > 0 ? (
        <p role="alert" className="mt-1 text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The element id a tag form returns to without JavaScript. */
export const anchorOf = feedbackAnchor;
