import type { Locator, Page } from "@playwright/test";
import { expect, mailboxEntryName, PASSWORD, tabTo, test, uniqueEmail } from "./fixtures";

// Every flow of the suite once more, by keyboard alone: after the first page.goto, the only input
// is page.keyboard — Tab and Shift+Tab to move, Enter and Space to act, arrows in radio groups,
// typing in fields. tabTo also asserts that each control it reaches shows its focus.
test.setTimeout(240_000);

const pmEmail = uniqueEmail("kim");

/** Tabs to a field and types into it. */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/** Tabs to a link or button and presses Enter (Space for checkboxes and radios). */
async function activate(page: Page, control: Locator, key: "Enter" | "Space" = "Enter") {
  await tabTo(page, control);
  await page.keyboard.press(key);
}

/** In a radio group with nothing chosen, Tab lands on the first option; the arrows move the choice. */
async function chooseRadio(page: Page, group: Locator, steps: number) {
  await tabTo(page, group.getByRole("radio").first());
  await page.keyboard.press("Space");
  for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowRight");
}

/** Opens the newest mailbox email to `to` and follows its link containing `path`, all by keyboard. */
async function followMailboxLink(page: Page, to: string, path: string) {
  await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mailbox" }));
  await expect(page.getByRole("heading", { level: 1, name: "Mailbox" })).toBeVisible();
  await activate(page, page.getByRole("link", { name: mailboxEntryName(to) }).first());
  await activate(page, page.getByRole("navigation", { name: "Email views" }).getByRole("link", { name: "Plain text" }));
  await activate(page, page.locator(`article a[href*="${path}"]`).first());
}

