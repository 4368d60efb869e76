import type { Page } from "@playwright/test";
import { createWorkspace, expect, expectFieldError, expectFitsPhone, expectNoAxeViolations, linkFromMailbox, PASSWORD, test, uniqueEmail } from "./fixtures";

// axe-core on every page of app/routes.ts and on their states (errors, dead links, decided,
// closed), on the demo program. The other specs check the pages they pass through as well.
// (The file sorts after charter.spec.ts, whose first test needs the database still empty.)
test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

const pmEmail = uniqueEmail("ada");
let programUrl = "";
let roundUrl = "";
let caseUrl = "";

/** Goes to `url`, checks the page is what we expect (by its h1), then runs axe on it. */
async function check(page: Page, url: string | null, heading: string | RegExp, status?: number) {
  if (url) {
    const response = await page.goto(url);
    if (status) expect(response?.status(), url).toBe(status);
  }
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expectNoAxeViolations(page);
}

test("signed-out pages, their errors and dead links", async ({ page }) => {
  await check(page, "/setup", /Welcome to Charter|Create a workspace/);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expectNoAxeViolations(page, "/setup with errors");

  await createWorkspace(page, { team: "Accessible Co", name: "Ada PM", email: pmEmail, demo: true });
  await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
  programUrl = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/); // signed out before the next navigation, which would abort it

  await check(page, "/login", "Sign in");
  await page.getByLabel("Email").fill(pmEmail);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
  await expectNoAxeViolations(page, "/login refused");

  await check(page, "/setup", "Create a workspace");
  await check(page, "/invitations/not-a-real-token", "This invitation link does not work", 404);
  await check(page, "/f/not-a-real-token", "This link does not work", 404);
  await check(page, "/s/not-a-real-token", "This link does not work", 404);
  await check(page, "/consent/not-a-real-token", "This link does not work", 404);
  await check(page, "/no/such/page", "Page not found", 404);
});

test("the workspace pages of a program, its customers and its settings", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(pmEmail);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await check(page, null, "Programs");
  await check(page, programUrl, "Dispatch Board charter program");
  await check(page, "/programs/new", "New program");
  await page.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByText("Name the product being tested.")).toBeVisible();
  await expectNoAxeViolations(page, "/programs/new with errors");
  await check(page, `${programUrl}/edit`, /Edit/);
  await check(page, `${programUrl}/customers/new`, /Enroll/);

  await page.goto(programUrl);
  await page.getByRole("region", { name: "Charter customers" }).getByRole("link", { name: "Harbor Mechanical" }).click();
  await check(page, null, /Harbor Mechanical/);
  const customerUrl = new URL(page.url()).pathname;
  await page.locator("form#add-contact").getByRole("button", { name: "Add contact" }).click();
  await expect(page.locator("form#add-contact").getByText("Enter a name.").or(page.locator("form#add-contact [aria-invalid=true]").first())).toBeVisible();
  await expectNoAxeViolations(page, "customer page with contact errors");
  await check(page, `${customerUrl}/edit`, /Harbor Mechanical/);
  await page.goto(customerUrl);
  await page.getByRole("link", { name: "Edit Dana Whitfield" }).click();
  await check(page, null, /Dana Whitfield/);
  await check(page, `${customerUrl}/dossier`, /not referenceable yet/);
  await check(page, `${programUrl}/audit`, /Audit log/);
  await check(page, "/members", "Members");
  await check(page, "/account", "Your account");
  await check(page, "/mailbox", "Mailbox");
});

