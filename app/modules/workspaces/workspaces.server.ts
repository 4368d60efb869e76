import { count, eq } from "drizzle-orm";
import { db } from "#db/client";
import { members, workspaces } from "#db/schema";
import { recordAudit, type RequestOrigin } from "~/modules/audit/audit.server";
import { hashPassword } from "~/modules/auth/password.server";
import { loadDemoProgram } from "~/modules/demo/demo.server";
import { AppError } from "~/utils/errors";
import { isUniqueViolation } from "~/utils/db-errors";
import { env } from "~/utils/env.server";

export async function hasAnyWorkspace() {
  const [row] = await db().select({ n: count() }).from(workspaces);
  return (row?.n ?? 0) > 0;
}

/** Onboarding is open on an empty database, and afterwards unless WORKSPACE_SIGNUP=closed. */
export async function canCreateWorkspace() {
  return env().WORKSPACE_SIGNUP === "open" || !(await hasAnyWorkspace());
}

const emailTaken = () =>
  new AppError("conflict", "An account with this email already exists. Sign in instead.", "email");

/** Creates a workspace with its first admin and, if asked, the demo program — all or nothing. */
export async function createWorkspace(input: {
  workspaceName: string;
  companyName?: string;
  name: string;
  email: string;
  password: string;
  loadDemo?: boolean;
  /** The demo's rounds of history as well as its customers (the default). */
  demoHistory?: boolean;
  origin: RequestOrigin;
}) {
  if (!(await canCreateWorkspace())) throw new AppError("forbidden", "New workspaces are closed on this server.");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().transaction(async (tx) => {
      const [taken] = await tx.select({ id: members.id }).from(members).where(eq(members.email, input.email)).limit(1);
      if (taken) throw emailTaken();
      const [workspace] = await tx.insert(workspaces).values({ name: input.workspaceName, companyName: input.companyName || input.workspaceName }).returning({ id: workspaces.id });
      const [admin] = await tx
        .insert(members)
        .values({
          workspaceId: workspace.id,
          name: input.name,
          email: input.email,
          passwordHash,
          role: "admin",
        })
        .returning({ id: members.id, workspaceId: members.workspaceId });
      const actor = { type: "member" as const, memberId: admin.id, workspaceId: workspace.id, role: "admin" as const, ...input.origin };
      await recordAudit(tx, actor, {
        workspaceId: workspace.id,
        action: "workspace.created",
        subjectId: workspace.id,
        details: { name: input.workspaceName, admin: input.email },
      });
      let demoProgramId: string | null = null;
      if (input.loadDemo) demoProgramId = await loadDemoProgram(tx, actor, { history: input.demoHistory ?? true });
      return { member: admin, demoProgramId };
    });
  } catch (error) {
    if (isUniqueViolation(error, "members_email_key")) throw emailTaken();
    throw error;
  }
}
