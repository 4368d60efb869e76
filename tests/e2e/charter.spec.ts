import type { Page } from "@playwright/test";
import { createWorkspace, expect, expectNoAxeViolations, linkFromMailbox, PASSWORD, signIn, test, uniqueEmail } from "./fixtures";

// One story, in order, on a fresh database: the first visitor onboards, a PM builds a program
// of charter customers, a viewer looks, and another workspace cannot see any of it.
test.describe.configure({ mode: "serial" });

const adminEmail = uniqueEmail("pat");
let programUrl = "";
let customerUrl = "";
let contactUrl = "";
let viewerEmail = "";

async function enroll(page: Page, name: string, segment = "") {
  await page.goto(`${programUrl}/customers/new`);
  await page.getByLabel("Organisation").fill(name);
  if (segment) await page.getByLabel("Segment").fill(segment);
  await page.getByRole("button", { name: "Enroll customer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
}

async function addContact(page: Page, name: string, email: string, roles: string[]) {
  const form = page.locator("form#add-contact");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill(email);
  for (const role of roles) await form.getByLabel(role, { exact: true }).check();
  await form.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByText(email)).toBeVisible();
}

test("the first visitor of an empty database is sent to onboarding, which validates each field", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Charter" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Team or company name").fill("Fieldline");
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("Team or company name")).toHaveValue("Fieldline");
  await expect(page.getByLabel("Your name")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, "/setup with errors");

  // Nothing was written: the site still asks for onboarding.
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
});

test("onboarding creates the workspace and its admin; sign out and sign in work", async ({ page }) => {
  await createWorkspace(page, { team: "Fieldline", name: "Pat Product", email: adminEmail });
  await expect(page).toHaveURL(/\/programs$/);
  await expect(page.getByRole("heading", { name: "No programs yet" })).toBeVisible();
  await expectNoAxeViolations(page, "/programs empty");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/programs");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprograms$/);

  await signIn(page, adminEmail, "wrong password!!", { expectRefusal: true });
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(adminEmail);
  await expectNoAxeViolations(page, "/login refused");
  await signIn(page, adminEmail);
  await expect(page.getByRole("heading", { name: "Programs", exact: true })).toBeVisible();
});

test("a PM creates a program; bad input shows the field error and writes nothing", async ({ page }) => {
  await signIn(page, adminEmail);
  await page.getByRole("link", { name: "Create a program" }).click();
  await page.getByLabel("Program name").fill("Dispatch Board charter");
  await page.getByLabel("Target of referenceable customers").fill("12");
  await page.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByText("Name the product being tested.")).toBeVisible();
  await expect(page.getByText("the target is at most 10")).toBeVisible();
  await expect(page.getByLabel("Program name")).toHaveValue("Dispatch Board charter");
  await expectNoAxeViolations(page, "/programs/new with errors");

  await page.goto("/programs");
  await expect(page.getByRole("heading", { name: "No programs yet" })).toBeVisible();

  await page.getByRole("link", { name: "Create a program" }).click();
  await page.getByLabel("Program name").fill("Dispatch Board charter");
  await page.getByLabel("Product").fill("Fieldline Dispatch Board");
  await page.getByLabel("Value hypothesis").fill("Dispatchers plan a day of jobs in half the time.");
  await page.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dispatch Board charter" })).toBeVisible();
  await expect(page.getByText("0 of 6 minimum enrolled")).toBeVisible();
  await expect(page.getByText("6 referenceable", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, "empty program dashboard");
  programUrl = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Target of referenceable customers").fill("7");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("7 referenceable", { exact: true })).toBeVisible();
});

