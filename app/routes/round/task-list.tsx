// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { Form, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/button";
import type { loader } from "../round";

export function TaskList({ editable }: { editable: boolean }) {
  const { tasks } = useLoaderData<typeof loader>();
  if (tasks.length === 0) return <p className="text-sm text-slate-600">No tasks yet. Add what users should try, one task at a time.</p>;
  return (
    <ol className="divide-y divide-slate-100">
      {tasks.map((task, i) => (
        <li key={task.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              {i + 1}. {task.instruction}
            </p>
            {task.successCriteria ? <p className="text-sm text-slate-600">Success: {task.successCriteria}</p> : null}
          </div>
          {editable ? (
            <div className="flex gap-1">
              {(["up", "down"] as const).map((direction) => (
                <Form method="post" key={direction}>
                  <input type="hidden" name="intent" value="move-task" />
                  <input type="hidden" name="taskId" value={task.id} />
                  <input type="hidden" name="direction" value={direction} />
                  <Button variant="ghost" className="px-2 py-1" disabled={direction === "up" ? i === 0 : i === tasks.length - 1}>
                    <span aria-hidden>{direction === "up" ? "↑" : "↓"}</span>
                    <span className="sr-only">
                      Move task {i + 1} {direction}
                    </span>
                  </Button>
                </Form>
              ))}
              <Form method="post">
                <input type="hidden" name="intent" value="remove-task" />
                <input type="hidden" name="taskId" value={task.id} />
                <Button variant="ghost" className="px-2 py-1 text-red-700">
                  Remove<span className="sr-only"> task {i + 1}</span>
                </Button>
              </Form>
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

