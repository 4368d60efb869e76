// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, Card } from "~/components/ui/page";
import { reachLabel } from "~/modules/themes/classify";
import { themeKindLabel, themeStatusLabel } from "~/modules/themes/themes.schema";
import type { loader } from "../round";

const reachTone = { market: "green", special: "amber", some: "blue", none: "gray" } as const;

/**
 * Themes around the round: what its iterate close cited as learned (closed), what the previous
 * round learned and the open themes by customer count (planning a draft).
 */
export function LearnedThemes() {
  const { program, round, learnings, openThemes } = useLoaderData<typeof loader>();
  const themesPage = `/programs/${program.id}/themes`;
  const planning = round.status === "draft";
  if (round.status === "closed") {
    if (learnings.cited.length === 0) return null;
    return (
      <Card title="Themes learned in this round" className="mb-8">
        <ThemeList themes={learnings.cited} />
      </Card>
    );
  }
  if (!planning && learnings.previous.length === 0) return null;
  return (
    <Card title={planning ? "Plan with what was learned" : `Learned in round ${round.number - 1}`} className="mb-8" actions={<Link to={themesPage} className="text-sm text-brand-700 underline">All themes</Link>}>
      {learnings.previous.length > 0 ? (
        <>
          <h3 className="text-sm font-semibold text-slate-900">Cited when round {round.number - 1} closed</h3>
          <ThemeList themes={learnings.previous} />
        </>
      ) : null}
      {planning ? (
        <>
          <h3 className="mt-3 text-sm font-semibold text-slate-900">Open themes, by customers who raised them</h3>
          {openThemes.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No open themes. Tag feedback on a round page or a customer’s history to gather them.</p>
          ) : (
            <ol className="mt-1 space-y-1.5 text-sm" aria-label="Open themes by customer count">
              {openThemes.map((t) => (
                <li key={t.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-medium text-slate-900">{t.title}</span>
                  <Badge>{themeKindLabel[t.kind]}</Badge>
                  <Badge tone={reachTone[t.reach]}>{reachLabel[t.reach]}</Badge>
                  <span className="text-slate-700">
                    {t.customers} {t.customers === 1 ? "customer" : "customers"}
                    {t.customerNames.length ? ` (${t.customerNames.join(", ")})` : ""}
                  </span>
                  {t.warning ? <span className="block w-full text-amber-900">{t.warning}</span> : null}
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
    </Card>
  );
}

function ThemeList({ themes }: { themes: { themeId: string; title: string; kind: "problem" | "request"; status: "open" | "addressed" | "wont_do" }[] }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-2 text-sm">
      {themes.map((t) => (
        <li key={t.themeId} className="flex items-center gap-1">
          <span className="font-medium text-slate-900">{t.title}</span>
          <Badge>{themeKindLabel[t.kind]}</Badge>
          <span className="text-xs text-slate-600">({themeStatusLabel[t.status].toLowerCase()})</span>
        </li>
      ))}
    </ul>
  );
}

/** Inside the close form: the open themes an iterate close can cite as what was learned. */
export function LearningChoices() {
  const { openThemes } = useLoaderData<typeof loader>();
  if (openThemes.length === 0) return null;
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Themes learned (cited when closing as iterate)</legend>
      <ul className="mt-1 space-y-1 text-sm">
        {openThemes.map((t) => (
          <li key={t.id}>
            <label className="inline-flex items-center gap-2">
              <input type="checkbox" name="learnedThemeIds" value={t.id} />
              {t.title} <span className="text-slate-600">· {t.customers} {t.customers === 1 ? "customer" : "customers"}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