test("a PM enrolls six customers with their decision-making units", async ({ page }) => {
  await signIn(page, adminEmail);
  await page.goto(programUrl);
  await page.getByRole("link", { name: "Enroll the first customer" }).click();
  await page.getByLabel("Organisation").fill("Harbor Mechanical");
  await page.getByLabel("Website").fill("harbor.example");
  await page.getByRole("button", { name: "Enroll customer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Harbor Mechanical/ })).toBeVisible();
  customerUrl = new URL(page.url()).pathname;
  await expect(page.getByText("No economic buyer")).toBeVisible();
  await expect(page.getByText("No users yet")).toBeVisible();
  await expectNoAxeViolations(page, "new customer with gaps");

  await addContact(page, "Dana Whitfield", "dana@harbor.example", ["Economic buyer"]);
  await expect(page.getByText("No economic buyer")).toHaveCount(0);
  await addContact(page, "Tom Becker", "tom@harbor.example", ["User"]);
  await expect(page.getByText("Only 1 user:")).toBeVisible();
  await addContact(page, "Marcus Lee", "marcus@harbor.example", ["User", "Champion"]);
  await addContact(page, "Alicia Gomez", "alicia@harbor.example", ["User"]);
  // The program needs IT clearance (the default): the unit lacks its technical gatekeeper, and only that.
  await expect(page.getByRole("listitem").filter({ hasText: /^No technical gatekeeper/ })).toBeVisible();
  await expect(page.getByText(/No economic buyer|No users yet|Only \d users?:/)).toHaveCount(0);

  // A second buyer and a duplicate email are refused with the reason, and nothing is added.
  const form = page.locator("form#add-contact");
  await form.getByLabel("Name").fill("Bob Boss");
  await form.getByLabel("Email").fill("TOM@harbor.example");
  await form.getByLabel("Economic buyer").check();
  await form.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByText("Dana Whitfield is already the economic buyer")).toBeVisible();
  await form.getByLabel("Economic buyer").uncheck();
  await form.getByLabel("User", { exact: true }).check();
  await form.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByText("Someone at this customer already has this email address.")).toBeVisible();
  await expectNoAxeViolations(page, "customer page with a refused contact");
  await expect(page.getByRole("heading", { name: "Decision-making unit (4)" })).toBeVisible();

  for (const [i, name] of ["Brightline Elevators", "Cascade Pest Control", "Summit Solar", "Northgate Facilities", "Riverbend Plumbing"].entries()) {
    await enroll(page, name, `Segment ${i + 2}`);
    await addContact(page, `Buyer ${i + 2}`, `buyer${i + 2}@customer${i + 2}.example`, ["Economic buyer"]);
    await addContact(page, `User ${i + 2}`, `user${i + 2}@customer${i + 2}.example`, ["User"]);
  }
  await page.goto(programUrl);
  await expect(page.getByText("6 of 6 minimum enrolled")).toBeVisible();
  await expect(page.getByRole("region", { name: "Charter customers" }).getByRole("row")).toHaveCount(7);
});

