import { readFile } from "node:fs/promises";
import type { Download, Page } from "@playwright/test";
import { pdfText } from "../support/pdf-text";
import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, linkFromMailbox, signIn, test, uniqueEmail } from "./fixtures";

// The documents a PM takes out of Charter: the certificate as a PDF and on paper, the audit log and
// a round's responses as CSV, and the exports pulled by a BI tool with an API token.
test.describe.configure({ mode: "serial" });

const pmEmail = uniqueEmail("doc");
let roundUrl = "";
let certificateUrl = "";
let programUrl = "";
let apiToken = "";

const downloaded = async (download: Download) => new Uint8Array(await readFile((await download.path())!));

async function download(page: Page, link: RegExp | string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: link }).click()]);
  return { name: file.suggestedFilename(), bytes: await downloaded(file) };
}

test("a buyer signs off with a name outside Latin-1, and the PM downloads the certificate as a PDF", async ({ page, browser }) => {
  await createWorkspace(page, { team: "Fieldline", name: "Sam PM", email: pmEmail, demo: true });
  programUrl = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Plan the first round" }).click();
  await page.getByLabel("Title").fill("Scheduling board");
  await page.getByRole("button", { name: "Create round" }).click();
  await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
  roundUrl = new URL(page.url()).pathname;
  await page.getByLabel("Task", { exact: true }).fill("Schedule a job");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("1. Schedule a job")).toBeVisible();
  // The confirm step: how many people are emailed, and the invitation as it will arrive.
  await page.getByRole("link", { name: "Review the invitation and open" }).click();
  await page.getByRole("button", { name: /^Open round and send \d+ invitations?$/ }).click();
  await expect(page.getByText(/Round opened/)).toBeVisible();
  await page.getByRole("link", { name: "Write the case for Harbor Mechanical" }).click();
  await page.waitForURL(/\/case$/);
  await page.getByLabel("The problem").fill("Dispatch in Łódź runs on a whiteboard ✍️; overtime is 18% of payroll.");
  await page.getByLabel("The value claimed").fill("Overtime down 15%: about EUR 90,000 a year.");
  await page.getByLabel("Proposed price or terms").fill("EUR 24,000 per year");
  await page.getByRole("button", { name: "Save the case" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  await page.getByRole("button", { name: "Send sign-off request" }).click();
  await expect(page.getByText("Sign-off request sent to the buyer.")).toBeVisible();

  const buyerLink = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/s/");
  const buyer = await (await browser.newContext()).newPage();
  await buyer.goto(buyerLink);
  await buyer.getByLabel("Approve", { exact: true }).check();
  await buyer.getByLabel("The proposed price or terms").check();
  await buyer.getByLabel("Yes, for:").check();
  await buyer.getByLabel("Name and logo").check();
  await buyer.getByLabel("Sign by typing your full name").fill("Dana Ødegård-Whitfield 🚀");
  await buyer.getByRole("button", { name: "Confirm my decision" }).click();
  await expect(buyer.getByRole("heading", { name: "Your decision is recorded" })).toBeVisible();

  await page.goto(roundUrl);
  await page.getByRole("region", { name: /Valuable test/ }).getByRole("row", { name: /Harbor Mechanical/ }).getByRole("link", { name: "Certificate of Harbor Mechanical" }).click();
  await expect(page.getByRole("heading", { name: "Sign-off certificate" })).toBeVisible();
  certificateUrl = new URL(page.url()).pathname;
  const pdf = await download(page, "Download PDF");
  expect(pdf.name).toBe("certificate-harbor-mechanical-round-1.pdf");
  const text = await pdfText(pdf.bytes);
  const flat = text.replace(/\s+/g, " ");
  expect(text).toContain("Sign-off certificate");
  expect(text).toContain("Harbor Mechanical");
  expect(text).toContain("Dana Whitfield, VP Operations <dana.whitfield@harbormech.example>");
  expect(flat).toContain("Signed as Dana Ødegård-Whitfield ?");
  expect(flat).toContain("Dispatch in Lódz runs on a whiteboard ?; overtime is 18% of payroll.");
  expect(flat).toMatch(/IP address 127\.0\.0\.1/);
  expect(flat).toMatch(/Browser Mozilla\/5\.0 .*Chrome/);
  expect(flat).toMatch(/SHA-256 of the text [0-9a-f]{64}/);
  expect(flat).toMatch(/Request sent .*Link first opened .*Approved/);
  expect(flat).toContain("Some characters (letters outside Western European alphabets, or emoji) cannot be drawn");
});

test("printing the certificate leaves out the navigation; the page passes axe and fits 320 px", async ({ page }) => {
  await signIn(page, pmEmail);
  await page.goto(certificateUrl);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  await expectNoAxeViolations(page, "certificate");
  await expectFitsPhone(page, "certificate");
  await page.emulateMedia({ media: "print" });
  await expect(nav).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Download PDF" })).toBeHidden();
  await expect(page.getByRole("heading", { name: "Sign-off certificate" })).toBeVisible();
  await expect(page.getByText("Dana Whitfield, VP Operations <dana.whitfield@harbormech.example>")).toBeVisible();
  await page.emulateMedia({ media: "screen" });
  await expect(nav).toBeVisible();
});

test("the audit log pages and downloads its filtered view; the round's responses download as CSV", async ({ page }) => {
  await signIn(page, pmEmail);
  await page.goto(`${programUrl}/audit`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expectNoAxeViolations(page, "audit log");
  await expectFitsPhone(page, "audit log");
  await page.getByLabel("Event", { exact: true }).selectOption({ label: "Buyer approved" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("region", { name: "Audit events" }).getByRole("row")).toHaveCount(2);
  const audit = await download(page, "Download these events (CSV)");
  const lines = new TextDecoder().decode(audit.bytes).trimEnd().split("\r\n");
  expect(lines[0]).toBe("event_id,at,action,event,actor_type,actor,customer,round,ip,user_agent,details");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(",signoff.approved,Buyer approved,buyer,Dana Whitfield (buyer),Harbor Mechanical,1,127.0.0.1,");

  await page.goto(roundUrl);
  const responses = await download(page, /Responses as CSV/);
  expect(responses.name).toBe("round-1-responses.csv");
  expect(new TextDecoder().decode(responses.bytes).split("\r\n")[0]).toMatch(/^round,customer,user_name,user_email,.*task_1_outcome,task_1_comment,sus_1,.*sus_10,sus_score,confusing,missing$/);
});

test("an admin creates an API token, shown once; a BI tool reads the exports with it, and nothing else", async ({ page, playwright }) => {
  await signIn(page, pmEmail);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await expect(page.getByText("No API tokens yet")).toBeVisible();
  await expectNoAxeViolations(page, "API tokens, none yet");
  await expectFitsPhone(page, "API tokens, none yet");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Name the token after what will use it")).toBeVisible();
  await page.getByLabel("Name").fill("Finance BI");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByText("Copy it now: it is shown only this once.")).toBeVisible();
  apiToken = await page.getByLabel("New token").inputValue();
  expect(apiToken).toMatch(/^chr_[A-Za-z0-9_-]{43}$/);
  await expectNoAxeViolations(page, "API tokens, one created");
  await expectFitsPhone(page, "API tokens, one created");
  // Shown once: the list has its prefix only.
  await page.reload();
  await expect(page.getByText(`${apiToken.slice(0, 10)}…`)).toBeVisible();
  await expect(page.getByText(apiToken)).toHaveCount(0);

  const bi = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  const auth = { Authorization: `Bearer ${apiToken}` };
  const csv = await bi.get(`${programUrl}/readiness.csv`, { headers: auth });
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toMatch(/^customer_id,customer,status,referenceable/);
  const json = await bi.get(`${programUrl}/evidence.json`, { headers: auth });
  expect((await json.json()).format).toBe("charter.program-evidence.v1");
  // Not a page, not a form.
  const pageAnswer = await bi.get(programUrl, { headers: auth, maxRedirects: 0 });
  expect(pageAnswer.status()).toBe(302);
  expect(pageAnswer.headers().location).toMatch(/^\/login/);
  const post = await bi.post(`${programUrl}/readiness.csv`, { headers: { ...auth, Origin: new URL(page.url()).origin }, form: { a: "b" }, maxRedirects: 0 });
  expect(post.status()).toBe(405);
  expect((await bi.get(`${programUrl}/readiness.csv`, { headers: { Authorization: "Bearer chr_not-a-real-token" } })).status()).toBe(401);

  // Revoked, it stops at once.
  await page.getByRole("button", { name: "Revoke Finance BI" }).click();
  await expect(page.getByText(/Revoked/)).toBeVisible();
  expect((await bi.get(`${programUrl}/readiness.csv`, { headers: auth })).status()).toBe(401);
  await bi.dispose();
});

test("wrong tokens are limited like failed sign-ins: after ten, 429 with Retry-After", async ({ page, playwright }) => {
  await signIn(page, pmEmail);
  const bi = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
  // The previous test's refusals (a wrong token, a revoked one, a post) already count against this address.
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await bi.get(`${programUrl}/readiness.csv`, { headers: { Authorization: `Bearer chr_guess${i}` } })).status());
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
  const limited = await bi.get(`${programUrl}/readiness.csv`, { headers: { Authorization: "Bearer chr_guess" } });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  // A member's browser, without a token, is not held up by it.
  const csv = await page.request.get(`${programUrl}/readiness.csv`);
  expect(csv.status()).toBe(200);
  await bi.dispose();
});