test("a round from draft to closed, with the users' and the buyer's pages", async ({ page, browser }) => {
  // The longest walk of this file (the confirm step, users, buyer, close, each page checked with axe
  // and at 320 px): about two minutes on a quiet machine, so twice that here.
  test.setTimeout(240_000);
  await page.goto("/login");
  await page.getByLabel("Email").fill(pmEmail);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/programs$/);

  await check(page, `${programUrl}/rounds/new`, /round/i);
  await page.getByLabel("Title").fill("Scheduling board");
  await page.getByLabel("Prototype link").fill("https://prototype.example/v1");
  await page.getByRole("button", { name: "Create round" }).click();
  await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
  roundUrl = new URL(page.url()).pathname;
  await check(page, null, /Round 1: Scheduling board/);
  await page.getByRole("link", { name: "Review the invitation and open" }).click();
  await expect(page.getByRole("alert")).toContainText("no usability task");
  await expectNoAxeViolations(page, "a round that cannot open yet");
  await page.getByRole("link", { name: "Back to the round" }).click();
  await page.getByLabel("Task", { exact: true }).fill("Schedule a job");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("1. Schedule a job")).toBeVisible();
  await page.getByLabel("Task", { exact: true }).fill("Move a job");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("2. Move a job")).toBeVisible();
  await expectNoAxeViolations(page, "draft round with tasks");
  await check(page, `${roundUrl}/edit`, /Edit round/);
  await page.goto(roundUrl);
  await page.getByRole("link", { name: "Review the invitation and open" }).click();
  await expect(page.getByRole("heading", { name: /people will be emailed/ })).toBeVisible();
  await expectNoAxeViolations(page, "the confirm step before opening");
  await expectFitsPhone(page, "the confirm step before opening");
  await page.getByRole("button", { name: /^Open round and send \d+ invitations?$/ }).click();
  await expect(page.getByText(/Round opened/)).toBeVisible();
  await expectNoAxeViolations(page, "open round");

  // A user's feedback page: empty, refused, answered.
  const feedbackLink = await linkFromMailbox(page, "tom.becker@harbormech.example", "/f/");
  await check(page, null, /prototype/);
  const user = await (await browser.newContext()).newPage();
  await check(user, feedbackLink, "Fieldline Dispatch Board: round 1");
  await expectFitsPhone(user, "feedback form");
  await user.getByRole("button", { name: "Send my feedback" }).click();
  await expectFieldError(user, "Choose an answer for statement 1.");
  await expectNoAxeViolations(user, "feedback form with errors");
  for (const name of ["Task 1:", "Task 2:"]) await user.getByRole("group", { name: new RegExp(`^${name}`) }).getByLabel("I did it on my own").check();
  const statements = user.getByRole("group", { name: /^\d+\. I/ });
  for (let i = 0; i < 10; i++) await statements.nth(i).getByLabel(i % 2 ? "Disagree" : "Agree", { exact: true }).check();
  await user.getByRole("button", { name: "Send my feedback" }).click();
  await check(user, null, "Thank you — your feedback is recorded");
  await check(user, feedbackLink, "Fieldline Dispatch Board: round 1");
  await expect(user.getByText(/You answered on/)).toBeVisible();

  // The business case, the buyer's page and the certificate.
  await page.goto(roundUrl);
  await page.getByRole("link", { name: "Write the case for Harbor Mechanical" }).click();
  await page.waitForURL(/\/case$/);
  caseUrl = new URL(page.url()).pathname;
  await check(page, null, "Business case: Harbor Mechanical");
  await page.getByRole("button", { name: "Save the case" }).click();
  await expect(page.getByText("Describe the problem the customer has.")).toBeVisible();
  await expectNoAxeViolations(page, "business case with errors");
  await page.getByLabel("The problem").fill("Dispatch runs on a whiteboard.");
  await page.getByLabel("The value claimed").fill("Overtime down 15%.");
  await page.getByLabel("Proposed price or terms").fill("EUR 24,000 per year");
  await page.getByRole("button", { name: "Save the case" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  await page.getByRole("button", { name: "Send sign-off request" }).click();
  await expect(page.getByText("Sign-off request sent to the buyer.")).toBeVisible();
  await expectNoAxeViolations(page, "business case sent");
  const firstSignoffLink = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/s/");
  // A second version supersedes the first link.
  await page.goto(caseUrl);
  await page.getByLabel("The value claimed").fill("Overtime down 20%.");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText(/Saved as version 2/)).toBeVisible();
  await expectNoAxeViolations(page, "business case with an earlier version");
  const signoffLink = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/s/");

  const buyer = await (await browser.newContext()).newPage();
  await check(buyer, firstSignoffLink, "The business case has changed");
  await check(buyer, signoffLink, /is it worth buying\?/);
  await expectFitsPhone(buyer, "sign-off form");
  await buyer.getByRole("button", { name: "Confirm my decision" }).click();
  await expectFieldError(buyer, "Choose whether you approve or decline.");
  await expectNoAxeViolations(buyer, "sign-off form with errors");
  await buyer.getByLabel("Approve", { exact: true }).check();
  await buyer.getByLabel("The proposed price or terms").check();
  await buyer.getByLabel("Yes, for:").check();
  await buyer.getByLabel("Name and logo").check();
  await buyer.getByLabel("Sign by typing your full name").fill("Dana Whitfield");
  await buyer.getByRole("button", { name: "Confirm my decision" }).click();
  await check(buyer, null, "Your decision is recorded");
  await check(buyer, signoffLink, "Your decision is recorded");

  await page.goto(roundUrl);
  await expectNoAxeViolations(page, "open round with evidence");
  await page.getByText("Harbor Mechanical — 1 response").click();
  await expectNoAxeViolations(page, "open round with a response opened");
  await expectFitsPhone(page, "open round with a response opened");
  await page.goto("/mailbox");
  await expectFitsPhone(page, "mailbox");
  await page.goto(roundUrl);
  await page.getByRole("link", { name: "Certificate of Harbor Mechanical" }).click();
  await check(page, null, "Sign-off certificate");

  const consentLink = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/consent/");
  await check(page, null, /\w/);
  await check(buyer, consentLink, "Withdraw reference consent?");
  await buyer.getByRole("button", { name: "Withdraw my reference consent" }).click();
  await check(buyer, null, "Reference consent withdrawn");

  // Closing the round: the closed round, the program with its charts, and the links now dead.
  await page.goto(roundUrl);
  await page.getByRole("button", { name: "Close as iterate" }).click();
  await expect(page.getByText("Write what was learned and what changes next round.")).toBeVisible();
  await expectNoAxeViolations(page, "close refused without a note");
  await page.getByLabel("What was learned, and what changes next round").fill("Users need travel times.");
  await page.getByRole("button", { name: "Close as iterate" }).click();
  await expect(page.getByRole("heading", { name: "Gate: closed as iterate" })).toBeVisible();
  await expectNoAxeViolations(page, "closed round");
  await check(page, programUrl, "Dispatch Board charter program");
  await expect(page.getByRole("img", { name: /Trend over rounds/ })).toBeVisible();
  await page.getByText("Show as a table").click();
  await expectNoAxeViolations(page, "program dashboard with the trend table");
  await expectFitsPhone(page, "program dashboard with the trend table");
  await check(page, caseUrl, "Business case: Harbor Mechanical");
  await check(user, feedbackLink, "This round has closed", 404);
  await check(buyer, signoffLink, "Your decision is recorded");
});

