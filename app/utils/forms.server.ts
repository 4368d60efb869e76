import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { AppError } from "./errors";

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
  // The honeypot of the public forms: filled in, the submission is refused and nothing is written.
  const honeypot = formData.get("homepage");
  if (typeof honeypot === "string" && honeypot !== "")
    return data<Result>({ ...submission.reply({ formErrors: ["This form could not be accepted. Please try again."] }), formIntent }, { status: 400 });
  if (submission.status !== "success") return data<Result>({ ...submission.reply(), formIntent }, { status: 400 });
  // PostgreSQL cannot store the NUL character in text; it is never typed, only sent by tools.
  const withNul = [...formData.entries()].find(([, value]) => typeof value === "string" && value.includes("\u0000"));
  if (withNul)
    return data<Result>({ ...submission.reply({ fieldErrors: { [withNul[0]]: ["Remove the invisible control character (NUL) from this field."] } }), formIntent }, { status: 400 });
  try {
    const outcome = await run(submission.value);
    return data<Result>({ ...submission.reply({ resetForm: true }), formIntent, outcome }, { status: 200 });
  } catch (error) {
    if (error instanceof AppError && (error.code === "invalid" || error.code === "conflict")) {
      const reply = error.field
        ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
        : submission.reply({ formErrors: [error.message] });
      return data<Result>({ ...reply, formIntent }, { status: error.status });
    }
    throw asHttpError(error);
  }
}

/** Maps a module's AppError to the HTTP response a loader or action throws. */
export function asHttpError(error: unknown): unknown {
  return error instanceof AppError ? new Response(error.message, { status: error.status }) : error;
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
  if (!value || !uuidPattern.test(value)) throw new Response("Not found", { status: 404 });
  return value.toLowerCase();
}
