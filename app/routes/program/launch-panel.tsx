// The program dashboard's launch panel (app/routes/program.tsx): launch-ready or launched, how many
// referenceable customers are live against the target, and the confirm step when too few are.
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/components/status";
import { Button } from "~/components/ui/button";
import type { action, loader } from "../program";

export function LaunchPanel({ canEdit }: { canEdit: boolean }) {
  const { readiness, live, program } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const warning = actionData && "launchWarning" in actionData ? actionData.launchWarning : null;
  return (
    <>
      {readiness.launchedAt ? (
        <p className="mt-2 font-medium text-green-800">Launched on {formatDate(readiness.launchedAt)}.</p>
      ) : readiness.launchReady ? (
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <p className="font-medium text-green-800">Launch-ready: {readiness.referenceable} referenceable customers meet the target of {readiness.target}.</p>
          {canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="launch" />
              <Button>Mark the program launched</Button>
            </Form>
          ) : null}
        </div>
      ) : (
        <p className="mt-1 text-sm text-slate-600">
          {readiness.latestClosed ? `From round ${readiness.latestClosed.number}, the latest closed round.` : "Customers become referenceable when a round closes with them passing both tests."}
        </p>
      )}
      {warning && canEdit && !readiness.launchedAt ? (
        <div role="alert" aria-labelledby="launch-confirm-heading" className="mt-3 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          <h3 id="launch-confirm-heading" className="font-semibold">Fewer customers are live than the target</h3>
          <p className="mt-1">
            {warning}. The aim is {live.target} referenceable customers live on the product at launch. Launch anyway?
          </p>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <Form method="post">
              <input type="hidden" name="intent" value="launch" />
              <input type="hidden" name="confirm" value="fewer-live" />
              <Button>Launch anyway</Button>
            </Form>
            <Link to={`/programs/${program.id}`} className="font-medium text-amber-900 underline">Not yet</Link>
          </div>
        </div>
      ) : null}
      {live.referenceable > 0 ? (
        <div className="mt-3 text-sm text-slate-700">
          <p>
            <span className="font-medium text-slate-900">Live at launch: {live.sentence}.</span>{" "}
            {live.short ? `The aim is ${live.target} live at launch.` : `The aim of ${live.target} live at launch is met.`}
          </p>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1" aria-label="Referenceable customers and their go-live">
            {live.customers.map((c) => (
              <li key={c.customerId}>
                <Link to={`customers/${c.customerId}`} className="text-brand-700 underline">{c.name}</Link>
                {": "}
                {c.liveOn ? `live since ${formatDate(c.liveOn)}` : c.plannedOn ? `planned for ${formatDate(c.plannedOn)}` : "no go-live planned"}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
