import { createWorkspace, expect, PASSWORD, signIn, test, uniqueEmail } from "./fixtures";

// The HTTP edge: headers, cross-site writes, body size, rate limits, the honeypot. Runs against
// its own server (see playwright.config.ts) because it exhausts the sign-in limit.
test.describe.configure({ mode: "serial" });

const email = uniqueEmail("sec");

test("pages carry an enforced CSP with a per-request nonce and the usual hardening headers", async ({ page, request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const csp = first.headers()["content-security-policy"];
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  const scriptSrc = csp.split(";").find((d) => d.startsWith("script-src"))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  expect(first.headers()).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "same-origin", "x-frame-options": "SAMEORIGIN" });
  expect(first.headers()["x-powered-by"]).toBeUndefined();

  // The app still runs under it: onboarding works with scripts enabled.
  await createWorkspace(page, { team: "Secure Co", name: "Sec Admin", email });
});

test("a cross-site post is refused with 403 and changes nothing", async ({ request }) => {
  const forged = await request.post("/setup", {
    form: { workspaceName: "Forged", name: "Eve", email: uniqueEmail("eve"), password: "a long enough password" },
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain("another site");
  const fetchSite = await request.post("/login", { form: { email, password: PASSWORD }, headers: { "sec-fetch-site": "cross-site" }, maxRedirects: 0 });
  expect(fetchSite.status()).toBe(403);
  // Same-origin posts pass the edge (and are judged by the app).
  const same = await request.post("/login", { form: { email, password: PASSWORD }, headers: { origin: test.info().project.use.baseURL! }, maxRedirects: 0 });
  expect(same.status()).toBeLessThan(400);
});

test("an oversize body gets 413 and the honeypot refuses bots; neither writes anything", async ({ request, page }) => {
  const big = await request.post("/setup", { data: "a=".padEnd(300 * 1024, "x"), headers: { "content-type": "application/x-www-form-urlencoded" }, maxRedirects: 0 });
  expect(big.status()).toBe(413);
  const botEmail = uniqueEmail("bot");
  const bot = await request.post("/setup", { form: { workspaceName: "Bot", name: "Bot", email: botEmail, password: "a long enough password", homepage: "http://spam.example" }, maxRedirects: 0 });
  expect(bot.status()).toBe(400);
  // Neither created an account: signing in as the bot fails.
  await page.goto("/login");
  await page.getByLabel("Email").fill(botEmail);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
});

test("an admin sees sign-ins and refused pages among the workspace's security events", async ({ page }) => {
  await signIn(page, email);
  const missing = "/programs/00000000-0000-4000-8000-000000000000";
  expect((await page.goto(missing))!.status()).toBe(404);
  await page.goto("/members");
  const events = page.getByRole("region", { name: "Security events" });
  await expect(events.getByRole("row").filter({ hasText: "Refused: not found in this workspace" }).filter({ hasText: `GET ${missing}` })).toBeVisible();
  await expect(events.getByRole("row").filter({ hasText: "Signed in" }).first()).toBeVisible();
});

test("failed sign-ins are limited per client address, and a forged X-Forwarded-For does not help", async ({ request }) => {
  const attempt = (forwardedFor?: string) =>
    request.post("/login", { form: { email, password: "wrong password!!" }, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {}, maxRedirects: 0 });
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await attempt(`203.0.113.${i}`)).status());
  // One failed attempt was spent by the previous test; 10 are allowed per 15 minutes.
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  const limited = await attempt();
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await limited.text()).toContain("Too many requests");
  // While limited, even the right password waits.
  expect((await request.post("/login", { form: { email, password: PASSWORD }, maxRedirects: 0 })).status()).toBe(429);
});

test("one account's wrong passwords do not lock another account out from the same address", async ({ request }) => {
  // The previous test left `email` limited from this address; a colleague signs up and in from it.
  const colleague = uniqueEmail("colleague");
  const setup = await request.post("/setup", { form: { workspaceName: "Colleague Co", name: "Col League", email: colleague, password: PASSWORD }, maxRedirects: 0 });
  expect(setup.status()).toBe(302);
  expect((await request.post("/login", { form: { email, password: PASSWORD }, maxRedirects: 0 })).status()).toBe(429);
  const signedIn = await request.post("/login", { form: { email: colleague, password: PASSWORD }, maxRedirects: 0 });
  expect(signedIn.status()).toBe(302);
  // The same account typed differently is the same account.
  expect((await request.post("/login", { form: { email: `  ${email.toUpperCase()}`, password: PASSWORD }, maxRedirects: 0 })).status()).toBe(429);
});

test("one link's abuse slows that link only: other links from the same address still open", async ({ request }) => {
  test.setTimeout(180_000);
  const link = (n: number) => `/f/${"abuse".padEnd(40, String(n))}`;
  const statuses: number[] = [];
  for (let i = 0; i < 101; i++) statuses.push((await request.get(link(1), { maxRedirects: 0 })).status());
  expect(statuses.slice(0, 100).every((s) => s === 404)).toBe(true);
  expect(statuses[100]).toBe(429);
  const limited = await request.get(link(1));
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  // Another buyer behind the same office address, with a link of their own, is not held up.
  expect((await request.get(link(2))).status()).toBe(404);
  expect((await request.post(link(3), { form: { intent: "submit" }, maxRedirects: 0 })).status()).not.toBe(429);
});

test("workspace sign-ups are limited per address: 20 an hour by default, then 429 with Retry-After", async ({ request }) => {
  // Runs last: it spends this server's sign-ups. Refused forms count too (the limit is on attempts).
  const statuses: number[] = [];
  let limited: Awaited<ReturnType<typeof request.post>> | undefined;
  for (let i = 0; i < 25 && !limited; i++) {
    const response = await request.post("/setup", { form: { workspaceName: "", name: "", email: "", password: "" }, maxRedirects: 0 });
    statuses.push(response.status());
    if (response.status() === 429) limited = response;
  }
  expect(limited, `statuses ${statuses.join(",")}`).toBeDefined();
  expect(limited!.headers()["ratelimit-policy"]).toMatch(/^20;w=3600/);
  expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await limited!.text()).toContain("Too many requests");
  expect(statuses.filter((s) => s === 429)).toHaveLength(1);
});
