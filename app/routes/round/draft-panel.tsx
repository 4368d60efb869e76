// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, LinkButton } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import { Card } from "~/components/ui/page";
import type { action, loader } from "../round";
import { TaskList } from "./task-list";

export function DraftPanel({ canEdit }: { canEdit: boolean }) {
  const { tasks } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const taskResult = lastResult?.formIntent === "add-task" ? lastResult : null;
  // Validated on the server only: the round page, the PM's busiest, ships no zod.
  const [form, fields] = useForm({ id: `add-task-${tasks.length}`, lastResult: taskResult });
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card title={`Usability tasks (${tasks.length})`} className="lg:col-span-2">
        <TaskList editable={canEdit} />
        {canEdit ? (
          <Form method="post" className="mt-4 space-y-3 border-t border-slate-200 pt-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="add-task" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field label="Task" hint="An instruction a user can follow, e.g. “Schedule tomorrow's 9am job for the nearest technician”." inputProps={getInputProps(fields.instruction, { type: "text" })} errors={fields.instruction.errors} />
            <Field label="What success looks like" hint="Optional. Shown to users so they can tell whether they finished." inputProps={getInputProps(fields.successCriteria, { type: "text" })} errors={fields.successCriteria.errors} />
            <Button variant="secondary">Add task</Button>
          </Form>
        ) : null}
      </Card>
      {canEdit ? (
        <Card title="Open the round">
          <p className="text-sm text-slate-700">
            Opening sends every user of each <strong>active</strong> charter customer a personal link to try the tasks and answer the questionnaire.
            The tasks and thresholds are then fixed.
          </p>
          <p className="mt-2 text-sm text-slate-600">Needs at least 6 enrolled customers, at least one task, and no other open round.</p>
          <div className="mt-4">
            <LinkButton to="open">Review the invitation and open</LinkButton>
          </div>
        </Card>
      ) : null}
    </div>
  );
}

