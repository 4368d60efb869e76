import type { Page } from "@playwright/test";
import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, linkFromMailbox, test, uniqueEmail } from "./fixtures";

// A buyer's decline reaches the PM as a notice: the header's unread count goes up, the notices page
// shows the reason, and marking it read brings the count down.
test.setTimeout(180_000);

/** The header's count, as a person reads it from the Notices link ("Notices 2 unread"; no badge: 0). */
async function unreadInHeader(page: Page) {
  const name = (await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notices/ }).textContent()) ?? "";
  const match = name.match(/(\d+)\s*unread/);
  return match ? Number(match[1]) : 0;
}

test("a buyer's decline arrives as a notice; the unread count goes up, and down when it is read", async ({ page, browser }) => {
  await createWorkspace(page, { team: "Fieldline", name: "Noa PM", email: uniqueEmail("noa"), demo: true });
  // Onboarding lands on the demo program.
  const programUrl = new URL(page.url()).pathname;

  await page.goto("/notices");
  await expect(page.getByRole("heading", { level: 1, name: "Notices" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Nothing needs you yet" })).toBeVisible();
  await expectNoAxeViolations(page, "notices, empty");
  await expectFitsPhone(page, "notices, empty");
  expect(await unreadInHeader(page)).toBe(0);

  // A round opens and Harbor Mechanical's buyer is asked to sign off.
  await page.goto(programUrl);
  await page.getByRole("link", { name: "Plan the first round" }).click();
  await page.getByLabel("Title").fill("Scheduling board");
  await page.getByRole("button", { name: "Create round" }).click();
  await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
  await page.getByLabel("Task", { exact: true }).fill("Schedule a job");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("1. Schedule a job")).toBeVisible();
  // The confirm step: how many people are emailed, and the invitation as it will arrive.
  await page.getByRole("link", { name: "Review the invitation and open" }).click();
  await page.getByRole("button", { name: /^Open round and send \d+ invitations?$/ }).click();
  await expect(page.getByText(/Round opened/)).toBeVisible();
  await page.getByRole("link", { name: "Write the case for Harbor Mechanical" }).click();
  await page.waitForURL(/\/case$/);
  await page.getByLabel("The problem").fill("Dispatch runs on a whiteboard; overtime is 18% of payroll.");
  await page.getByLabel("The value claimed").fill("Overtime down 15%: about EUR 90,000 a year.");
  await page.getByLabel("Proposed price or terms").fill("EUR 24,000 per year");
  await page.getByRole("button", { name: "Save the case" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  await page.getByRole("button", { name: "Send sign-off request" }).click();
  await expect(page.getByText("Sign-off request sent to the buyer.")).toBeVisible();
  const before = await unreadInHeader(page);

  // The buyer declines, from the emailed link, with a reason.
  const link = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/s/");
  const buyer = await (await browser.newContext()).newPage();
  await buyer.goto(link);
  await buyer.getByLabel("Decline", { exact: true }).check();
  await buyer.getByLabel("If you decline: why?").fill("The price is above this year's budget.");
  await buyer.getByLabel("Nothing at this point").check();
  await buyer.getByLabel("Sign by typing your full name").fill("Dana Whitfield");
  await buyer.getByRole("button", { name: "Confirm my decision" }).click();
  await expect(buyer.getByRole("heading", { name: "Your decision is recorded" })).toBeVisible();

  await page.goto("/programs");
  await expect.poll(() => unreadInHeader(page)).toBe(before + 1);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notices/ }).click();
  const notice = page.getByRole("listitem", { name: "Harbor Mechanical's buyer declined the business case (round 1)" });
  await expect(notice).toContainText("The price is above this year's budget.");
  await expect(notice).toContainText("Unread");
  await expectNoAxeViolations(page, "notices, one unread");
  await expectFitsPhone(page, "notices, one unread");

  await notice.getByRole("button", { name: /^Mark read/ }).click();
  await expect(notice).not.toContainText("Unread");
  expect(await unreadInHeader(page)).toBe(before);
  // The notice links to the decision's certificate.
  await notice.getByRole("link", { name: /declined the business case/ }).click();
  await expect(page).toHaveURL(/\/signoffs\/[0-9a-f-]{36}$/);
});
