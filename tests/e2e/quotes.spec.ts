import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, linkFromMailbox, signIn, tabTo, test, uniqueEmail } from "./fixtures";

// The champion's quote end to end: the PM asks Harbor Mechanical's champion from the customer page
// (by keyboard), the champion writes the quote on a phone without JavaScript, the buyer approves it
// for public use, and the reference dossier shows it.
test.describe.configure({ mode: "serial" });

const pmEmail = uniqueEmail("quinn");
const QUOTE = "Dispatch went from a whiteboard to one screen: we plan a day in half the time.";
let customerUrl = "";

test("the PM asks the champion for a quote from the customer page", async ({ page }) => {
  await createWorkspace(page, { team: "Fieldline", name: "Quinn PM", email: pmEmail, demo: "history" });
  await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
  await page.getByRole("region", { name: "Charter customers" }).getByRole("link", { name: "Harbor Mechanical" }).click();
  await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
  customerUrl = new URL(page.url()).pathname;
  const quotes = page.getByRole("region", { name: /^Quotes/ });
  await expect(quotes).toContainText("No quotes yet.");
  const ask = quotes.getByRole("button", { name: "Ask Marcus Lee for a quote" });
  await tabTo(page, ask);
  await page.keyboard.press("Enter");
  await expect(quotes.getByText("Requested", { exact: true })).toBeVisible();
  await expect(quotes).toContainText("Waiting for Marcus Lee to write it.");
  await expect(quotes).toContainText("The champion's link works until");
  await expectNoAxeViolations(page, "customer page with a requested quote");
});

test("the champion writes the quote on a phone, without JavaScript; a second post records nothing", async ({ page, browser }) => {
  await signIn(page, pmEmail);
  const link = await linkFromMailbox(page, "marcus.lee@harbormech.example", "/q/");
  // axe runs in the page, so it checks the form in a browser with JavaScript (opening changes nothing).
  const checker = await (await browser.newContext({ viewport: { width: 375, height: 800 } })).newPage();
  await checker.goto(link);
  await expect(checker.getByRole("heading", { name: /A few words about/ })).toBeVisible();
  await expectNoAxeViolations(checker, "champion's quote form");
  await expectFitsPhone(checker, "champion's quote form");

  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const champion = await context.newPage();
  await champion.goto(link);
  await expect(champion.getByRole("heading", { name: /A few words about/ })).toBeVisible();
  await champion.getByRole("button", { name: "Send my quote" }).click();
  await expect(champion.getByText("Write your quote.").first()).toBeVisible();
  // The naming hint is about the champion, not an example from another company.
  await expect(champion.getByText("As it would appear under the quote. Shorten your name or title as you like.")).toBeVisible();
  await champion.getByLabel("Your quote").fill(QUOTE);
  await champion.getByLabel("How you want to be named").fill("Marcus Lee, Dispatch Lead, Harbor Mechanical");
  await champion.getByRole("button", { name: "Send my quote" }).click();
  await expect(champion.getByRole("heading", { name: "Your quote is recorded" })).toBeVisible();
  await expect(champion.getByRole("status")).toContainText("Recorded on");
  await checker.goto(link);
  await expect(checker.getByRole("heading", { name: "Your quote is recorded" })).toBeVisible();
  await expectNoAxeViolations(checker, "champion's quote recorded");
  // The form posted again (a back button, a retry): already recorded.
  await champion.goto(link);
  await expect(champion.getByRole("status")).toContainText("Already recorded on");
  await context.close();
});

test("the buyer approves the quote for public use by keyboard, and the dossier shows it", async ({ page, browser }) => {
  await signIn(page, pmEmail);
  const link = await linkFromMailbox(page, "dana.whitfield@harbormech.example", "/q/");
  const buyer = await (await browser.newContext()).newPage();
  await buyer.goto(link);
  await expect(buyer.getByRole("heading", { name: "May we quote Harbor Mechanical?" })).toBeVisible();
  await expect(buyer.getByText(QUOTE)).toBeVisible();
  await expectNoAxeViolations(buyer, "buyer's quote approval");
  await tabTo(buyer, buyer.getByLabel("Approve it for public use"));
  await buyer.keyboard.press("Space");
  await tabTo(buyer, buyer.getByLabel("Sign by typing your full name"));
  await buyer.keyboard.type("Dana Whitfield");
  await buyer.keyboard.press("Enter");
  await expect(buyer.getByRole("heading", { name: "Your answer is recorded" })).toBeVisible();
  await expect(buyer.getByRole("status")).toContainText("approved for public use");

  await page.goto(customerUrl);
  const quotes = page.getByRole("region", { name: /^Quotes/ });
  await expect(quotes.getByText("Approved", { exact: true })).toBeVisible();
  await expect(quotes).toContainText("Approved by Dana Whitfield");
  // The customer's history tells each step, in words.
  await expect(page.getByText("Champion quote requested from Marcus Lee by Quinn PM")).toBeVisible();
  await expect(page.getByText("Marcus Lee gave a quote (attributed to “Marcus Lee, Dispatch Lead, Harbor Mechanical”)")).toBeVisible();
  await expect(page.getByText("Dana Whitfield approved the quote for public use (attributed to “Marcus Lee, Dispatch Lead, Harbor Mechanical”)")).toBeVisible();
  await page.getByRole("link", { name: "Reference dossier" }).first().click();
  await expect(page.getByRole("heading", { name: "Reference dossier: Harbor Mechanical" })).toBeVisible();
  const section = page.getByRole("region", { name: "Quotes approved for public use" });
  await expect(section).toContainText(QUOTE);
  await expect(section).toContainText("Marcus Lee, Dispatch Lead, Harbor Mechanical");
  await expectNoAxeViolations(page, "dossier with a quote");
  await page.goto("/notices");
  await expect(page.getByText("Harbor Mechanical's buyer approved a quote for public use")).toBeVisible();
});
