/**
 * `npm run db:seed`: the demo program a newcomer can explore, without clicking through onboarding.
 * Creates the workspace "Fieldline (demo)" with the admin demo@charter.example and the demo
 * program (three rounds of history) on first run; later runs find it there and change nothing.
 * Stop a running embedded-database server first: PGlite allows one process at a time.
 */
import { eq } from "drizzle-orm";
import { hasDemoProgram, loadDemoProgram } from "~/modules/demo/demo.server";
import { createWorkspace } from "~/modules/workspaces/workspaces.server";
import { closeDatabase, connectDatabase, db } from "./client";
import { members } from "./schema";

const email = "demo@charter.example";
const password = "charter-demo-password";
const origin = { ip: null, userAgent: "npm run db:seed" };

const { engine } = await connectDatabase();
const [existing] = await db().select({ id: members.id, workspaceId: members.workspaceId }).from(members).where(eq(members.email, email));
let programId: string | null = null;
const started = performance.now();
if (!existing) {
  const created = await createWorkspace({ workspaceName: "Fieldline (demo)", name: "Demo Admin", email, password, loadDemo: true, origin });
  programId = created.demoProgramId!;
} else if (!(await hasDemoProgram(existing.workspaceId))) {
  const actor = { type: "member" as const, memberId: existing.id, workspaceId: existing.workspaceId, role: "admin" as const, ...origin };
  programId = await db().transaction((tx) => loadDemoProgram(tx, actor));
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
await closeDatabase();
const database = engine === "pglite" ? "embedded" : "PostgreSQL";
console.log(programId ? `Demo program loaded into the ${database} database in ${seconds} s (program ${programId}).` : `The ${database} database already has the demo program; nothing changed.`);
console.log(`Sign in as ${email} with the password ${password}`);
