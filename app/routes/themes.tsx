import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import { ErrorList, FormErrors } from "~/components/ui/field";
import { FlashNotice } from "~/components/ui/flash";
import { Badge, EmptyState, PageHeader } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { getProgram } from "~/modules/programs/programs.server";
import { reachLabel } from "~/modules/themes/classify";
import { feedbackAnchor } from "~/modules/themes/feedback-items";
import { tagFeedback, untagFeedback, setThemeStatus } from "~/modules/themes/tagging.server";
import { channelLabel, themeActionSchema, themeKindLabel } from "~/modules/themes/themes.schema";
import { programThemes } from "~/modules/themes/themes.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { useWorkspace } from "./workspace";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Themes · ${data.program.name} · Charter` : "Themes · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const [program, themes] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), orHttpError(programThemes(member.workspaceId, programId))]);
  return { program, ...themes };
}

/** Only a page of this program is a place to return to (no open redirect). */
function backTo(programId: string, returnTo: string, anchor?: string) {
  const base = `/programs/${programId}`;
  const path = returnTo.split("#")[0];
  const safe = (path === base || path.startsWith(`${base}/`)) && !/[\\\s]|\/\/|\.\./.test(path) ? path : `${base}/themes`;
  return anchor ? `${safe}#${anchor}` : safe;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const formData = await request.formData();
  // A fetcher (JavaScript) wants the result; a plain form post goes back where it came from.
  const viaFetcher = formData.get("fetch") === "1";
  return handleSubmission(formData, themeActionSchema, async (input) => {
    switch (input.intent) {
      case "tag": {
        const { title, item } = await tagFeedback({ actor, programId, input });
        if (!viaFetcher && input.returnTo) throw redirect(backTo(programId, input.returnTo, feedbackAnchor(item)), 303);
        return `Tagged “${title}”.`;
      }
      case "untag": {
        await untagFeedback({ actor, programId, tagId: input.tagId });
        if (!viaFetcher && input.returnTo) throw redirect(backTo(programId, input.returnTo), 303);
        return "Tag removed.";
      }
      case "set-status": {
        const theme = await setThemeStatus({ actor, programId, input });
        return `“${theme.title}” is now ${input.status === "addressed" ? `addressed in round ${theme.roundNumber}` : input.status === "wont_do" ? "marked won't do" : "open"}.`;
      }
    }
  });
}

const reachTone = { market: "green", special: "amber", some: "blue", none: "gray" } as const;

