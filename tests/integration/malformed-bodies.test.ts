import { sql } from "drizzle-orm";
import type { ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/modules/auth/session.server";
import { prepareBuild } from "~/entry.server";
import { newWorkspace, origin, PASSWORD } from "../support/factories";
import { leaves, loadRoute } from "../support/routes";
import { rowsOf, tableNames } from "../support/tables";

/**
 * Bodies that are not one of Charter's forms, sent to every page's action as server.mjs serves it
 * (through prepareBuild): 415 for a body that is not a form, 400 for one that cannot be read or
 * names a field no form has; the action never runs and no table changes. Numbers are read strictly,
 * and a refused form never carries a typed password back. (The same over real HTTP, with every
 * method: tests/e2e/edge.spec.ts.)
 */

type Handler = (args: unknown) => Promise<unknown>;

/** Every page's action, wrapped the way server.mjs serves it. */
let actions: { file: string; path: string; action: Handler }[];
let cookie: string;

/** A fingerprint of every table's content. */
async function everyTable() {
  const prints: Record<string, string> = {};
  for (const name of await tableNames()) {
    const [{ print }] = await rowsOf<{ print: string }>(sql.raw(`select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as print from "${name}" t`));
    prints[name] = print;
  }
  return prints;
}

beforeAll(async () => {
  const a = await newWorkspace();
  cookie = (await createSession({ id: a.admin.memberId, workspaceId: a.workspaceId }, origin)).split(";")[0];
  const routes: ServerBuild["routes"] = {};
  for (const leaf of leaves) {
    const file = leaf.files.at(-1)!;
    routes[file] = { id: file, path: leaf.path, module: (await loadRoute(file)) as never } as ServerBuild["routes"][string];
  }
  const served = prepareBuild({ routes } as unknown as ServerBuild);
  actions = leaves.flatMap((leaf) => {
    const file = leaf.files.at(-1)!;
    const module = served.routes[file].module as { action?: Handler; default?: unknown };
    return module.action && module.default ? [{ file, path: leaf.path, action: module.action }] : [];
  });
});

const deepName = `a${"[0]".repeat(5000)}`;
const SHAPES: { name: string; body?: BodyInit; type?: string; status: number; message: RegExp }[] = [
  { name: "no body and no content type", status: 415, message: /takes a form/ },
  { name: "JSON", body: JSON.stringify({ email: "a@b.example" }), type: "application/json", status: 415, message: /takes a form/ },
  { name: "text/plain", body: "email=a@b.example", type: "text/plain", status: 415, message: /takes a form/ },
  { name: "broken multipart", body: "--x\r\nContent-Disposition: form-data\r\n\r\nno end", type: "multipart/form-data; boundary=x", status: 400, message: /could not be read/ },
  { name: "a field name 5000 levels deep", body: `${encodeURIComponent(deepName)}=1`, type: "application/x-www-form-urlencoded", status: 400, message: /field this page does not have/ },
  { name: "a field name of 101 characters", body: `${"n".repeat(101)}=1`, type: "application/x-www-form-urlencoded", status: 400, message: /field this page does not have/ },
];

/** The action's answer: its status, and its text when it is a thrown Response. */
async function answer(action: Handler, request: Request, params: Record<string, string> = {}) {
  try {
    const result = (await action({ request, params, context: { clientIp: "127.0.0.1" } })) as { data?: unknown; init?: { status?: number } } | Response;
    if (result instanceof Response) return { status: result.status, text: await result.text(), data: null, location: result.headers.get("location") };
    return { status: result?.init?.status ?? 200, text: "", data: result?.data, location: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text(), data: null, location: thrown.headers.get("location") };
    throw thrown;
  }
}

describe("a body that is not a form", () => {
  it("is found on every page with an action", () => {
    expect(actions.map((a) => a.file)).toEqual(expect.arrayContaining(["routes/login.tsx", "routes/feedback.tsx", "routes/signoff.tsx", "routes/consent.tsx", "routes/round.tsx", "routes/program.tsx"]));
    // The webhook takes its own signed JSON and signing out takes no body: resource routes, not pages.
    expect(actions.map((a) => a.file)).not.toContain("routes/webhook-resend.ts");
  });

  it("gets 415 or 400 with a plain sentence from every page's action, which changes nothing", async () => {
    const before = await everyTable();
    for (const { file, path, action } of actions) {
      const url = `http://charter.test${path.replace(/:(\w+)/g, "00000000-0000-4000-8000-000000000000")}`;
      for (const shape of SHAPES) {
        for (const headers of [{}, { cookie }] as Record<string, string>[]) {
          const request = new Request(url, { method: "POST", body: shape.body, headers: { ...headers, ...(shape.type ? { "content-type": shape.type } : {}) } });
          const { status, text } = await answer(action, request);
          expect(status, `${file} with ${shape.name}`).toBe(shape.status);
          expect(text, `${file} with ${shape.name}`).toMatch(shape.message);
        }
      }
    }
    expect(await everyTable()).toEqual(before);
  });
});

describe("numbers in forms", () => {
  const program = { name: "Strict numbers", product: "Board", valueHypothesis: "Half the time." };
  const post = async (fields: [string, string][]) => {
    const { action } = actions.find((a) => a.file === "routes/program-new.tsx")!;
    const body = new URLSearchParams(fields);
    return answer(action, new Request("http://charter.test/programs/new", { method: "POST", body, headers: { cookie } }));
  };

  it("are read as plain decimals: hexadecimal, exponents, repeated and array-named fields are refused", async () => {
    const before = await everyTable();
    for (const fields of [
      [["targetReferenceable", "0x6"]],
      [["targetReferenceable", "6e0"]],
      [["targetReferenceable", "Infinity"]],
      [["targetReferenceable", "6"], ["targetReferenceable", "6"]],
      [["targetReferenceable[0]", "6"]],
    ] as [string, string][][]) {
      const { status, data } = await post([...Object.entries(program), ...fields]);
      expect(status, JSON.stringify(fields)).toBe(400);
      expect(JSON.stringify((data as { error?: unknown }).error), JSON.stringify(fields)).toContain("targetReferenceable");
    }
    expect(await everyTable()).toEqual(before);
    // The plain number is taken.
    expect((await post([...Object.entries(program), ["targetReferenceable", " 6 "]])).status).toBe(302);
  });
});

describe("a typed password", () => {
  it("is never sent back by a refused sign-in, set-up, invitation or password change", async () => {
    const typed = "Typed-secret-never-echoed-1";
    const refusals: [string, Record<string, string>][] = [
      ["routes/login.tsx", { email: "nobody@example.test", password: typed }],
      ["routes/setup.tsx", { workspaceName: "Team", name: "Ada", email: "not-an-email", password: typed }],
      ["routes/invitation.tsx", { name: "", password: typed }],
      ["routes/account.tsx", { currentPassword: typed, newPassword: `${typed}-new`, confirmPassword: `${typed}-other` }],
    ];
    for (const [file, fields] of refusals) {
      const { action, path } = actions.find((a) => a.file === file)!;
      const url = `http://charter.test${path.replace(":token", "0".repeat(43))}`;
      const { status, data } = await answer(action, new Request(url, { method: "POST", body: new URLSearchParams(fields), headers: { cookie } }), { token: "0".repeat(43) });
      expect(status, file).toBeGreaterThanOrEqual(400);
      const reply = JSON.stringify(data);
      expect(reply, `${file} says why`).toMatch(/error/);
      expect(reply, `${file} echoes no password`).not.toContain(typed);
      // What else was typed is kept, so the person need not type it again.
      if (file === "routes/setup.tsx") expect(reply).toContain("not-an-email");
    }
  });

  it("still signs in when right, and a redirectTo that would leave the site goes home instead", async () => {
    const a = await newWorkspace();
    const { action } = actions.find((x) => x.file === "routes/login.tsx")!;
    const signIn = (redirectTo: string) =>
      answer(action, new Request("http://charter.test/login", { method: "POST", body: new URLSearchParams({ email: a.adminEmail, password: PASSWORD, redirectTo }) }));
    expect(await signIn("/\t/evil.example")).toMatchObject({ status: 302, location: "/programs" });
    expect(await signIn("/members?tab=security")).toMatchObject({ status: 302, location: "/members?tab=security" });
  });
});