test("onboarding, a program, a customer, a round, a user's feedback, a buyer's approval and the gate, by keyboard alone", async ({ page }) => {
  // Onboarding: the demo program comes with six active customers, enough to open a round.
  await page.goto("/setup");
  await typeInto(page, page.getByLabel("Team or company name"), "Keyed Co");
  await typeInto(page, page.getByLabel("Your name"), "Kim Keys");
  await typeInto(page, page.getByLabel("Work email"), pmEmail);
  await typeInto(page, page.getByLabel("Password"), PASSWORD);
  await tabTo(page, page.getByLabel("Load a demo program"));
  await expect(page.getByLabel("Load a demo program")).toBeChecked();
  // The demo's customers only: this test runs round 1 itself (Space unticks the history).
  await activate(page, page.getByLabel("With seven weeks of history"), "Space");
  await expect(page.getByLabel("With seven weeks of history")).not.toBeChecked();
  await activate(page, page.getByRole("button", { name: "Create workspace" }));
  await expect(page.getByRole("heading", { level: 1, name: "Dispatch Board charter program" })).toBeVisible();
  const demoProgram = new URL(page.url()).pathname;

  // Sign out and in again; the first Tab of a workspace page is the skip link.
  await activate(page, page.getByRole("button", { name: "Sign out" }));
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await typeInto(page, page.getByLabel("Email"), pmEmail);
  await typeInto(page, page.getByLabel("Password"), PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Programs" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();

  // A program of its own, with one customer and its decision-making unit.
  await activate(page, page.getByRole("link", { name: "New program" }));
  await typeInto(page, page.getByLabel("Program name"), "Route Planner charter");
  await typeInto(page, page.getByLabel("Product"), "Keyed Route Planner");
  await typeInto(page, page.getByLabel("Value hypothesis"), "Planners build a day of routes in ten minutes.");
  await activate(page, page.getByRole("button", { name: "Create program" }));
  await expect(page.getByRole("heading", { level: 1, name: "Route Planner charter" })).toBeVisible();
  await activate(page, page.getByRole("link", { name: "Enroll the first customer" }));
  await typeInto(page, page.getByLabel("Organisation"), "Lakeside Logistics");
  await typeInto(page, page.getByLabel("Segment"), "Freight · 80 drivers");
  await activate(page, page.getByRole("button", { name: "Enroll customer" }));
  await expect(page.getByRole("heading", { level: 1, name: /Lakeside Logistics/ })).toBeVisible();
  const contactForm = page.locator("form#add-contact");
  for (const [name, email, role] of [
    ["Lena Buyer", "lena@lakeside.example", "Economic buyer"],
    ["Uma User", "uma@lakeside.example", "User"],
  ]) {
    await typeInto(page, contactForm.getByLabel("Name"), name);
    await typeInto(page, contactForm.getByLabel("Email"), email);
    await activate(page, contactForm.getByLabel(role, { exact: true }), "Space");
    await expect(contactForm.getByLabel(role, { exact: true })).toBeChecked();
    await activate(page, contactForm.getByRole("button", { name: "Add contact" }));
    await expect(page.getByText(email)).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Decision-making unit (2)" })).toBeVisible();

  // Back to the demo program through the breadcrumb and the list: plan a round, add a task, open it.
  await activate(page, page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Programs" }));
  await activate(page, page.getByRole("link", { name: /Dispatch Board charter program/ }));
  await expect(page).toHaveURL(new RegExp(`${demoProgram}$`));
  await activate(page, page.getByRole("link", { name: "Plan the first round" }));
  await typeInto(page, page.getByLabel("Title"), "Keyboard round");
  await activate(page, page.getByRole("button", { name: "Create round" }));
  await expect(page.getByRole("heading", { level: 1, name: /Round 1: Keyboard round/ })).toBeVisible();
  await typeInto(page, page.getByLabel("Task", { exact: true }), "Schedule a job");
  await activate(page, page.getByRole("button", { name: "Add task" }));
  await expect(page.getByText("1. Schedule a job")).toBeVisible();
  await activate(page, page.getByRole("link", { name: "Review the invitation and open" }));
  await activate(page, page.getByRole("button", { name: /^Open round and send \d+ invitations?$/ }));
  await expect(page.getByText(/Round opened/)).toBeVisible();
  const roundUrl = new URL(page.url()).pathname;

  // A user's feedback, from the link in the mailbox.
  await followMailboxLink(page, "tom.becker@harbormech.example", "/f/");
  await expect(page.getByRole("heading", { level: 1, name: "Fieldline Dispatch Board: round 1" })).toBeVisible();
  await chooseRadio(page, page.getByRole("group", { name: /^Task 1:/ }), 0);
  await expect(page.getByRole("group", { name: /^Task 1:/ }).getByLabel("I did it on my own")).toBeChecked();
  const statements = page.getByRole("group", { name: /^\d+\. I/ });
  // Agree (4th of 5) with the positive statements, Disagree (2nd) with the negative ones.
  for (let i = 0; i < 10; i++) await chooseRadio(page, statements.nth(i), i % 2 ? 1 : 3);
  await expect(statements.nth(0).getByLabel("Agree", { exact: true })).toBeChecked();
  await expect(statements.nth(1).getByLabel("Disagree", { exact: true })).toBeChecked();
  await typeInto(page, page.getByLabel("What was confusing?"), "Nothing much.");
  await activate(page, page.getByRole("button", { name: "Send my feedback" }));
  await expect(page.getByRole("heading", { name: "Thank you — your feedback is recorded" })).toBeVisible();

  // The business case and the sign-off request.
  await page.goto(roundUrl);
  await expect(page.getByRole("listitem").filter({ hasText: "tom.becker@harbormech.example" })).toContainText("Responded");
  await activate(page, page.getByRole("link", { name: "Write the case for Harbor Mechanical" }));
  await expect(page.getByRole("heading", { level: 1, name: "Business case: Harbor Mechanical" })).toBeVisible();
  await typeInto(page, page.getByLabel("The problem"), "Dispatch runs on a whiteboard.");
  await typeInto(page, page.getByLabel("The value claimed"), "Overtime down 15%.");
  await typeInto(page, page.getByLabel("Proposed price or terms"), "EUR 24,000 per year");
  await activate(page, page.getByRole("button", { name: "Save the case" }));
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  await activate(page, page.getByRole("button", { name: "Send sign-off request" }));
  await expect(page.getByText("Sign-off request sent to the buyer.")).toBeVisible();

  // The buyer approves from the emailed link.
  await followMailboxLink(page, "dana.whitfield@harbormech.example", "/s/");
  await expect(page.getByRole("heading", { level: 1, name: /is it worth buying\?/ })).toBeVisible();
  await chooseRadio(page, page.getByRole("group", { name: /Would Harbor Mechanical buy this/ }), 0);
  await expect(page.getByLabel("Approve", { exact: true })).toBeChecked();
  await chooseRadio(page, page.getByRole("group", { name: "What would you pay?" }), 0);
  await chooseRadio(page, page.getByRole("group", { name: /may the team name Harbor Mechanical/i }), 0);
  await activate(page, page.getByLabel("Name and logo"), "Space");
  await expect(page.getByLabel("Name and logo")).toBeChecked();
  await typeInto(page, page.getByLabel("Sign by typing your full name"), "Dana Whitfield");
  await activate(page, page.getByRole("button", { name: "Confirm my decision" }));
  await expect(page.getByRole("heading", { name: "Your decision is recorded" })).toBeVisible();

  // The gate: the round closes as iterate (one customer passing is not six), with what was learned.
  await page.goto(roundUrl);
  await expect(page.getByRole("region", { name: /Valuable test/ }).getByRole("row", { name: /Harbor Mechanical/ })).toContainText("Approved");
  await typeInto(page, page.getByLabel("What was learned, and what changes next round"), "Users want travel times.");
  await activate(page, page.getByRole("button", { name: "Close as iterate" }));
  await expect(page.getByRole("heading", { name: "Gate: closed as iterate" })).toBeVisible();

  await activate(page, page.getByRole("button", { name: "Sign out" }));
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});