export default function ThemesPage() {
  const { program, themes, activeCustomers, specialMaxCustomers } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { canEdit: isEditor } = useWorkspace();
  const canEdit = isEditor && program.status === "active";
  const message = typeof lastResult?.outcome === "string" ? lastResult.outcome : null;
  // A status form's own refusal shows in that form (StatusForm); the rest (a tag posted without JavaScript) here.
  const statusRefusal = lastResult?.formIntent === "set-status" && themes.some((t) => t.id === lastResult.initialValue?.themeId);
  const errors = lastResult?.error && !statusRefusal ? Object.values(lastResult.error).flatMap((e) => e ?? []) : undefined;
  const back = `/programs/${program.id}`;
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={back} className="hover:underline">{program.name}</Link>
          </>
        }
        title="Themes across customers"
        description={
          <span className="text-sm">
            Problems and requests tagged on feedback from users, buyers and gatekeepers, by how many customers raised them. A theme raised by{" "}
            {specialMaxCustomers === 1 ? "one customer only" : `${specialMaxCustomers} customers or fewer`} is a <strong>special</strong>; one raised by at least half of the{" "}
            {activeCustomers} active customers is a <strong>market need</strong>.
          </span>
        }
        actions={
          <a href={`${back}/themes.csv`} className="text-sm text-brand-700 underline" download>
            Themes as CSV<span className="sr-only"> (one row per quote)</span>
          </a>
        }
      />
      <div className="mb-6 space-y-3">
        <FlashNotice message={message} />
        <FormErrors errors={errors?.length ? errors : undefined} />
      </div>
      {themes.length === 0 ? (
        <EmptyState title="No themes yet">
          Tag users’ comments, buyers’ conditions and gatekeepers’ notes from a round page or a customer’s history: each tag names a theme, and the themes gather here.
        </EmptyState>
      ) : (
        <ol className="space-y-6">
          {themes.map((theme) => (
            <li key={theme.id}>
              <section aria-labelledby={`theme-${theme.id}`} className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200 sm:p-6">
                <div className="flex flex-wrap items-center gap-2">
                  <h2 id={`theme-${theme.id}`} className="text-base font-semibold text-slate-900">
                    {theme.title}
                  </h2>
                  <Badge>{themeKindLabel[theme.kind]}</Badge>
                  <Badge tone={reachTone[theme.reach]}>{reachLabel[theme.reach]}</Badge>
                  <Badge tone={theme.status === "open" ? "gray" : theme.status === "addressed" ? "green" : "amber"}>
                    {theme.status === "addressed" ? `Addressed in round ${theme.addressedRoundNumber}` : theme.status === "wont_do" ? "Won't do" : "Open"}
                  </Badge>
                </div>
                <p className="mt-1 text-sm text-slate-700">
                  {theme.customers} {theme.customers === 1 ? "customer" : "customers"} · {theme.mentions} {theme.mentions === 1 ? "mention" : "mentions"}
                  {theme.rounds.length > 0 ? ` · came up in round ${theme.rounds.join(", ")}` : ""}
                </p>
                {theme.warning ? <p className="mt-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900">{theme.warning}</p> : null}
                {theme.status === "wont_do" && theme.wontDoReason ? <p className="mt-2 text-sm text-slate-700">Won’t do: {theme.wontDoReason}</p> : null}
                <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-3">
                  {(["users", "buyers", "gatekeepers"] as const).map((channel) => (
                    <div key={channel}>
                      <dt className="font-medium text-slate-800">
                        {channelLabel[channel]} ({theme.channels[channel].length})
                      </dt>
                      <dd className="text-slate-700">{theme.channels[channel].length ? theme.channels[channel].map((c) => c.name).join(", ") : "—"}</dd>
                    </div>
                  ))}
                </dl>
                {theme.quotes.length > 0 ? (
                  <details className="mt-3">
                    <summary className="cursor-pointer text-sm font-medium text-slate-900">Quotes ({theme.quotes.length})</summary>
                    <ul className="mt-2 space-y-2 text-sm">
                      {theme.quotes.map((q) => (
                        <li key={q.tagId} className="rounded bg-slate-50 p-2">
                          <p className="text-xs text-slate-600">
                            {q.person}, {q.customerName} · {channelLabel[q.channel]}
                            {q.roundNumber ? ` · round ${q.roundNumber}` : ""} · {q.label} ·{" "}
                            <Link to={`${back}/customers/${q.customerId}#${feedbackAnchor(q)}`} className="text-brand-700 underline">
                              in context<span className="sr-only"> ({q.customerName})</span>
                            </Link>
                          </p>
                          <p className="whitespace-pre-line text-slate-800">“{q.body}”</p>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
                {canEdit ? <StatusForm theme={theme} /> : null}
              </section>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function StatusForm({ theme }: { theme: ReturnType<typeof useLoaderData<typeof loader>>["themes"][number] }) {
  const { rounds } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const refused = lastResult?.formIntent === "set-status" && lastResult.status === "error" && lastResult.initialValue?.themeId === theme.id ? lastResult : null;
  const fieldErrors = (name: string) => refused?.error?.[name] ?? undefined;
  const invalid = (name: string) => (fieldErrors(name) ? { "aria-invalid": true, "aria-describedby": `${id}-${name}-error` } : {});
  const chosen = (name: string) => (typeof refused?.initialValue?.[name] === "string" ? (refused.initialValue[name] as string) : undefined);
  const navigation = useNavigation();
  const busy = navigation.formData?.get("themeId") === theme.id;
  const id = `status-${theme.id}`;
  return (
    <details className="mt-3" open={refused ? true : undefined}>
      <summary className="cursor-pointer text-sm text-brand-700 underline">
        Change status<span className="sr-only"> of “{theme.title}”</span>
      </summary>
      <Form method="post" className="mt-2 grid gap-2 text-sm sm:grid-cols-2">
        <input type="hidden" name="intent" value="set-status" />
        <input type="hidden" name="themeId" value={theme.id} />
        <FormErrors errors={fieldErrors("") ?? fieldErrors("themeId")} />
        <div>
          <label htmlFor={`${id}-status`} className="block font-medium text-slate-800">Status</label>
          <select id={`${id}-status`} name="status" defaultValue={chosen("status") ?? theme.status} className="block w-full rounded-md px-2 py-1.5 ring-1 ring-slate-300" {...invalid("status")}>
            <option value="open">Open</option>
            <option value="addressed">Addressed in a round</option>
            <option value="wont_do">Won’t do</option>
          </select>
          <ErrorList id={`${id}-status-error`} errors={fieldErrors("status")} />
        </div>
        <div>
          <label htmlFor={`${id}-round`} className="block font-medium text-slate-800">Round that addressed it</label>
          <select id={`${id}-round`} name="addressedRoundId" defaultValue={chosen("addressedRoundId") ?? theme.addressedRoundId ?? ""} className="block w-full rounded-md px-2 py-1.5 ring-1 ring-slate-300" {...invalid("addressedRoundId")}>
            <option value="">—</option>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>
                Round {r.number}: {r.title}
              </option>
            ))}
          </select>
          <ErrorList id={`${id}-addressedRoundId-error`} errors={fieldErrors("addressedRoundId")} />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-reason`} className="block font-medium text-slate-800">Why it won’t be done</label>
          <input id={`${id}-reason`} name="wontDoReason" defaultValue={chosen("wontDoReason") ?? theme.wontDoReason ?? ""} maxLength={500} className="block w-full rounded-md px-2 py-1.5 ring-1 ring-slate-300" {...invalid("wontDoReason")} />
          <ErrorList id={`${id}-wontDoReason-error`} errors={fieldErrors("wontDoReason")} />
        </div>
        <div>
          <Button variant="secondary" disabled={busy}>
            Save status<span className="sr-only"> of “{theme.title}”</span>
          </Button>
        </div>
      </Form>
    </details>
  );
}
