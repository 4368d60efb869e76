import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { apiTokens, auditEvents, securityEvents } from "#db/schema";
import { createApiToken, listApiTokens, revokeApiToken } from "~/modules/workspaces/api-tokens.server";
import { hashToken } from "~/utils/tokens.server";
import { addMember, newWorkspace, programWithOpenRound } from "../support/factories";
import { cookieOf, request, statusOf } from "../support/route-calls";
import { rowsOf, tableFingerprints } from "../support/tables";

/** Read-only workspace API tokens: the exports by `Authorization: Bearer`, and nothing else. */

let p: Awaited<ReturnType<typeof programWithOpenRound>>;
let other: Awaited<ReturnType<typeof programWithOpenRound>>;
let token: string;
let exportsOf: (program: { programId: string; roundId: string }) => string[];

beforeAll(async () => {
  [p, other] = [await programWithOpenRound(), await programWithOpenRound()];
  ({ token } = await createApiToken({ actor: p.admin, name: "Finance BI" }));
  exportsOf = ({ programId, roundId }) => [`/programs/${programId}/readiness.csv`, `/programs/${programId}/evidence.json`, `/programs/${programId}/audit.csv`, `/programs/${programId}/rounds/${roundId}/responses.csv`];
});

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describe("creating and revoking", () => {
  it("shows the token once, stores only its hash, and records who created it", async () => {
    const created = await createApiToken({ actor: p.admin, name: "Warehouse" });
    expect(created.token).toMatch(/^chr_[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row).toMatchObject({ workspaceId: p.workspaceId, name: "Warehouse", tokenHash: hashToken(created.token), prefix: created.token.slice(0, 10), revokedAt: null, lastUsedAt: null });
    // No column of any table holds the token itself.
    const columns = await rowsOf<{ table_name: string; column_name: string }>(sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying')`);
    for (const { table_name, column_name } of columns) {
      const [hit] = await rowsOf<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table_name)} where position(${created.token} in ${sql.identifier(column_name)}::text) > 0`);
      expect(Number(hit.n), `${table_name}.${column_name}`).toBe(0);
    }
    const listed = await listApiTokens(p.workspaceId);
    expect(listed.map((t) => t.name)).toEqual(["Warehouse", "Finance BI"]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const [audit] = await db().select({ action: auditEvents.action, details: auditEvents.details, actorMemberId: auditEvents.actorMemberId }).from(auditEvents).where(eq(auditEvents.subjectId, created.id));
    expect(audit).toEqual({ action: "api_token.created", details: { name: "Warehouse", prefix: created.token.slice(0, 10) }, actorMemberId: p.admin.memberId });
  });

  it("is an admin's: a PM or a viewer is refused, on the page and in the module", async () => {
    for (const role of ["pm", "viewer"] as const) {
      const member = await addMember(p.workspaceId, role);
      await expect(createApiToken({ actor: member, name: "Mine" })).rejects.toMatchObject({ code: "forbidden" });
      expect(statusOf(await request("/api-tokens", { headers: { cookie: await cookieOf(member) } }))).toBe(403);
      const body = new URLSearchParams({ intent: "create-token", name: "Mine" });
      expect(statusOf(await request("/api-tokens", { method: "POST", body, headers: { cookie: await cookieOf(member) } }))).toBe(403);
    }
    expect(statusOf(await request("/api-tokens", { headers: { cookie: await cookieOf(p.admin) } }))).toBe(200);
  });

  it("creates from the page's form, refusing an empty name with a message", async () => {
    const cookie = await cookieOf(p.admin);
    const refused = await request("/api-tokens", { method: "POST", body: new URLSearchParams({ intent: "create-token", name: "  " }), headers: { cookie } });
    expect(statusOf(refused)).toBe(400);
    expect(JSON.stringify(refused)).toContain("Name the token after what will use it");
    const made = (await request("/api-tokens", { method: "POST", body: new URLSearchParams({ intent: "create-token", name: "Sheets" }), headers: { cookie } })) as { data: { outcome: { token: string } } };
    expect(made.data.outcome.token).toMatch(/^chr_/);
  });
});

describe("reading the exports with a token", () => {
  it("downloads every CSV and JSON export of its workspace, and notes when it was last used", async () => {
    for (const path of exportsOf(p)) {
      const answer = (await request(path, { headers: bearer(token) })) as Response;
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get("content-type"), path).toMatch(/^(text\/csv|application\/json)/);
      expect((await answer.text()).length, path).toBeGreaterThan(20);
    }
    const [row] = await db().select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)));
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it("answers 404 for another workspace's program and round", async () => {
    for (const path of exportsOf(other)) expect(statusOf(await request(path, { headers: bearer(token) })), path).toBe(404);
  });

  it("answers 401 to a wrong, malformed or revoked token, and records the refusal", async () => {
    const path = exportsOf(p)[0];
    expect(statusOf(await request(path, { headers: bearer("chr_wrongwrongwrongwrongwrongwrongwrongwrongwro") }))).toBe(401);
    expect(statusOf(await request(path, { headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }))).toBe(401);
    expect(statusOf(await request(path, { headers: bearer("") }))).toBe(401);
    const doomed = await createApiToken({ actor: p.admin, name: "Old script" });
    expect(statusOf(await request(path, { headers: bearer(doomed.token) }))).toBe(200);
    await revokeApiToken({ actor: p.admin, tokenId: doomed.id });
    const refused = (await request(path, { headers: bearer(doomed.token) })) as Response;
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    await expect(revokeApiToken({ actor: p.admin, tokenId: doomed.id })).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeApiToken({ actor: other.admin, tokenId: (await createApiToken({ actor: p.admin, name: "x" })).id })).rejects.toMatchObject({ code: "conflict" });
    const events = await db().select({ details: securityEvents.details }).from(securityEvents).where(and(eq(securityEvents.workspaceId, p.workspaceId), eq(securityEvents.action, "api_token.refused")));
    expect(events.map((e) => e.details)).toEqual([{ reason: "revoked", token: hashToken(doomed.token).slice(0, 8) }]);
    const [revocation] = await db().select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.subjectId, doomed.id), eq(auditEvents.action, "api_token.revoked")));
    expect(revocation).toBeDefined();
  });

  it("opens no page and sends no form: with only a token, pages ask to sign in and posts change nothing", async () => {
    const before = await tableFingerprints();
    for (const path of [`/programs/${p.programId}`, `/programs/${p.programId}/audit`, `/programs/${p.programId}/rounds/${p.roundId}`, "/programs", "/api-tokens", "/members"]) {
      expect(statusOf(await request(path, { headers: bearer(token) })), path).toBe(302);
    }
    // The PDFs are pages' documents: a member's session, not a token.
    expect(statusOf(await request(`/programs/${p.programId}/customers/${p.customerIds[0]}/dossier.pdf`, { headers: bearer(token) }))).toBe(302);
    for (const [path, fields] of [
      [`/programs/${p.programId}/edit`, { name: "Hijacked", product: "x", valueHypothesis: "x", targetReferenceable: "6" }],
      ["/programs/new", { name: "Hijacked", product: "x", valueHypothesis: "x", targetReferenceable: "6" }],
      ["/api-tokens", { intent: "create-token", name: "Escalated" }],
      [`/programs/${p.programId}/rounds/${p.roundId}`, { intent: "remind" }],
    ] as const) {
      expect(statusOf(await request(path, { method: "POST", body: new URLSearchParams(fields), headers: bearer(token) })), path).toBe(302);
    }
    expect(await tableFingerprints()).toEqual(before);
  });

  it("is read-only: the export routes have no action", async () => {
    for (const path of exportsOf(p)) expect(statusOf(await request(path, { method: "POST", body: new URLSearchParams({ a: "b" }), headers: bearer(token) })), path).toBe(405);
  });
});

describe("a token from another workspace", () => {
  it("reads its own workspace only", async () => {
    const theirs = await createApiToken({ actor: other.admin, name: "Theirs" });
    expect(statusOf(await request(exportsOf(other)[0], { headers: bearer(theirs.token) }))).toBe(200);
    expect(statusOf(await request(exportsOf(p)[0], { headers: bearer(theirs.token) }))).toBe(404);
    const someone = await newWorkspace();
    expect(await listApiTokens(someone.workspaceId)).toEqual([]);
  });
});
