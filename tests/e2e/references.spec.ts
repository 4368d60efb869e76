import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, linkFromMailbox, tabTo, test, uniqueEmail } from "./fixtures";

// References in use: a sales request for a call, agreed by the customer's buyer by emailed link
// (their page without JavaScript), then the program's limit (2 uses in 90 days) refuses a third.

test("a request for a call is agreed by the buyer by link, and a third request inside 90 days is refused", async ({ page, browser }) => {
  test.setTimeout(300_000);
  await createWorkspace(page, { team: "Fieldline", name: "Ada Admin", email: uniqueEmail("refs"), demo: "history" });
  const programUrl = new URL(page.url()).pathname.match(/^\/programs\/[0-9a-f-]{36}/)![0];

  await page.goto(`${programUrl}/references`);
  await expect(page.getByRole("heading", { name: "Reference library", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, "reference library");
  await expectFitsPhone(page, "reference library");
  const firstCard = page.getByRole("list", { name: "Referenceable customers" }).getByRole("listitem").first();
  const customer = (await firstCard.getByRole("heading").textContent())!.trim();

  // The request page, by keyboard.
  const requestLink = firstCard.getByRole("link", { name: `Request a use of ${customer}` });
  await tabTo(page, requestLink);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Request a reference", level: 1 })).toBeVisible();
  // A field's hint is read with it.
  await expect(page.getByLabel("Needed by")).toHaveAccessibleDescription("Optional.");
  const buyer = (await page.getByText(/'s buyer \(.+\) agreed to/).textContent())!.match(/\((.+)\)/)![1];
  const ask = async (purpose: string) => {
    await page.getByLabel("What for").selectOption({ label: "Call with a prospect" });
    await page.getByLabel("Who asks").fill("Sam Sales");
    await page.getByLabel("For which prospect or purpose").fill(purpose);
    await page.getByRole("button", { name: "Send the request" }).click();
  };
  await ask("Northwind Plumbing, evaluating dispatch tools");
  await page.waitForURL(/\/references$/);
  await expect(page.getByRole("table").getByRole("row", { name: /Northwind Plumbing/ })).toContainText("pending");

  // The buyer answers on a phone-sized page without JavaScript.
  const link = await linkFromMailbox(page, buyer, "/r/");
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const buyerPage = await plain.newPage();
  await buyerPage.goto(link);
  await expect(buyerPage.getByRole("heading", { name: `May we use ${customer} as a reference?` })).toBeVisible();
  await expect(buyerPage.getByText("Northwind Plumbing, evaluating dispatch tools")).toBeVisible();
  // The same words as the other links' pages: the expiry with its year, what is recorded.
  await expect(buyerPage.getByText(/^This link works until \d{1,2} \w{3} \d{4}\. Your answer is recorded with the time, your IP address and browser\.$/)).toBeVisible();
  await expectFitsPhone(buyerPage, "reference answer page");
  // axe needs JavaScript in the page it checks: the same link in a page with it (opening changes nothing).
  const scripted = await browser.newContext();
  const checked = await scripted.newPage();
  await checked.goto(link);
  await expect(checked.getByRole("heading", { name: `May we use ${customer} as a reference?` })).toBeVisible();
  await expectNoAxeViolations(checked, "reference answer page");
  await scripted.close();
  await buyerPage.getByRole("button", { name: "Send my answer" }).click();
  await expect(buyerPage.getByText("Type your name to sign your answer.").first()).toBeVisible();
  await buyerPage.getByLabel("I agree to this use").check();
  await buyerPage.getByLabel("A note for the team").fill("Tuesdays work best.");
  await buyerPage.getByLabel("Type your name to sign").fill(buyer);
  await buyerPage.getByRole("button", { name: "Send my answer" }).click();
  await expect(buyerPage.getByRole("status")).toContainText("Recorded on");
  // Posting again (the browser's back and resend) records nothing new.
  await buyerPage.goto(link);
  await expect(buyerPage.getByRole("status")).toContainText("Already recorded");
  await plain.close();

  await page.goto(`${programUrl}/references`);
  await expect(page.getByRole("table").getByRole("row", { name: /Northwind Plumbing/ })).toContainText("agreed");

  // A second use fits (the last one: the page warns), a third inside 90 days is refused.
  await page.getByRole("link", { name: `Request a use of ${customer}` }).click();
  await expect(page.getByText(`This would be ${customer}'s last use for now`)).toBeVisible();
  await ask("Contoso Services");
  await page.waitForURL(/\/references$/);
  await page.goto(`${programUrl}/references`);
  await page.getByRole("link", { name: `Request a use of ${customer}` }).click();
  await expect(page.getByText(`${customer} is at the limit`)).toBeVisible();
  await ask("Fabrikam Heating");
  await expect(page.getByText(/at the limit \(2 of 2 uses in 90 days; next available/).first()).toBeVisible();
  await expect(page).toHaveURL(/\/references\/new/);
  await expectNoAxeViolations(page, "request page at the limit");
  await expectFitsPhone(page, "request page");
});