test("invitations, a viewer's read-only pages and the 403 page", async ({ page, browser }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(pmEmail);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/programs$/);
  await page.goto("/members");
  const viewerEmail = uniqueEmail("val");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("[aria-invalid=true]").first()).toBeVisible();
  await expectNoAxeViolations(page, "/members with errors");
  await page.getByLabel("Name", { exact: true }).fill("Val Viewer");
  await page.getByLabel("Email", { exact: true }).fill(viewerEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${viewerEmail}`)).toBeVisible();
  await expectNoAxeViolations(page, "/members with a pending invitation");
  const link = await linkFromMailbox(page, viewerEmail, "/invitations/");

  const viewer = await (await browser.newContext()).newPage();
  await check(viewer, link, "Join Accessible Co on Charter");
  await expect(viewer.getByText("Ada PM invited you as")).toBeVisible();
  await viewer.getByLabel("Choose a password").fill(PASSWORD);
  await viewer.getByRole("button", { name: "Join workspace" }).click();
  await expect(viewer.getByText("You have read-only access to this workspace.")).toBeVisible();
  await expectNoAxeViolations(viewer, "viewer's programs");
  await check(viewer, programUrl, "Dispatch Board charter program");
  await check(viewer, roundUrl, /Round 1: Scheduling board/);
  await check(viewer, caseUrl, "Business case: Harbor Mechanical");
  await check(viewer, "/members", "Members");
  await check(viewer, `${programUrl}/edit`, "Not allowed", 403);
});

test("the demo's history: dashboard, a closed and the open round, a customer, a certificate and a dossier", async ({ page }) => {
  await createWorkspace(page, { team: "Demo History Co", name: "Hugo PM", email: uniqueEmail("hugo"), demo: "history" });
  await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
  const demoProgramUrl = new URL(page.url()).pathname;
  const pages: [label: string, heading: string | RegExp][] = [];
  const visit = async (label: string, heading: string | RegExp) => {
    await check(page, null, heading);
    await expectFitsPhone(page, label);
    pages.push([label, heading]);
  };

  await visit("demo dashboard", "Dispatch Board charter program");
  await expect(page.getByText("3 of 6 referenceable").first()).toBeVisible();
  await page.getByRole("link", { name: /Round 2: Crews and simpler filters/ }).click();
  await visit("closed round 2", /Round 2: Crews and simpler filters/);
  await page.getByRole("link", { name: "Certificate of Harbor Mechanical" }).click();
  await visit("certificate", "Sign-off certificate");

  await page.goto(demoProgramUrl);
  await page.getByRole("link", { name: /Round 3: Time windows/ }).click();
  await visit("open round 3", /Round 3: Time windows/);

  await page.goto(demoProgramUrl);
  await page.getByRole("link", { name: "Reference dossier of Harbor Mechanical" }).click();
  await visit("dossier", "Reference dossier: Harbor Mechanical");

  await page.goto(demoProgramUrl);
  await page.getByRole("link", { name: "Cascade Pest Control", exact: true }).first().click();
  await visit("customer with withdrawn consent", /Cascade Pest Control/);

  await page.goto("/programs");
  await visit("workspace home", "Programs");
  expect(pages).toHaveLength(7);
});
