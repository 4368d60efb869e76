import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { AppError } from "./errors";
import type { Handler } from "./unavailable.server";

/** The content types an HTML form posts; anything else is not one of Charter's forms. */
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);
/** Conform's names go at most a few levels deep ("tasks[0].outcome"); deeper is never a form of ours. */
const MAX_NAME_LENGTH = 100;
const MAX_NAME_DEPTH = 4;

const refusal = (status: 400 | 415, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The posted form, read the one way every action reads it: a body that is not a form, cannot be
 * parsed, or names a field no form of ours has (thousands of levels deep) is refused with a plain
 * 415 or 400 page before anything looks at it, instead of crashing the action.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase() ?? "";
  if (!FORM_TYPES.has(type)) throw refusal(415, "This address takes a form sent from its page (a form post). Nothing was changed.");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw refusal(400, "The form could not be read. Nothing was changed; please send it again from its page.");
  }
  for (const name of form.keys()) {
    const depth = (name.match(/[.[]/g) ?? []).length;
    if (name.length > MAX_NAME_LENGTH || depth > MAX_NAME_DEPTH) throw refusal(400, "The form has a field this page does not have. Nothing was changed.");
  }
  return form;
}

/**
 * Every page's action takes a form post: `prepareBuild` (app/entry.server.tsx) passes each through
 * this, so a body that is not a well-formed form gets its 4xx page before any action code runs. The
 * check reads a copy; the action reads the form itself, as usual.
 */
export const takesFormsOnly =
  (action: Handler): Handler =>
  async (args) => {
    await readForm((args as { request: Request }).request.clone());
    return action(args);
  };

/** A typed password is never sent back: not in the field's value, not in the page's data. */
const secretFields = (formData: FormData) => [...new Set([...formData.keys()].filter((name) => /password/i.test(name)))];

/**
 * Validates a form with its zod schema and runs the operation. Invalid input and expected
 * refusals come back as per-field or form errors (status 400/409) with the input kept; success
 * is whatever `run` throws (a redirect) or a reset form carrying `run`'s result as `outcome`.
 */
export async function handleSubmission<S extends z.ZodType, T = void>(
  formData: FormData,
  schema: S,
  run: (value: z.output<S>) => Promise<T>,
) {
  type Result = SubmissionResult<string[]> & { formIntent: string | null; outcome?: T };
  // Which of a page's forms answered, also after a reset (which drops the submitted values).
  const formIntent = typeof formData.get("intent") === "string" ? (formData.get("intent") as string) : null;
  const submission = parseWithZod(formData, { schema });
  const hideFields = secretFields(formData);
  // The honeypot of the public forms: filled in, the submission is refused and nothing is written.
  const honeypot = formData.get("homepage");
  if (typeof honeypot === "string" && honeypot !== "")
    return data<Result>({ ...submission.reply({ formErrors: ["This form could not be accepted. Please try again."], hideFields }), formIntent }, { status: 400 });
  if (submission.status !== "success") return data<Result>({ ...submission.reply({ hideFields }), formIntent }, { status: 400 });
  // PostgreSQL cannot store the NUL character in text; it is never typed, only sent by tools.
  const withNul = [...formData.entries()].find(([, value]) => typeof value === "string" && value.includes("\u0000"));
  if (withNul)
    return data<Result>({ ...submission.reply({ fieldErrors: { [withNul[0]]: ["Remove the invisible control character (NUL) from this field."] }, hideFields }), formIntent }, { status: 400 });
  try {
    const outcome = await run(submission.value);
    return data<Result>({ ...submission.reply({ resetForm: true }), formIntent, outcome }, { status: 200 });
  } catch (error) {
    if (error instanceof AppError && (error.code === "invalid" || error.code === "conflict")) {
      const reply = error.field
        ? submission.reply({ fieldErrors: { [error.field]: [error.message] }, hideFields })
        : submission.reply({ formErrors: [error.message], hideFields });
      return data<Result>({ ...reply, formIntent }, { status: error.status });
    }
    throw asHttpError(error);
  }
}

/** Maps a module's AppError to the HTTP response a loader or action throws. */
export function asHttpError(error: unknown): unknown {
  // no-store: a resource route's refusal (a PDF or CSV not found) reaches the browser as it is, past the page headers.
  return error instanceof AppError ? new Response(error.message, { status: error.status, headers: { "Cache-Control": "no-store" } }) : error;
}

/** Awaits a module call from a loader, turning its AppError into the matching HTTP answer. */
export async function orHttpError<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw asHttpError(error);
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route id parameter; anything that is not a well-formed id is simply not found. */
export function idParam(value: string | undefined): string {
  if (!value || !uuidPattern.test(value)) throw new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  return value.toLowerCase();
}
