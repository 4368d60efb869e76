import AxeBuilder from "@axe-core/playwright";
import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, mailboxEntryName, signIn, test, uniqueEmail } from "./fixtures";

// The asking company's name on what users see: an admin sets the name, colour and logo; a round's
// invitation in the mailbox (its HTML as it arrives, and its plain text) and the user's feedback
// page say "Fieldline Dispatch Board, by Acme Software, asks for your feedback".
test.describe.configure({ mode: "serial" });

const adminEmail = uniqueEmail("ari");
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const ASKS = "Fieldline Dispatch Board, by Acme Software, asks for your feedback";
let feedbackLink = "";
let programUrl = "";

test("an admin sets the company name, accent colour and logo; a colour too light is refused", async ({ page }) => {
  await createWorkspace(page, { team: "Fieldline", name: "Ari Admin", email: adminEmail, demo: true });
  programUrl = new URL(page.url()).pathname;
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("Company name")).toHaveValue("Fieldline");
  await expectNoAxeViolations(page, "settings");
  await expectFitsPhone(page, "settings");

  await page.getByLabel("Company name").fill("Acme Software");
  await page.getByLabel("Accent colour (optional)").fill("#fde047");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText(/White text on #fde047 has a contrast of 1\.\d:1; buttons need at least 4\.5:1\. Choose a darker colour\./)).toBeVisible();
  await expectNoAxeViolations(page, "settings with an error");
  // Refused: nothing saved.
  await page.reload();
  await expect(page.getByLabel("Company name")).toHaveValue("Fieldline");

  await page.getByLabel("Company name").fill("Acme Software");
  await page.getByLabel("Accent colour (optional)").fill("#1d4ed8");
  await page.getByLabel("Logo (optional)").setInputFiles({ name: "acme.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved. New pages and emails carry it from now on.")).toBeVisible();
  await expect(page.getByLabel("Company name")).toHaveValue("Acme Software");
  await expect(page.getByRole("region", { name: "As a user sees it" })).toContainText("Your product, by Acme Software, asks for your feedback");
  await expect(page.getByRole("img", { name: "Acme Software" })).toHaveJSProperty("naturalWidth", 1);
});

test("the invitation shows in the mailbox as it arrives, found by search, and the user's page says who asks", async ({ page, browser }) => {
  await signIn(page, adminEmail);
  await page.goto(programUrl);
  await page.getByRole("link", { name: "Plan the first round" }).click();
  await page.getByLabel("Title").fill("Drag-and-drop scheduling");
  await page.getByRole("button", { name: "Create round" }).click();
  await page.getByLabel("Task", { exact: true }).fill("Schedule tomorrow's boiler service");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("1. Schedule tomorrow's boiler service")).toBeVisible();
  // The confirm step: how many people are emailed, and the invitation as it will arrive.
  await page.getByRole("link", { name: "Review the invitation and open" }).click();
  await page.getByRole("button", { name: /^Open round and send \d+ invitations?$/ }).click();
  await expect(page.getByText(/Round opened: \d+ personal invitations queued\./)).toBeVisible();

  // Search by recipient name: only Tom's invitation, shown with his name.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mailbox" }).click();
  await page.getByLabel("Search by recipient, subject or program").fill("tom becker");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toHaveText("1 email matches “tom becker”.");
  const entry = page.getByRole("link", { name: mailboxEntryName("tom.becker@harbormech.example") });
  await expect(entry).toContainText("To Tom Becker <tom.becker@harbormech.example>");
  await page.getByLabel("Search by recipient, subject or program").fill("no such program");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { name: "No email matches" })).toBeVisible();
  await page.getByLabel("Search by recipient, subject or program").fill("Dispatch Board");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toHaveText(/^\d+ emails match “Dispatch Board”\.$/);
  await expectNoAxeViolations(page, "mailbox search");

  // The HTML as it arrives, in a frame that runs no script.
  await page.getByRole("link", { name: mailboxEntryName("tom.becker@harbormech.example") }).click();
  await expect(page.getByText('From "Acme Software via Charter" <charter@localhost>')).toBeVisible();
  const frame = page.frameLocator("iframe");
  await expect(frame.getByText(ASKS)).toBeVisible();
  await expect(frame.getByRole("link", { name: "Open your feedback form" })).toHaveCSS("background-color", "rgb(29, 78, 216)");
  await expect(frame.getByText("Sent with Charter on behalf of Acme Software.")).toBeVisible();
  await expect(frame.getByRole("img", { name: "Acme Software" })).toHaveJSProperty("naturalWidth", 1);
  await expect(page.locator("iframe")).toHaveAttribute("sandbox", "allow-top-navigation-by-user-activation");
  // The page around the email, as expectNoAxeViolations checks pages; the framed document is the
  // email as a mail client shows it (layout tables for old clients), not a page of the portal.
  await page.waitForLoadState("load");
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).exclude("iframe").analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), "accessibility violations on the mailbox email").toEqual([]);
  // The recipient's address in the header is one long word: it must wrap on a phone.
  await expectFitsPhone(page, "mailbox email as it arrives");

  // The plain text one click away, with the same words and the link.
  await page.getByRole("navigation", { name: "Email views" }).getByRole("link", { name: "Plain text" }).click();
  await expect(page.locator("article")).toContainText(ASKS);
  await expectFitsPhone(page, "mailbox email as plain text");
  feedbackLink = (await page.locator('article a[href*="/f/"]').first().getAttribute("href"))!;

  const user = await (await browser.newContext()).newPage();
  await user.goto(feedbackLink);
  await expect(user.getByText(ASKS)).toBeVisible();
  await expect(user.getByText("Sent with Charter")).toBeVisible();
  await expect(user.getByRole("img", { name: "Acme Software" })).toHaveJSProperty("naturalWidth", 1);
  await expect(user.getByRole("button", { name: "Send my feedback" })).toHaveCSS("background-color", "rgb(29, 78, 216)");
  await expectNoAxeViolations(user, "branded feedback page");
  await expectFitsPhone(user, "branded feedback page");
});
