import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, test, uniqueEmail } from "./fixtures";

// Honest numbers for small samples (issue 16): every mean SUS and completion rate carries its 90%
// interval and n, small samples say so in words, and the program shows SUS per round as a picture
// with a table twin. Runs on the demo's history (three rounds with answers).
test.describe.configure({ mode: "serial" });

test("the round page shows intervals and the small-sample words; the program shows SUS per round with its table twin", async ({ page }) => {
  await createWorkspace(page, { team: "Small Samples Co", name: "Sami PM", email: uniqueEmail("sami"), demo: "history" });
  await page.waitForURL(/\/programs\/[0-9a-f-]{36}$/);
  const programUrl = new URL(page.url()).pathname;

  // The distribution: the picture is hidden from assistive technology; the table holds the data.
  await expect(page.getByRole("heading", { name: "SUS per round: every user's score" })).toBeVisible();
  const twin = page.getByRole("table", { name: /SUS per round: every user's score/ });
  await expect(twin.getByRole("columnheader", { name: "Grade" })).toBeVisible();
  for (const round of ["1", "2", "3"]) {
    const row = twin.getByRole("row").filter({ has: page.getByRole("rowheader", { name: round, exact: true }) });
    await expect(row).toContainText(/\d+(\.\d)? \(90% CI \d+(\.\d)?–\d+(\.\d)?, n = \d+\)/);
    await expect(row.getByRole("cell").nth(1)).toHaveText(/^(A\+|A|A−|B\+|B|B−|C\+|C|C−|D|F)/);
  }
  const picture = page.locator('svg[aria-hidden="true"]').filter({ has: page.locator("circle") }).last();
  await expect(picture).toBeAttached();
  // One dot per answer in the picture, as many as the table's scores list.
  const rows = twin.getByRole("row").filter({ has: page.getByRole("rowheader") });
  let answers = 0;
  for (let i = 0; i < (await rows.count()); i++) {
    const listed = (await rows.nth(i).getByRole("cell").nth(3).textContent()) ?? "—";
    if (listed !== "—") answers += listed.split(", ").length;
  }
  expect(answers).toBeGreaterThan(0);
  await expect(picture.locator("circle")).toHaveCount(answers);
  await expectNoAxeViolations(page, "program page with SUS per round");
  await expectFitsPhone(page, "program page with SUS per round");

  // The open round: each customer's mean SUS with its interval and n, completion with counts.
  await page.getByRole("link", { name: /Round 3: Time windows/ }).click();
  const usable = page.getByRole("region", { name: "Usable evidence table" });
  await expect(usable.getByText(/\(90% CI \d+(\.\d)?–\d+(\.\d)?, n = \d\)/).first()).toBeVisible();
  await expect(usable.getByText(/% \(\d+ of \d+; 90% CI \d+–\d+%\)/).first()).toBeVisible();
  await expect(usable.getByText(/^only \d answers? — a small sample$/).first()).toBeVisible();
  await expect(usable.getByText(/^Grade (A\+|A|A−|B\+|B|B−|C\+|C|C−|D|F) on the curved scale$/).first()).toBeVisible();
  await expectNoAxeViolations(page, "open round with intervals");
  await expectFitsPhone(page, "open round with intervals");

  // The program setting: with it on, the gate explains a customer's verdict with its interval.
  await page.goto(`${programUrl}/edit`);
  const setting = page.getByLabel("Usable requires the lower bound to meet the thresholds");
  await expect(setting).not.toBeChecked();
  await setting.check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.waitForURL(new RegExp(`${programUrl}$`));
  await page.getByRole("link", { name: /Round 3: Time windows/ }).click();
  await expect(page.getByText(/but the 90% interval reaches down to \d+(\.\d+)?%?, below \d+/).first()).toBeVisible();
});
