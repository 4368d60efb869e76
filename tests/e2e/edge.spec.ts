import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { leaves } from "../support/route-leaves";
import { createWorkspace, expect, linkFromMailbox, PASSWORD, test, uniqueEmail } from "./fixtures";

/**
 * The HTTP edge from outside, on the real server (server.mjs, Express, the production build): every
 * route of app/routes.ts × every method × every body shape, anonymous and signed in, answers below
 * 500; other methods get 405 with Allow; a body that is not a form gets 415, one that cannot be a
 * form of ours 400. Pages send Cache-Control: no-store, and a refused form never sends a typed
 * password back. The server is this spec's own, with rate limits scaled up: the matrix sends over a
 * thousand requests, which the real limits would (rightly) answer 429.
 */
test.describe.configure({ mode: "serial" });

const port = Number(process.env.E2E_PORT ?? 3210) + 8;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = `.tmp/e2e-data-${port}`;
test.use({ baseURL });

let app: ChildProcess;
let output = "";

test.beforeAll(async () => {
  // Starting (restoring the embedded database's template) takes a while on a loaded machine.
  test.setTimeout(180_000);
  rmSync(dataDir, { recursive: true, force: true });
  app = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "test", APP_URL: baseURL, DATA_DIR: dataDir, DATABASE_URL: "", RATE_LIMIT_SCALE: "1000" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout!.on("data", (chunk) => (output += chunk));
  app.stderr!.on("data", (chunk) => (output += chunk));
  await expect.poll(async () => (await fetch(`${baseURL}/healthz`).catch(() => null))?.status ?? 0, { timeout: 170_000, message: "the app did not start" }).toBe(200);
});