test("the 11th enrollment is refused with a sentence and nothing is written; withdrawing frees a slot", async ({ page }) => {
  await signIn(page, adminEmail);
  for (const name of ["Keystone Security", "Meridian Medical", "Orbit Cleaning", "Pioneer Pools"]) await enroll(page, name);
  await page.goto(programUrl);
  await expect(page.getByText("10 of 6 minimum enrolled")).toBeVisible();
  await expect(page.getByText("Full — withdraw a customer to enroll another.")).toBeVisible();

  await page.goto(`${programUrl}/customers/new`);
  await expect(page.getByText("This program is full")).toBeVisible();
  // A full program offers no form to fill in for nothing…
  await expect(page.getByLabel("Organisation")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Enroll customer" })).toHaveCount(0);
  await expectNoAxeViolations(page, "enrollment in a full program");
  // …and the server refuses the 11th enrollment all the same, posted by hand.
  const refused = await page.request.post(`${programUrl}/customers/new`, { form: { name: "Eleventh Inc", segment: "", website: "", notes: "" } });
  expect(refused.status()).toBe(409);
  expect(await refused.text()).toContain("This program already has 10 charter customers, the most a program holds.");
  await page.goto(programUrl);
  await expect(page.getByText("10 of 6 minimum enrolled")).toBeVisible();
  await expect(page.getByRole("link", { name: "Eleventh Inc" })).toHaveCount(0);

  await page.getByRole("region", { name: "Charter customers" }).getByRole("link", { name: "Pioneer Pools" }).click();
  await page.getByLabel("Reason for withdrawing").fill("Acquired; new owner paused pilots");
  await page.getByRole("button", { name: "Withdraw customer" }).click();
  await expect(page.getByText(/Withdrawn on/)).toBeVisible();
  await expect(page.getByText("Reason: Acquired; new owner paused pilots")).toBeVisible();
  await expectNoAxeViolations(page, "withdrawn customer");
  await page.goto(programUrl);
  await expect(page.getByText("9 of 6 minimum enrolled")).toBeVisible();
  await expect(page.getByRole("link", { name: "Enroll customer" })).toBeVisible();
  await page.getByText("Withdrawn (1)").click();
  await expect(page.getByRole("region", { name: "Charter customers" }).getByRole("link", { name: "Pioneer Pools" })).toBeVisible();
  await expectNoAxeViolations(page, "full program dashboard with the withdrawn list open");
});

test("an admin invites a viewer, who can see everything and change nothing", async ({ page, browser }) => {
  await signIn(page, adminEmail);
  await page.getByRole("link", { name: "Members" }).click();
  viewerEmail = uniqueEmail("vera");
  await page.getByLabel("Name", { exact: true }).fill("Vera Viewer");
  await page.getByLabel("Email", { exact: true }).fill(viewerEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${viewerEmail}`)).toBeVisible();
  const link = await linkFromMailbox(page, viewerEmail, "/invitations/");
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(link);
  await expect(viewer.getByText(/invited you as a viewer/)).toBeVisible();
  await viewer.getByLabel("Choose a password").fill(PASSWORD);
  await viewer.getByRole("button", { name: "Join workspace" }).click();
  await expect(viewer.getByText("You have read-only access to this workspace.")).toBeVisible();

  // The link works once.
  const again = await browser.newContext();
  const stranger = await again.newPage();
  await stranger.goto(link);
  await expect(stranger.getByRole("heading", { name: "This invitation link does not work" })).toBeVisible();
  await expectNoAxeViolations(stranger, "used invitation link");
  await again.close();

  await viewer.goto(programUrl);
  await expect(viewer.getByText("9 of 6 minimum enrolled")).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Enroll customer" })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await viewer.goto(customerUrl);
  await expect(viewer.getByText("dana@harbor.example")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Withdraw customer" })).toHaveCount(0);

  // Forms a viewer never sees are refused on the server all the same.
  const post = (url: string, form: Record<string, string>) => viewer.request.post(url, { form, maxRedirects: 0 });
  expect((await post(`${programUrl}/customers/new`, { name: "Viewer Co" })).status()).toBe(403);
  expect((await post(customerUrl, { intent: "withdraw", reason: "" })).status()).toBe(403);
  expect((await post(customerUrl, { intent: "add-contact", name: "V", email: "v@x.example", isUser: "on" })).status()).toBe(403);
  expect((await post(`${programUrl}/edit`, { name: "Hijacked", product: "x", valueHypothesis: "x", targetReferenceable: "6" })).status()).toBe(403);
  expect((await post(programUrl, { intent: "archive" })).status()).toBe(403);
  expect((await post("/programs/new", { name: "x", product: "x", valueHypothesis: "x" })).status()).toBe(403);
  expect((await post("/members", { intent: "invite", name: "x", email: "x@x.example", role: "admin" })).status()).toBe(403);
  expect((await viewer.goto(`${programUrl}/edit`))?.status()).toBe(403);
  await expectNoAxeViolations(viewer, "403 page");

  await viewer.goto(programUrl);
  await expect(viewer.getByRole("heading", { level: 1, name: "Dispatch Board charter" })).toBeVisible();
  await expect(viewer.getByText("9 of 6 minimum enrolled")).toBeVisible();
  await expect(viewer.getByText("Archived")).toHaveCount(0);
  await viewer.goto(customerUrl);
  await expect(viewer.getByRole("heading", { name: "Decision-making unit (4)" })).toBeVisible();
  await viewerContext.close();
});

test("another workspace's PM gets 404 for every URL of this one", async ({ page }) => {
  await signIn(page, adminEmail);
  await page.goto(customerUrl);
  await page.getByRole("link", { name: "Edit Dana Whitfield" }).click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  contactUrl = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/); // signed out before the next navigation, which would abort it

  await createWorkspace(page, { team: "Rival Corp", name: "Riley Rival", email: uniqueEmail("riley") });
  for (const url of [programUrl, `${programUrl}/edit`, `${programUrl}/customers/new`, customerUrl, `${customerUrl}/edit`, contactUrl]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await expectNoAxeViolations(page, "404 page");
  const post = await page.request.post(customerUrl, { form: { intent: "withdraw", reason: "" }, maxRedirects: 0 });
  expect(post.status()).toBe(404);
  await page.goto("/programs");
  await expect(page.getByRole("heading", { name: "No programs yet" })).toBeVisible();
});

test("a newcomer can load the demo program and see a populated portal at once", async ({ page }) => {
  await createWorkspace(page, { team: "Demo Team", name: "Dee Demo", email: uniqueEmail("dee"), demo: true });
  await expect(page.getByRole("heading", { level: 1, name: "Dispatch Board charter program" })).toBeVisible();
  await expect(page.getByText("8 of 6 minimum enrolled")).toBeVisible();
  await expect(page.getByRole("region", { name: "Charter customers" }).getByRole("row")).toHaveCount(9);
  await expect(page.getByText("Complete")).toHaveCount(8);
  await page.getByRole("region", { name: "Charter customers" }).getByRole("link", { name: "Northgate Facilities" }).click();
  await expect(page.getByText("Patricia Dunn")).toBeVisible();
  await expect(page.getByText("Gaps in the decision-making unit")).toHaveCount(0);
  await expectNoAxeViolations(page, "demo customer");
});

test("on a phone the program page reads without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signIn(page, adminEmail);
  await page.goto(customerUrl);
  await expect(page.getByRole("heading", { level: 1, name: /Harbor Mechanical/ })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page, "customer page on a phone");
});
