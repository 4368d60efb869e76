import type { Page } from "@playwright/test";
import { createWorkspace, expect, expectFieldError, expectFitsPhone, expectNoAxeViolations, linkFromMailbox, signIn, tabTo, test, uniqueEmail } from "./fixtures";

// The gatekeeper's channel end to end: the PM lists requirements and writes Harbor's technical
// brief; the IT gatekeeper, on a 375 px phone without JavaScript, vetoes from the emailed link; the
// PM revises the brief; the gatekeeper, asked again with what changed, clears it.
test.describe.configure({ mode: "serial" });

const pmEmail = uniqueEmail("gk");
const priya = "priya.raman@harbormech.example";
let briefUrl = "";
let firstLink = "";

async function phone(page: Page) {
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
  return context.newPage();
}

async function fillBrief(page: Page, sso: string) {
  await page.goto(briefUrl);
  await page.getByLabel("1. SAML single sign-on").fill(sso);
  await page.getByLabel("2. Data stays in the EU").fill("Hosted in Frankfurt (AWS eu-central-1); backups in Dublin.");
}

test("the PM lists requirements, writes Harbor's brief and sends it for IT review", async ({ page }) => {
  await createWorkspace(page, { team: "Fieldline", name: "Gia PM", email: pmEmail, demo: true });
  const programUrl = (await page.getByRole("link", { name: "Plan the first round" }).getAttribute("href"))!.replace(/\/rounds\/new$/, "");
  await page.goto(programUrl);
  await page.getByRole("link", { name: "Technical requirements" }).click();
  await expect(page.getByRole("heading", { name: "No requirements yet" })).toBeVisible();
  await page.getByRole("button", { name: "Add requirement" }).click();
  await expect(page.getByText("Name the requirement")).toBeVisible();
  const add = page.getByRole("region", { name: "Add a requirement" });
  for (const [title, need] of [["SAML single sign-on", "Okta for every login"], ["Data stays in the EU", ""]]) {
    await add.getByLabel("Requirement", { exact: true }).fill(title);
    await add.getByLabel("What is needed").fill(need);
    await add.getByRole("button", { name: "Add requirement" }).click();
    await expect(page.getByText(`Added “${title}”.`)).toBeVisible();
  }
  await expectNoAxeViolations(page, "requirements");
  // Removing asks first, as every removal in the app does.
  await add.getByLabel("Requirement", { exact: true }).fill("Printed manuals");
  await add.getByLabel("What is needed").fill("");
  await add.getByRole("button", { name: "Add requirement" }).click();
  await expect(page.getByText("Added “Printed manuals”.")).toBeVisible();
  const asked = page.waitForEvent("dialog", { timeout: 10_000 });
  await page.getByRole("button", { name: "Remove “Printed manuals”" }).click();
  expect((await asked).message()).toBe("Remove “Printed manuals”? Each customer's technical brief leaves it out from its next version.");
  await expect(page.getByText("Requirement removed.")).toBeVisible();
  await expect(page.getByText("3. Printed manuals")).toHaveCount(0);

  await page.goto(programUrl);
  await page.getByRole("link", { name: "Harbor Mechanical" }).first().click();
  await page.getByRole("region", { name: "IT review" }).getByRole("link", { name: "Technical brief and IT review" }).click();
  await page.waitForURL(/\/brief$/);
  briefUrl = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Save the brief" }).click();
  await expect(page.getByText("Say how the product meets this requirement, or the plan.").first()).toBeVisible();
  await fillBrief(page, "Not yet: SAML is planned for Q3.");
  await page.getByRole("button", { name: "Save the brief" }).click();
  await expect(page.getByText("Saved as version 1.")).toBeVisible();
  await page.getByRole("button", { name: "Send for IT review" }).click();
  await expect(page.getByText("Sent for IT review.")).toBeVisible();
  await expect(page.getByRole("region", { name: "IT review" })).toContainText("Sent");
  await expectNoAxeViolations(page, "technical brief");
});

test("the gatekeeper vetoes on a phone without JavaScript; a veto needs a reason", async ({ page }) => {
  await signIn(page, pmEmail);
  firstLink = await linkFromMailbox(page, priya, "/g/");
  const gk = await phone(page);
  await gk.goto(firstLink);
  await expect(gk.getByRole("heading", { name: /can your IT let it in\?/ })).toBeVisible();
  await expectFitsPhone(gk, "gatekeeper page");
  // Sent empty: the summary says which requirement each "mark it" message is about.
  await gk.getByRole("button", { name: "Confirm my review" }).click();
  await expectFieldError(gk, "Mark this requirement: met, needs work or blocker.", "1. SAML single sign-on: ");
  await expectFieldError(gk, "Mark this requirement: met, needs work or blocker.", "2. Data stays in the EU: ");
  await gk.getByRole("group", { name: "Your mark for “SAML single sign-on”" }).getByLabel("Blocker").check();
  await gk.getByLabel("Note on “SAML single sign-on” (optional)").fill("Every app must sign in through Okta.");
  await gk.getByRole("group", { name: "Your mark for “Data stays in the EU”" }).getByLabel("Met").check();
  await gk.getByLabel("Veto", { exact: true }).check();
  await gk.getByLabel("Sign by typing your full name").fill("Priya Raman");
  await gk.getByRole("button", { name: "Confirm my review" }).click();
  await expectFieldError(gk, "Tell the team why you veto");
  await gk.getByLabel("If you veto: why?").fill("No SAML support");
  await gk.getByRole("button", { name: "Confirm my review" }).click();
  await expect(gk.getByRole("heading", { name: "Your review is recorded" })).toBeVisible();
  await expect(gk.getByRole("status")).toContainText("vetoed");

  await page.goto(briefUrl);
  await expect(page.getByRole("region", { name: "IT review" })).toContainText("Veto");
  await gk.context().close();
});