test.afterAll(async () => {
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((resolve) => app.once("exit", resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const pmEmail = uniqueEmail("edge");
/** Values for the routes' parameters: the PM's real ids and live links, zero ids for the rest. */
const values: Record<string, string> = {};
let cookie = "";

test("set-up: a program with an open round, a sign-off request and an invitation", async ({ page }) => {
  test.setTimeout(180_000);
  await createWorkspace(page, { team: "Edge Co", name: "Eddie Edge", email: pmEmail, demo: true });
  values.programId = /\/programs\/([0-9a-f-]{36})/.exec(page.url())![1];
  await page.getByRole("link", { name: "Plan the first round" }).click();
  await page.getByLabel("Title").fill("Edge round");
  await page.getByRole("button", { name: "Create round" }).click();
  await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
  values.roundId = /\/rounds\/([0-9a-f-]{36})/.exec(page.url())![1];
  await page.getByLabel("Task", { exact: true }).fill("Schedule a job");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("1. Schedule a job")).toBeVisible();
  await page.getByRole("link", { name: "Review the invitation and open" }).click();
  await page.getByRole("button", { name: /^Open round and send \d+ invitations?$/ }).click();
  await expect(page.getByText(/Round opened/)).toBeVisible();
  // Loaded, not followed: a click during the round page's revalidation races it.
  const caseUrl = (await page.getByRole("link", { name: "Write the case for Harbor Mechanical" }).getAttribute("href"))!;
  values.customerId = /\/customers\/([0-9a-f-]{36})/.exec(caseUrl)![1];
  await page.goto(caseUrl);
  await page.getByLabel("The problem").fill("Dispatch runs on a whiteboard.");
  await page.getByLabel("The value claimed").fill("Overtime down 15%.");
  await page.getByLabel("Proposed price or terms").fill("EUR 24,000 per year");
  await page.getByRole("button", { name: "Save the case" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  await page.getByRole("button", { name: "Send sign-off request" }).click();
  await expect(page.getByText("Sign-off request sent to the buyer.")).toBeVisible();
  await page.goto("/members");
  const invitee = uniqueEmail("invitee");
  await page.getByLabel("Name", { exact: true }).fill("Ivy Invitee");
  await page.getByLabel("Email", { exact: true }).fill(invitee);
  await page.getByLabel("Role", { exact: true }).selectOption("pm");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}`)).toBeVisible();

  const tokenOf = (link: string) => link.split("/").at(-1)!;
  values.feedback = tokenOf(await linkFromMailbox(page, "tom.becker@harbormech.example", "/f/"));
  values.signoff = tokenOf(await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/s/"));
  values.invitation = tokenOf(await linkFromMailbox(page, invitee, "/invitations/"));
  const session = (await page.context().cookies()).find((c) => c.name.includes("session"))!;
  cookie = `${session.name}=${session.value}`;
});

/** A route's URL with its parameters filled: links get their live token, ids the PM's own. */
function urlOf(path: string) {
  const token = (kind: string) => ({ f: values.feedback, s: values.signoff, invitations: values.invitation })[kind] ?? "0000000000000000000000000000000000000000000";
  return path.replace(/^\/(\w+)\/:token/, (_, kind: string) => `/${kind}/${token(kind)}`).replace(/:(\w+)/g, (_, name: string) => values[name] ?? "00000000-0000-4000-8000-000000000000");
}

const FORM = "application/x-www-form-urlencoded";
const deepName = `a${"[0]".repeat(5000)}`;
/** Bodies a form post may arrive with, other than the one its page sends. */
const BODY_SHAPES: { name: string; body?: string; type?: string; expect?: number[] }[] = [
  { name: "no body, no content type", expect: [415] },
  { name: "an empty form", body: "", type: FORM },
  { name: "only some fields", body: "email=a%40b.example&sus1=4&decision=approve&name=", type: FORM },
  { name: "JSON", body: JSON.stringify({ email: "a@b.example", password: "x" }), type: "application/json", expect: [415] },
  { name: "text/plain", body: "email=a@b.example\r\npassword=x", type: "text/plain", expect: [415] },
  { name: "broken multipart", body: "--x\r\nContent-Disposition: form-data\r\n\r\nno name, no end", type: "multipart/form-data; boundary=x", expect: [400] },
  { name: "a name nested 5000 levels deep", body: `${encodeURIComponent(deepName)}=1`, type: FORM, expect: [400] },
  { name: "hexadecimal, repeated and array-named numbers", body: "sus1=0x4&sus2=4&sus2=4&sus3[0]=4&targetReferenceable=0x6&minResponses[0]=3&wtpAmount=1e3", type: FORM },
  { name: "a NUL in a value", body: "email=a%00b&name=%00&intent=%00", type: FORM },
];
const OTHER_METHODS = ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];

/** Signing out ends the session the matrix uses: it goes last. */
const routes = [...leaves].sort((a, b) => Number(a.path === "/logout") - Number(b.path === "/logout"));

/**
 * The matrix signs out (POST /logout) at its end: the tests after it sign in again, outside the
 * request fixture, whose cookie jar would otherwise sign in its anonymous requests too.
 */
async function signInAgain() {
  const response = await fetch(`${baseURL}/login`, { method: "POST", body: new URLSearchParams({ email: pmEmail, password: PASSWORD }), redirect: "manual" });
  expect(response.status).toBe(302);
  cookie = response.headers.getSetCookie()[0].split(";")[0];
}

async function send(request: APIRequestContext, method: string, url: string, init: { body?: string; type?: string; signedIn: boolean }) {
  const headers: Record<string, string> = {};
  if (init.type !== undefined) headers["content-type"] = init.type;
  if (init.signedIn) headers.cookie = cookie;
  return request.fetch(url, { method, headers, data: init.body, maxRedirects: 0, failOnStatusCode: false });
}

test("every route × method × body shape answers below 500, anonymous or signed in", async ({ request }) => {
  test.setTimeout(600_000);
  const failures: string[] = [];
  const check = (label: string, response: APIResponse, expected?: number[]) => {
    const status = response.status();
    if (status >= 500) failures.push(`${label}: ${status}`);
    else if (expected && !expected.includes(status)) failures.push(`${label}: ${status}, expected ${expected.join(" or ")}`);
  };
  let requests = 0;
  for (const signedIn of [false, true]) {
    for (const leaf of routes) {
      const url = urlOf(leaf.path);
      const who = signedIn ? "signed in" : "anonymous";
      for (const method of ["GET", "HEAD"]) {
        check(`${method} ${leaf.path} (${who})`, await send(request, method, url, { signedIn }), undefined);
        requests++;
      }
      for (const method of OTHER_METHODS) {
        const response = await send(request, method, url, { body: "a=1", type: FORM, signedIn });
        check(`${method} ${leaf.path} (${who})`, response, [405]);
        if (response.status() === 405) expect(response.headers().allow, `${method} ${leaf.path}`).toBe("GET, HEAD, POST");
        requests++;
      }
      // The webhook takes a signed JSON body of its own (tests/integration/webhook.test.ts); signing out takes none.
      const formRoute = !["/webhooks/resend", "/logout"].includes(leaf.path);
      for (const shape of BODY_SHAPES) {
        const response = await send(request, "POST", url, { body: shape.body, type: shape.type, signedIn });
        check(`POST ${leaf.path} with ${shape.name} (${who})`, response, formRoute ? shape.expect && [...shape.expect, 405] : undefined);
        requests++;
      }
    }
  }
  expect(failures, `the server said:\n${output.slice(-4000)}`).toEqual([]);
  expect(requests).toBe(routes.length * 2 * (2 + OTHER_METHODS.length + BODY_SHAPES.length));
  expect(output, "no error was logged").not.toMatch(/Error|\n\s+at /);
});

test("the public forms refuse a malformed body with a plain 4xx page, and nothing is recorded", async ({ request, page }) => {
  for (const path of ["/login", "/setup", `/f/${values.feedback}`, `/s/${values.signoff}`, `/invitations/${values.invitation}`]) {
    const json = await request.post(path, { data: { decision: "approve" }, maxRedirects: 0 });
    expect(json.status(), `JSON to ${path}`).toBe(415);
    expect(await json.text()).toContain("This address takes a form sent from its page");
    const deep = await request.post(path, { headers: { "content-type": FORM }, data: `${encodeURIComponent(deepName)}=1`, maxRedirects: 0 });
    expect(deep.status(), `deep name to ${path}`).toBe(400);
    expect(await deep.text()).toContain("The form has a field this page does not have");
    const partial = await request.post(path, { form: { sus1: "0x4", decision: "approve" }, maxRedirects: 0 });
    expect(partial.status(), `partial form to ${path}`).toBe(400);
  }
  // The links still work: nothing was recorded by any of it.
  await page.goto(`/f/${values.feedback}`);
  await expect(page.getByRole("button", { name: "Send my feedback" })).toBeVisible();
  await page.goto(`/s/${values.signoff}`);
  await expect(page.getByRole("button", { name: "Confirm my decision" })).toBeVisible();
});

test("a link whose token holds a NUL is refused like any dead link", async ({ request }) => {
  const buyerForm = { decision: "approve", willingnessToPay: "as_proposed", referenceConsent: "no", signatureName: "Dana Whitfield" };
  for (const kind of ["f", "s", "consent", "invitations"]) {
    const url = `/${kind}/abc%00def`;
    expect((await request.get(url)).status(), `GET ${url}`).toBe(404);
    const posted = await request.post(url, { form: kind === "s" ? buyerForm : { name: "Nul Person", password: PASSWORD }, maxRedirects: 0 });
    expect(posted.status(), `POST ${url}`).toBeLessThan(500);
    if (posted.status() === 302) {
      expect(posted.headers().location).toBe(`/${kind}/abc%00def`);
      expect((await request.get(posted.headers().location)).status()).toBe(404);
    } else expect(posted.status(), `POST ${url}`).toBe(404);
  }
});

test("a refused sign-in, set-up, invitation or password change never sends the typed password back", async ({ request }) => {
  await signInAgain();
  const typed = (label: string) => `Typed-${label}-${Date.now().toString(36)}-pw`;
  const refused: { path: string; form: Record<string, string>; signedIn?: boolean }[] = [
    { path: "/login", form: { email: pmEmail, password: typed("login") } },
    { path: "/setup", form: { workspaceName: "Edge Two", name: "Ed", email: "not-an-email", password: typed("setup") } },
    { path: `/invitations/${values.invitation}`, form: { name: "", password: typed("invitation") } },
    { path: "/account", form: { currentPassword: typed("current"), newPassword: typed("new"), confirmPassword: typed("confirm") }, signedIn: true },
  ];
  for (const { path, form, signedIn } of refused) {
    const headers = signedIn ? { cookie } : undefined;
    // As a page (the HTML and its hydration data) and as a data request (a form posted by the hydrated page).
    for (const url of [path, `${path}.data`]) {
      const response = await request.post(url, { form, headers, maxRedirects: 0 });
      expect(response.status(), `POST ${url}`).toBe(400);
      const body = await response.text();
      expect(body, `the refusal of ${url} says why`).toMatch(/do not match|valid email|Enter your name|passwords differ/);
      for (const [name, value] of Object.entries(form)) if (/password/i.test(name)) expect(body, `${name} echoed by ${url}`).not.toContain(value);
    }
  }
});

test("every page with personal or token-bearing content sends Cache-Control: no-store", async ({ request }) => {
  await signInAgain();
  let checked = 0;
  const pages = routes.filter((leaf) => !["/favicon.ico", "/logout", "/webhooks/resend", "/"].includes(leaf.path)).map((leaf) => urlOf(leaf.path));
  expect(pages).toEqual(expect.arrayContaining([`/f/${values.feedback}`, `/s/${values.signoff}`, "/mailbox", `/programs/${values.programId}`]));
  for (const url of pages) {
    for (const signedIn of [true, false]) {
      const response = await send(request, "GET", url, { signedIn });
      if (response.status() >= 300 && response.status() < 400) continue; // a redirect (to sign in) has no content
      expect(response.headers()["cache-control"], `GET ${url} (${response.status()})`).toContain("no-store");
      checked++;
      if (url.includes(".")) continue; // the CSV and JSON exports are files, not pages with data
      const data = await send(request, "GET", `${url.replace(/\/$/, "")}.data`, { signedIn });
      if (data.status() < 300 || data.status() >= 400) expect(data.headers()["cache-control"], `GET ${url}.data (${data.status()})`).toContain("no-store");
    }
  }
  // Every page was read signed in (the workspace's pages), and the public ones anonymously too.
  expect(checked).toBeGreaterThan(pages.length + 4);
});
