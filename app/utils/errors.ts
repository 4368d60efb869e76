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
