import type { Page } from "@playwright/test";
import { createWorkspace, expect, expectFieldError, expectNoAxeViolations, linkFromMailbox, signIn, test, uniqueEmail } from "./fixtures";

// The valuable test end to end: a PM writes a business case and sends the request; the buyer
// decides from the emailed link; the PM sees the decision and its certificate.
test.describe.configure({ mode: "serial" });

const pmEmail = uniqueEmail("sam");
let roundUrl = "";
let caseUrl = "";
let danaLink = "";

async function writeCase(page: Page, valueClaimed: string) {
  await page.goto(caseUrl);
  await page.getByLabel("The problem").fill("Dispatch runs on a whiteboard; overtime is 18% of payroll.");
  await page.getByLabel("The value claimed").fill(valueClaimed);
  await page.getByLabel("Proposed price or terms").fill("EUR 24,000 per year for up to 250 technicians");
}

test("a PM writes a business case and sends the sign-off request", async ({ page }) => {
  await createWorkspace(page, { team: "Fieldline", name: "Sam PM", email: pmEmail, demo: true });
  await page.getByRole("link", { name: "Plan the first round" }).click();
  await page.getByLabel("Title").fill("Scheduling board");
  await page.getByRole("button", { name: "Create round" }).click();
  await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
  roundUrl = new URL(page.url()).pathname;
  await page.getByLabel("Task", { exact: true }).fill("Schedule a job");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("1. Schedule a job")).toBeVisible();
  await page.getByRole("link", { name: "Review the invitation and open" }).click();
  await page.getByRole("button", { name: /^Open round and send \d+ invitations?$/ }).click();
  await expect(page.getByText(/Round opened/)).toBeVisible();

  await page.getByRole("link", { name: "Write the case for Harbor Mechanical" }).click();
  await page.waitForURL(/\/case$/);
  caseUrl = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Save the case" }).click();
  await expect(page.getByText("Describe the problem the customer has.")).toBeVisible();
  await expectNoAxeViolations(page, "business case with errors");
  await writeCase(page, "Overtime down 15%: about EUR 90,000 a year.");
  await page.getByRole("button", { name: "Save the case" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  await page.getByRole("button", { name: "Send sign-off request" }).click();
  await expect(page.getByText("Sign-off request sent to the buyer.")).toBeVisible();

  await page.goto(roundUrl);
  const harbor = page.getByRole("region", { name: /Valuable test/ }).getByRole("row", { name: /Harbor Mechanical/ });
  await expect(harbor).toContainText("Sent");
  await expect(harbor).toContainText("Dana Whitfield");
});

test("a decline without a reason is refused; editing the case supersedes the old link", async ({ page, browser }) => {
  await signIn(page, pmEmail);
  const firstLink = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/s/");
  const buyer = await (await browser.newContext()).newPage();
  await buyer.goto(firstLink);
  await expect(buyer.getByRole("heading", { name: "The business case (version 1)" })).toBeVisible();
  await buyer.getByLabel("Decline", { exact: true }).check();
  await buyer.getByLabel("Nothing at this point").check();
  await buyer.getByLabel("Sign by typing your full name").fill("Dana Whitfield");
  await buyer.getByRole("button", { name: "Confirm my decision" }).click();
  await expectFieldError(buyer, "Tell the team why you decline");
  await expectNoAxeViolations(buyer, "sign-off form with errors");

  // The PM improves the case; the first link now explains that the case changed.
  await writeCase(page, "Overtime down 15% and 2 fewer dispatchers needed: about EUR 150,000 a year.");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText("Saved as version 2. The earlier request is superseded and the buyer was asked again.")).toBeVisible();
  await buyer.goto(firstLink);
  await expect(buyer.getByRole("heading", { name: "The business case has changed" })).toBeVisible();
  await expectNoAxeViolations(buyer, "superseded sign-off link");

  danaLink = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/s/");
  expect(danaLink).not.toBe(firstLink);
});