test("the PM revises the brief; the old link says so; the gatekeeper sees what changed and clears", async ({ page }) => {
  await signIn(page, pmEmail);
  const vetoed = firstLink;
  await fillBrief(page, "Yes: SAML 2.0 with Okta and Azure AD, shipped in 2.4.");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText(/Saved as version 2\. The earlier request is superseded and the gatekeeper was asked again/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Changed since Priya Raman last answered" })).toContainText("Okta and Azure AD");

  const gk = await phone(page);
  await gk.goto(vetoed);
  await expect(gk.getByRole("heading", { name: "The technical brief has changed" })).toBeVisible();
  const fresh = await linkFromMailbox(page, priya, "/g/");
  expect(fresh).not.toBe(vetoed);
  await gk.goto(fresh);
  // The same form open in a second tab, to post again once the first post is recorded.
  const again = await gk.context().newPage();
  await again.goto(fresh);
  await expect(gk.getByRole("region", { name: "What changed since you last answered" })).toContainText("Azure AD");
  await gk.getByRole("group", { name: "Your mark for “SAML single sign-on”" }).getByLabel("Met").check();
  await gk.getByRole("group", { name: "Your mark for “Data stays in the EU”" }).getByLabel("Met").check();
  await gk.getByLabel("Cleared", { exact: true }).check();
  await gk.getByLabel("Sign by typing your full name").fill("Priya Raman");
  await gk.getByRole("button", { name: "Confirm my review" }).click();
  await expect(gk.getByRole("heading", { name: "Your review is recorded" })).toBeVisible();
  // A second post of the same form records nothing more.
  await again.getByRole("group", { name: "Your mark for “SAML single sign-on”" }).getByLabel("Blocker").check();
  await again.getByRole("group", { name: "Your mark for “Data stays in the EU”" }).getByLabel("Met").check();
  await again.getByLabel("Veto", { exact: true }).check();
  await again.getByLabel("If you veto: why?").fill("Changed my mind");
  await again.getByLabel("Sign by typing your full name").fill("Priya Raman");
  await again.getByRole("button", { name: "Confirm my review" }).click();
  await expect(again.getByRole("status")).toContainText("Already recorded");
  await expect(again.getByRole("status")).toContainText("cleared");

  await page.goto(briefUrl);
  await expect(page.getByRole("region", { name: "IT review" })).toContainText("Cleared");
  await gk.context().close();
});

test("the brief page and the gatekeeper's page work by keyboard alone", async ({ page }) => {
  await signIn(page, pmEmail);
  await page.goto(briefUrl);
  const sso = page.getByLabel("1. SAML single sign-on");
  await tabTo(page, sso);
  await page.keyboard.press("End");
  await page.keyboard.type(" Also OIDC.");
  await tabTo(page, page.getByRole("checkbox", { name: /ends Priya Raman's clearance/ }));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Save as a new version" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText(/Saved as version 3/)).toBeVisible();

  const link = await linkFromMailbox(page, priya, "/g/");
  // axe runs scripts in the page, so it checks /g/ here, with JavaScript on.
  const gk = await (await page.context().browser()!.newContext()).newPage();
  await gk.goto(link);
  await expectNoAxeViolations(gk, "gatekeeper page");
  await tabTo(gk, gk.getByRole("group", { name: "Your mark for “SAML single sign-on”" }).getByLabel("Met"));
  await gk.keyboard.press("Space");
  await tabTo(gk, gk.getByRole("group", { name: "Your mark for “Data stays in the EU”" }).getByLabel("Met"));
  await gk.keyboard.press("Space");
  // In a radio group Tab reaches the first choice; the arrow keys move to (and choose) the next.
  await tabTo(gk, gk.getByLabel("Cleared", { exact: true }));
  await gk.keyboard.press("ArrowDown");
  await expect(gk.getByLabel("Cleared with conditions")).toBeChecked();
  await tabTo(gk, gk.getByLabel("Conditions", { exact: true }));
  await gk.keyboard.type("Okta groups mapped before go-live.");
  await tabTo(gk, gk.getByLabel("Sign by typing your full name"));
  await gk.keyboard.type("P");
  await tabTo(gk, gk.getByRole("button", { name: "Confirm my review" }));
  await gk.keyboard.press("Enter");
  await expectFieldError(gk, "Type your full name to sign.");
  await expectNoAxeViolations(gk, "gatekeeper page with errors");
  await tabTo(gk, gk.getByLabel("Sign by typing your full name"));
  await gk.keyboard.press("ControlOrMeta+A");
  await gk.keyboard.type("Priya Raman");
  await tabTo(gk, gk.getByRole("button", { name: "Confirm my review" }));
  await gk.keyboard.press("Enter");
  await expect(gk.getByRole("heading", { name: "Your review is recorded" })).toBeVisible();
  await expect(gk.getByRole("status")).toContainText("cleared with conditions");
  await gk.context().close();
});
