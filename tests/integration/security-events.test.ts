import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, securityEvents } from "#db/schema";
import { accountHash, pruneSecurityEvents, SECURITY_WINDOW_MS } from "~/modules/audit/security-events.server";
import { recordRefusedLink, securityLog } from "~/modules/audit/security.server";
import { signIn } from "~/modules/auth/sign-in.server";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { newToken } from "~/utils/tokens.server";
import { newWorkspace, rowCount, uniqueEmail } from "../support/factories";
import { rowsOf } from "../support/tables";

/** Every text and json column of every table that contains `needle`, as "table.column". */
async function columnsContaining(needle: string) {
  const columns = await rowsOf<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'json', 'jsonb')`);
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    const [row] = await rowsOf<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table_name)} where position(${needle.toLowerCase()} in lower(${sql.identifier(column_name)}::text)) > 0`);
    if (Number(row.n) > 0) found.push(`${table_name}.${column_name}`);
  }
  return { found, searched: columns.length };
}

describe("the security trail", () => {
  it("records a failed sign-in without an audit row and without the typed email anywhere", async () => {
    const { workspaceId, admin } = await newWorkspace();
    const auditBefore = await rowCount(auditEvents);
    const typed = uniqueEmail("mistyped");
    const origin = { ip: "198.51.100.7", userAgent: "vitest" };
    await expect(signIn({ email: typed, password: "a wrong password", origin })).rejects.toMatchObject({ code: "invalid" });
    await expect(signIn({ email: `  ${typed.toUpperCase()} `, password: "a wrong password", origin })).rejects.toMatchObject({ code: "invalid" });

    expect(await rowCount(auditEvents)).toBe(auditBefore);
    const { found, searched } = await columnsContaining(typed);
    expect(searched).toBeGreaterThan(20);
    expect(found).toEqual([]);
    // One row, counted twice: the same account typed from the same address, however it was capitalised.
    const rows = await db().select().from(securityEvents).where(eq(securityEvents.emailHash, accountHash(typed)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "member.sign_in_failed", workspaceId: null, memberId: null, ip: "198.51.100.7", occurrences: 2 });
    expect(rows[0].emailHash).toMatch(/^[0-9a-f]{64}$/);
    // Nothing of it lands in a workspace's log.
    expect((await securityLog(workspaceId)).some((e) => e.action === "member.sign_in_failed")).toBe(false);
    expect(admin.memberId).toBeTruthy();
  });

  it("counts 50 refusals from one address on one row", async () => {
    const before = await rowCount(securityEvents);
    clock.now = () => new Date(Math.floor(Date.now() / SECURITY_WINDOW_MS) * SECURITY_WINDOW_MS + 60_000);
    for (let i = 0; i < 50; i++)
      await recordRefusedLink({ kind: "signoff", token: newToken().token, reason: "not found", method: "GET", origin: { ip: "203.0.113.50", userAgent: null } });
    expect(await rowCount(securityEvents)).toBe(before + 1);
    const [row] = await db().select().from(securityEvents).where(eq(securityEvents.ip, "203.0.113.50"));
    expect(row).toMatchObject({ action: "link.refused", occurrences: 50, details: { kind: "signoff", reason: "unknown", method: "GET" } });
    // Another address is its own row; the next window starts a new row.
    await recordRefusedLink({ kind: "signoff", token: newToken().token, reason: "not found", method: "GET", origin: { ip: "203.0.113.51", userAgent: null } });
    clock.now = () => new Date(Math.floor(Date.now() / SECURITY_WINDOW_MS) * SECURITY_WINDOW_MS + SECURITY_WINDOW_MS + 60_000);
    await recordRefusedLink({ kind: "signoff", token: newToken().token, reason: "not found", method: "GET", origin: { ip: "203.0.113.50", userAgent: null } });
    expect(await rowCount(securityEvents)).toBe(before + 3);
  });

  it("prunes events last seen before the retention period, and keeps newer ones", async () => {
    const day = 24 * 60 * 60_000;
    const retention = env().SECURITY_EVENT_RETENTION_DAYS;
    expect(retention).toBe(90);
    const start = Date.now() + 400 * day;
    const at = (offsetDays: number) => () => new Date(start + offsetDays * day);
    const ip = (n: number) => `192.0.2.${n}`;
    clock.now = at(0);
    await recordRefusedLink({ kind: "feedback", token: "old", reason: "x", method: "GET", origin: { ip: ip(1), userAgent: null } });
    clock.now = at(5);
    await recordRefusedLink({ kind: "feedback", token: "newer", reason: "x", method: "GET", origin: { ip: ip(2), userAgent: null } });
    const ours = async () => (await db().select({ ip: securityEvents.ip }).from(securityEvents).where(sql`${securityEvents.ip} in (${ip(1)}, ${ip(2)})`)).map((r) => r.ip).sort();

    clock.now = at(retention - 1);
    await pruneSecurityEvents();
    expect(await ours()).toEqual([ip(1), ip(2)]);
    clock.now = at(retention + 1);
    await pruneSecurityEvents();
    expect(await ours()).toEqual([ip(2)]);
    clock.now = at(retention + 6);
    await pruneSecurityEvents();
    expect(await ours()).toEqual([]);
  });
});