test("the buyer sees their users' aggregate and approves with reference consent; a second post records nothing", async ({ page, browser }) => {
  await signIn(page, pmEmail);
  // One of Harbor's users answers first, so the buyer has evidence to read.
  const userLink = await linkFromMailbox(page, "tom.becker@harbormech.example", "/f/");
  const user = await (await browser.newContext()).newPage();
  await user.goto(userLink);
  await user.getByRole("group", { name: /^Task 1:/ }).getByLabel("I did it on my own").check();
  const statements = user.getByRole("group", { name: /^\d+\. I/ });
  for (let i = 0; i < 10; i++) await statements.nth(i).getByLabel(i % 2 ? "Strongly disagree" : "Strongly agree", { exact: true }).check();
  await user.getByRole("button", { name: "Send my feedback" }).click();
  await expect(user.getByRole("heading", { name: "Thank you — your feedback is recorded" })).toBeVisible();

  const context = await browser.newContext();
  const buyer = await context.newPage();
  await buyer.goto(danaLink);
  await expect(buyer.getByRole("heading", { name: "The business case (version 2)" })).toBeVisible();
  await expect(buyer.getByText("1 person from Harbor Mechanical tried the prototype")).toBeVisible();
  await expect(buyer.getByText("100%", { exact: true })).toBeVisible();
  await expect(buyer.getByText(/only 1 answer — a small sample/i)).toBeVisible();
  await expect(buyer.getByText(/^Please answer by \w+day \d+ \w+( \d{4})?\.$/)).toBeVisible();
  await expectNoAxeViolations(buyer, "sign-off page with evidence");
  // Individual comments never reach the buyer.
  await expect(buyer.getByText("Where do I see")).toHaveCount(0);

  await buyer.getByLabel("Approve", { exact: true }).check();
  await buyer.getByLabel("A different amount").check();
  await buyer.getByLabel("Amount per year").fill("20000");
  await buyer.getByLabel("Currency").fill("eur");
  await buyer.getByLabel("Yes, for:").check();
  await buyer.getByLabel("Name and logo").check();
  await buyer.getByLabel("Reference calls").check();
  // Dana names a colleague to be asked about each use in her place.
  await buyer.getByLabel("Their name").fill("Rory Reyes");
  await buyer.getByLabel("Their email").fill("Rory.Reyes@harbormech.example");
  await buyer.getByLabel("Sign by typing your full name").fill("Dana Whitfield");
  await buyer.getByRole("button", { name: "Confirm my decision" }).click();
  await expect(buyer.getByRole("heading", { name: "Your decision is recorded" })).toBeVisible();
  await expect(buyer.getByText(/^Recorded on .*approved/)).toBeVisible();

  // A replayed post records nothing new.
  const replay = await buyer.request.post(new URL(danaLink).pathname, {
    form: { decision: "decline", declineReason: "changed my mind", willingnessToPay: "none", referenceConsent: "no", signatureName: "Dana Whitfield" },
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(302);
  await buyer.goto(danaLink);
  await expect(buyer.getByText(/Already recorded on .*approved/)).toBeVisible();
  await expectNoAxeViolations(buyer, "decided sign-off link");
  await context.close();

  await page.goto(roundUrl);
  const harbor = page.getByRole("region", { name: /Valuable test/ }).getByRole("row", { name: /Harbor Mechanical/ });
  await expect(harbor).toContainText("Approved");
  await expect(harbor).toContainText("20,000 EUR");
  await expect(harbor).toContainText("Yes");
  await harbor.getByRole("link", { name: "Certificate of Harbor Mechanical" }).click();
  await expect(page.getByRole("heading", { name: "Sign-off certificate" })).toBeVisible();
  await expect(page.getByText("Dana Whitfield, VP Operations <dana.whitfield@harbormech.example>")).toBeVisible();
  await expect(page.getByText("The business case as signed (version 2)")).toBeVisible();
  await expect(page.getByText("Yes: name and logo, reference calls")).toBeVisible();
  for (const step of ["Request sent", "Link first opened", "Approved"]) await expect(page.getByText(step, { exact: true }).first()).toBeVisible();
  await expectNoAxeViolations(page, "certificate");

  // The receipt lets the buyer withdraw reference consent, by a post after a confirm page.
  const withdrawLink = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/consent/");
  await expect(page.locator("article")).toContainText("Each use will be asked of Rory Reyes (rory.reyes@harbormech.example), whom you named.");
  const again = await (await browser.newContext()).newPage();
  await again.goto(withdrawLink);
  await expect(again.getByRole("heading", { name: "Withdraw reference consent?" })).toBeVisible();
  await expectNoAxeViolations(again, "consent page");
  await again.getByRole("button", { name: "Withdraw my reference consent" }).click();
  await expect(again.getByRole("heading", { name: "Reference consent withdrawn" })).toBeVisible();
  await expectNoAxeViolations(again, "consent withdrawn");
  await page.goto(roundUrl);
  await expect(page.getByRole("region", { name: /Valuable test/ }).getByRole("row", { name: /Harbor Mechanical/ })).toContainText("Withdrawn");
});

test("a mangled link and a feedback link on the buyer page change nothing; the page works without JavaScript", async ({ page, browser }) => {
  await signIn(page, pmEmail);
  await page.goto(roundUrl);
  await page.getByRole("link", { name: "Write the case for Brightline Elevators" }).click();
  await page.waitForURL(/\/case$/);
  await page.getByLabel("The problem").fill("Inspection windows are missed.");
  await page.getByLabel("The value claimed").fill("No missed SLA windows.");
  await page.getByLabel("Proposed price or terms").fill("EUR 12,000 per year");
  await page.getByRole("button", { name: "Save the case" }).click();
  await page.getByRole("button", { name: "Send sign-off request" }).click();
  await expect(page.getByText("Sign-off request sent to the buyer.")).toBeVisible();
  const link = await linkFromMailbox(page, "gregory.hale@brightline.example", "/s/");
  const feedbackLink = await linkFromMailbox(page, "luis.ortega@brightline.example", "/f/");

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(link.slice(0, -5) + "xxxxx");
  await expect(visitor.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await visitor.goto(`/s/${feedbackLink.split("/f/")[1]}`);
  await expect(visitor.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await visitor.goto(`/f/${link.split("/s/")[1]}`);
  await expect(visitor.getByRole("heading", { name: "This link does not work" })).toBeVisible();

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const buyer = await noJs.newPage();
  await buyer.goto(link);
  await buyer.getByRole("button", { name: "Confirm my decision" }).click();
  await expectFieldError(buyer, "Choose whether you approve or decline.");
  await buyer.getByLabel("Decline", { exact: true }).check();
  await buyer.getByLabel("If you decline: why?").fill("Our IT needs single sign-on first.");
  // Without JavaScript too, the reference question stays hidden for a decline (CSS :has).
  await expect(buyer.getByLabel("No", { exact: true })).toBeHidden();
  await buyer.getByLabel("Sign by typing your full name").fill("Gregory Hale");
  await buyer.getByRole("button", { name: "Confirm my decision" }).click();
  await expect(buyer.getByRole("heading", { name: "Your decision is recorded" })).toBeVisible();
  await noJs.close();

  await page.goto(roundUrl);
  const row = page.getByRole("region", { name: /Valuable test/ }).getByRole("row", { name: /Brightline Elevators/ });
  await expect(row).toContainText("Declined");
  await expect(row).toContainText("Our IT needs single sign-on first.");
});
