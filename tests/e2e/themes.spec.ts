import type { Locator, Page } from "@playwright/test";
import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, tabTo, test, uniqueEmail } from "./fixtures";

// Themes across customers (issue 16): the PM tags feedback from two customers into one theme and
// from a third into another, inline on the round page; the second is a special; closing the round
// as iterate cites the first; planning the next round lists both by customer count.
test.describe.configure({ mode: "serial" });

/** A card of the page, found by its heading. */
const card = (page: Page, heading: string | RegExp) => page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: heading }) });

/** Opens an item's tag form and tags it: with an existing theme, or a new one of a kind. */
async function tagFirstItem(section: Locator, theme: { existing: string } | { title: string; kind: "problem" | "request" }) {
  const item = section.getByRole("listitem").first();
  await item.getByText("Tag with a theme").first().click();
  if ("existing" in theme) await item.getByLabel("Existing theme").selectOption({ label: theme.existing });
  else {
    await item.getByLabel("or a new theme’s title").fill(theme.title);
    await item.getByLabel(theme.kind, { exact: true }).check();
  }
  await item.getByRole("button", { name: /^Tag / }).click();
  const title = "existing" in theme ? theme.existing.replace(/ \((request|problem)\)$/, "") : theme.title;
  await expect(item.getByRole("list", { name: /^Themes of / })).toContainText(title);
}

test("the PM tags feedback into themes, sees a special, cites a theme at the close and plans the next round with them", async ({ page }) => {
  test.setTimeout(240_000);
  await createWorkspace(page, { team: "Themes team", name: "Tess PM", email: uniqueEmail("tess"), demo: "history" });
  // Onboarding lands on the demo program's page.
  await expect(page.getByRole("heading", { level: 1, name: "Dispatch Board charter program" })).toBeVisible();
  const programUrl = new URL(page.url()).pathname.match(/^\/programs\/[^/]+/)![0];
  await page.getByRole("link", { name: /Round 3/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Round 3/ })).toBeVisible();

  const sections = card(page, /^Feedback to learn from/).getByRole("region", { name: /^Feedback from / });
  await expect(sections.nth(2)).toBeVisible();
  const names: string[] = [];
  for (let i = 0; i < 3; i++) names.push((await sections.nth(i).getAttribute("aria-label"))!.replace("Feedback from ", ""));

  await tagFirstItem(sections.nth(0), { title: "Crew view", kind: "request" });
  await tagFirstItem(sections.nth(1), { existing: "Crew view (request)" });
  // The third by keyboard alone.
  const third = sections.nth(2).getByRole("listitem").first();
  const summary = third.locator("summary").first();
  await tabTo(page, summary, { max: 200 });
  await page.keyboard.press("Enter");
  await tabTo(page, third.getByLabel("or a new theme’s title"));
  await page.keyboard.type("SMS in Spanish");
  await tabTo(page, third.getByRole("button", { name: /^Tag / }));
  await page.keyboard.press("Enter");
  await expect(third.getByRole("list", { name: /^Themes of / })).toContainText("SMS in Spanish");
  await expectNoAxeViolations(page, "the round page with tagged feedback");

  // The themes page: the shared theme first, the one customer's marked a special, in words.
  await page.goto(`${programUrl}/themes`);
  const crew = page.getByRole("region", { name: "Crew view" });
  const sms = page.getByRole("region", { name: "SMS in Spanish" });
  await expect(crew).toContainText("2 customers");
  await expect(crew).toContainText(names[0]);
  await expect(crew).toContainText(names[1]);
  await expect(sms).toContainText("Special");
  await expect(sms).toContainText(`Only ${names[2]} asked for this: building it wins one contract, not a market.`);
  await expect(crew).not.toContainText("Only ");
  const order = await page.getByRole("heading", { level: 2 }).allTextContents();
  expect(order.indexOf("Crew view")).toBeLessThan(order.indexOf("SMS in Spanish"));
  await expectNoAxeViolations(page, "the themes page");
  await expectFitsPhone(page, "the themes page");
  // "Addressed" needs its round: the message sits at the field, in the theme's form, and nothing changes.
  await sms.getByText("Change status").click();
  await sms.getByLabel("Status").selectOption("addressed");
  await sms.getByRole("button", { name: /^Save status/ }).click();
  await expect(sms.getByLabel("Round that addressed it")).toHaveAccessibleDescription("Choose the round that addressed it.");
  await expect(sms.getByLabel("Status")).toHaveValue("addressed");
  await page.reload();
  await expect(sms.getByText(/^Addressed in round \d+$/)).toHaveCount(0);

  // Round 3 closes as iterate, citing the shared theme as what was learned.
  await page.goto(`${programUrl}`);
  await page.getByRole("link", { name: /Round 3/ }).first().click();
  await page.getByLabel("What was learned, and what changes next round").fill("Crews need one view.");
  await page.getByRole("checkbox", { name: /Crew view/ }).check();
  await page.getByRole("button", { name: "Close as iterate" }).click();
  await expect(card(page, "Themes learned in this round")).toContainText("Crew view");

  // Planning round 4 lists what was learned and the open themes, by customers.
  await page.goto(`${programUrl}/rounds/new`);
  await page.getByLabel("Title").fill("Crew view");
  await page.getByRole("button", { name: "Create round" }).click();
  const plan = card(page, "Plan with what was learned");
  await expect(plan).toContainText("Cited when round 3 closed");
  const open = plan.getByRole("list", { name: "Open themes by customer count" }).getByRole("listitem");
  await expect(open.nth(0)).toContainText("Crew view");
  await expect(open.nth(0)).toContainText("2 customers");
  await expect(open.nth(1)).toContainText("SMS in Spanish");
  await expect(open.nth(1)).toContainText("Special");
  await expectNoAxeViolations(page, "planning a round with themes");
  await expectFitsPhone(page, "planning a round with themes");
});
