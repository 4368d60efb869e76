/** The one error type business modules throw for expected failures. */
export type AppErrorCode = "invalid" | "conflict" | "forbidden" | "not_found";

const statusOf: Record<AppErrorCode, number> = {
  invalid: 400,
  conflict: 409,
  forbidden: 403,
  not_found: 404,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** The form field the message belongs to, when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "AppError";
    this.status = statusOf[code];
  }
}

export function invariantResponse(
  condition: unknown,
  message: string,
  init: ResponseInit = { status: 400 },
): asserts condition {
  if (!condition) throw new Response(message, init);
}

export const notFound = (what = "Not found") => new Response(what, { status: 404 });
