import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Migration 0012 turns one business case per round into one per customer. It runs against a
 * database made by the migrations before it, holding cases in two rounds (one closed with its gate
 * stored), and must keep every version's text and every sign-off's link to what it signed.
 */
describe.skipIf(!!process.env.DATABASE_URL)("the case-per-customer migration (PGlite: the same SQL runs on both engines)", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "charter-0012-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("merges each customer's per-round cases, renumbering versions in round order, and names the passing decision in stored gates", async () => {
    const journal = JSON.parse(readFileSync("db/migrations/meta/_journal.json", "utf8"));
    const before = path.join(root, "before");
    cpSync("db/migrations", before, { recursive: true });
    const index = journal.entries.findIndex((e: { tag: string }) => e.tag.startsWith("0012_"));
    writeFileSync(path.join(before, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, index) }));

    const client = new PGlite();
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: before });
    const one = async <T,>(query: string) => (await client.query<T>(query)).rows[0];

    const ws = (await one<{ id: string }>("insert into workspaces (name) values ('W') returning id")).id;
    const pm = (await one<{ id: string }>(`insert into members (workspace_id, name, email, password_hash, role) values ('${ws}', 'PM', 'pm@x.test', 'x', 'admin') returning id`)).id;
    const program = (await one<{ id: string }>(`insert into programs (workspace_id, name, product, value_hypothesis) values ('${ws}', 'P', 'Ledgerly', 'V') returning id`)).id;
    const customer = (await one<{ id: string }>(`insert into customers (workspace_id, program_id, name, status, activated_at) values ('${ws}', '${program}', 'Acme', 'active', now()) returning id`)).id;
    const buyer = (await one<{ id: string }>(`insert into contacts (workspace_id, customer_id, name, email, is_buyer) values ('${ws}', '${customer}', 'Dana', 'dana@acme.test', true) returning id`)).id;
    const round = async (n: number) =>
      (await one<{ id: string }>(`insert into rounds (workspace_id, program_id, number, title, min_responses, min_sus, min_task_completion, status, opened_at) values ('${ws}', '${program}', ${n}, 'R${n}', 3, 68, 0.78, 'open', now()) returning id`)).id;
    const caseIn = async (roundId: string, texts: string[]) => {
      const id = (await one<{ id: string }>(`insert into business_cases (workspace_id, round_id, customer_id, current_version) values ('${ws}', '${roundId}', '${customer}', ${texts.length}) returning id`)).id;
      const versions: string[] = [];
      for (const [i, text] of texts.entries())
        versions.push((await one<{ id: string }>(`insert into business_case_versions (workspace_id, business_case_id, version, problem, value_claimed, price_terms, content_hash, created_by_id) values ('${ws}', '${id}', ${i + 1}, '${text}', 'v', 'p', 'h${text}', '${pm}') returning id`)).id);
      return versions;
    };
    const first = await round(1);
    const [r1v1, r1v2] = await caseIn(first, ["round 1 draft", "round 1 final"]);
    const request = (await one<{ id: string }>(`insert into signoff_requests (workspace_id, round_id, customer_id, contact_id, case_version_id, expires_at) values ('${ws}', '${first}', '${customer}', '${buyer}', '${r1v2}', now() + interval '1 day') returning id`)).id;
    const signoff = (await one<{ id: string }>(`insert into signoffs (workspace_id, request_id, round_id, customer_id, contact_id, case_version_id, decision, reference_consent, signature_name, signed_content_hash) values ('${ws}', '${request}', '${first}', '${customer}', '${buyer}', '${r1v2}', 'approve', true, 'Dana', 'h') returning id`)).id;
    const gate = { target: 6, passing: 1, customers: [{ customerId: customer, name: "Acme", valuable: { state: "approved", reason: "buyer approved the case (version 2)" }, usable: { state: "pass", reasons: [] } }] };
    await client.query(`update rounds set status = 'closed', outcome = 'iterate', closed_at = now(), close_note = 'n', gate_snapshot = $1 where id = '${first}'`, [JSON.stringify(gate)]);
    const second = await round(2);
    const [r2v1] = await caseIn(second, ["round 2 first"]);

    await migrate(db, { migrationsFolder: "db/migrations" });

    const cases = (await client.query<{ id: string; current_version: number }>(`select id, current_version from business_cases where customer_id = '${customer}'`)).rows;
    expect(cases).toHaveLength(1);
    expect(cases[0].current_version).toBe(3);
    const versions = (await client.query<{ id: string; version: number; problem: string; business_case_id: string }>("select id, version, problem, business_case_id from business_case_versions order by version")).rows;
    expect(versions.map((v) => [v.id, v.version, v.problem])).toEqual([
      [r1v1, 1, "round 1 draft"],
      [r1v2, 2, "round 1 final"],
      [r2v1, 3, "round 2 first"],
    ]);
    expect(new Set(versions.map((v) => v.business_case_id))).toEqual(new Set([cases[0].id]));
    // The decision still points at the text it signed.
    expect((await one<{ problem: string }>(`select v.problem from signoffs s join business_case_versions v on v.id = s.case_version_id where s.id = '${signoff}'`)).problem).toBe("round 1 final");
    const stored = (await one<{ gate_snapshot: typeof gate & { customers: { valuable: { signoffId?: string } }[] } }>(`select gate_snapshot from rounds where id = '${first}'`)).gate_snapshot;
    expect(stored.customers[0].valuable.signoffId).toBe(signoff);
    // Closed rounds are read-only again after the migration.
    await expect(client.query(`update rounds set title = 'changed' where id = '${first}'`)).rejects.toThrow(/closed and read-only/);
    await client.close();
  });
});
