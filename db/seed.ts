/**
 * `npm run db:seed`: the demo program a newcomer can explore, without clicking through onboarding.
 * Creates the workspace "Fieldline (demo)" with the admin demo@charter.example on first run, and
 * adds another copy of the demo program on later runs. Stop a running embedded-database server
 * first: PGlite allows one process at a time.
 */
import { eq } from "drizzle-orm";
import { loadDemoProgram } from "~/modules/demo/demo.server";
import { createWorkspace } from "~/modules/workspaces/workspaces.server";
import { closeDatabase, connectDatabase, db } from "./client";
import { members } from "./schema";

const email = "demo@charter.example";
const password = "charter-demo-password";
const origin = { ip: null, userAgent: "npm run db:seed" };

const { engine } = await connectDatabase();
const [existing] = await db().select({ id: members.id, workspaceId: members.workspaceId }).from(members).where(eq(members.email, email));
let programId: string;
if (existing) {
  programId = await db().transaction((tx) =>
    loadDemoProgram(tx, { type: "member", memberId: existing.id, workspaceId: existing.workspaceId, role: "admin", ...origin }),
  );
} else {
  const created = await createWorkspace({ workspaceName: "Fieldline (demo)", name: "Demo Admin", email, password, loadDemo: true, origin });
  programId = created.demoProgramId!;
}
await closeDatabase();
console.log(`Demo program loaded into the ${engine === "pglite" ? "embedded" : "PostgreSQL"} database (program ${programId}).`);
console.log(`Sign in as ${email} with the password ${password}`);
