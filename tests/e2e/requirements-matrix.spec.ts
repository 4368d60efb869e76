// The gatekeeper's decision as the PM reads it (issue 15): the demo program's readiness names the
// veto, the gate panel shows the clearance beside the two tests, and the requirements matrix shows
// the blocker — by keyboard, readable at 320 px, with no axe violations.
import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, tabTo, test, uniqueEmail } from "./fixtures";

test("the demo's readiness names the IT veto, and the requirements matrix shows what blocks whom", async ({ page }) => {
  await createWorkspace(page, { team: "Gatekept", name: "Ira PM", email: uniqueEmail("matrix"), demo: "history" });
  await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
  const programUrl = new URL(page.url()).pathname;

  await expect(page.getByText("3 of 6 referenceable — 1 blocked on usability, 2 on consent, 1 on IT, 1 not active yet").first()).toBeVisible();
  const readiness = page.getByRole("region", { name: "Readiness table" });
  const brightline = readiness.getByRole("row", { name: /Brightline Elevators/ });
  await expect(brightline).toContainText("Blocked on IT");
  await expect(brightline).toContainText("blocked on IT: veto — “no SAML support");

  // The open round's gate: the two tests, and the clearance beside them, labelled as not part of it.
  await page.getByRole("link", { name: /Round 3:/ }).first().click();
  const gate = page.getByRole("region", { name: "Each customer at the gate" });
  await expect(gate.getByRole("columnheader", { name: "IT clearance (not part of the gate)" })).toBeVisible();
  await expect(gate.getByRole("row", { name: /Northgate Facilities/ })).toContainText("Cleared with conditions");
  await expectNoAxeViolations(page, "round page with the clearance column");

  // By keyboard from the dashboard to the matrix.
  await page.goto(programUrl);
  await tabTo(page, page.getByRole("link", { name: "Requirements matrix" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Requirements matrix" })).toBeVisible();
  const matrix = page.getByRole("region", { name: "Requirements by customer" });
  const rows = matrix.getByRole("row");
  // Most blocking first: single sign-on blocks Brightline and needs work at Northgate.
  const sso = rows.nth(1);
  await expect(sso.getByRole("rowheader")).toContainText("SAML single sign-on");
  await expect(sso.getByRole("cell").nth(0)).toHaveText("1 of 8");
  await expect(sso.getByRole("cell").nth(1)).toHaveText("1 of 8");
  await expect(sso).toContainText("Blocker");
  await expect(matrix.getByRole("columnheader", { name: /Meridian Medical Equipment/ })).toContainText("Under review");
  // The table scrolls on its own, by keyboard too.
  await tabTo(page, matrix);
  await page.keyboard.press("ArrowRight");
  await expectNoAxeViolations(page, "requirements matrix");
  await expectFitsPhone(page, "requirements matrix");
  // The first column stays in view while the table scrolls sideways on a phone.
  await page.setViewportSize({ width: 320, height: 640 });
  // The page to the table, then the table to its far right (scrollIntoView would undo the latter).
  await matrix.evaluate((el) => {
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY);
    el.scrollLeft = el.scrollWidth;
  });
  expect(await matrix.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);
  const header = sso.getByRole("rowheader");
  await expect.poll(async () => (await header.boundingBox())?.x ?? -1).toBeGreaterThanOrEqual(0);
  await expect(header).toBeInViewport();
});

test("the matrix of a program without requirements says how to add them", async ({ page }) => {
  await createWorkspace(page, { team: "Empty matrix", name: "Em PM", email: uniqueEmail("matrix-empty"), demo: true });
  await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
  await page.goto(`${new URL(page.url()).pathname}/requirements/matrix`);
  await expect(page.getByRole("heading", { name: "No technical requirements yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "requirements page" })).toHaveAttribute("href", /\/requirements$/);
  await expectNoAxeViolations(page, "empty requirements matrix");
  await expectFitsPhone(page, "empty requirements matrix");
});
