import { z } from "zod";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.string().optional(),
    DATA_DIR: z.string().default(".data"),
    SESSION_SECRET: z.string().optional(),
    APP_URL: z.url().optional(),
    WORKSPACE_SIGNUP: z.enum(["open", "closed"]).default("open"),
    RESEND_API_KEY: z.string().optional(),
    RESEND_WEBHOOK_SECRET: z.string().optional(),
    EMAIL_FROM: z.string().default("Charter <charter@localhost>"),
    /** How long sign-ins, refused requests and refused links are kept (the business audit trail is kept for ever). */
    SECURITY_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** Tests only: where Slack webhook posts go instead of https://hooks.slack.com (a local stand-in). */
    SLACK_WEBHOOK_BASE_URL: z.url().optional(),
    /** "true" lets webhooks go to private and loopback addresses over http in production (receivers inside the team's network; the e2e suite). */
    WEBHOOKS_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    if (env.SLACK_WEBHOOK_BASE_URL)
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_WEBHOOK_BASE_URL"],
        message: "SLACK_WEBHOOK_BASE_URL redirects Slack notices to a test stand-in; it cannot be set in production.",
      });
    if (!env.SESSION_SECRET || env.SESSION_SECRET.length < 32)
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message:
          "SESSION_SECRET is required in production: set it to a random string of at least 32 characters (for example `openssl rand -hex 32`).",
      });
    if (!env.APP_URL)
      ctx.addIssue({
        code: "custom",
        path: ["APP_URL"],
        message: "APP_URL is required in production: the public address of the portal, used in email links (e.g. https://charter.example.com).",
      });
  });

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string; APP_URL: string };

let parsed: Env | undefined;

/** Parses settings; a missing required one throws an error whose message names it. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) =>
      issue.code === "custom" ? issue.message : `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Charter cannot start:\n  - ${lines.join("\n  - ")}`);
  }
  const value = result.data;
  return {
    ...value,
    // Local runs need no configuration; production refuses these defaults above.
    SESSION_SECRET: value.SESSION_SECRET ?? "charter-local-development-secret-not-for-production",
    APP_URL: value.APP_URL ?? `http://localhost:${value.PORT}`,
  };
}

/** The process's settings, parsed once at start-up. */
export function env(): Env {
  parsed ??= parseEnv(process.env);
  return parsed;
}

export const isProduction = () => env().NODE_ENV === "production";
