import type { Locator, Page } from "@playwright/test";
import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, PASSWORD, signIn, tabTo, test, uniqueEmail } from "./fixtures";

// Importing customers with their decision-making units from a CSV: a file with mistakes is
// previewed, fixed and imported; by keyboard alone; without JavaScript; and, for the figures in the
// README, the same 7 customers with 28 people enrolled through the forms one post at a time.
test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

const pmEmail = uniqueEmail("ines");
let programUrl = "";

const SEVEN = ["Bluewater Utilities", "Nordlicht GmbH", "Acme Freight", "Harbor Health", "Pine Logistics", "Quarry & Sons", "Summit Power"];
const domainOf = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, "")}.example`;
/** Each organisation with a buyer, a user who is also the champion, and two users: 7 × 4 = 28 people. */
const people = (names: string[]) =>
  names.flatMap((name) => [
    { org: name, name: `Bea ${name.split(" ")[0]}`, email: `bea@${domainOf(name)}`, title: "CFO", roles: "buyer", labels: ["Economic buyer"] },
    { org: name, name: `Carl ${name.split(" ")[0]}`, email: `carl@${domainOf(name)}`, title: "Operations lead", roles: "user, champion", labels: ["User", "Champion"] },
    { org: name, name: `Uma ${name.split(" ")[0]}`, email: `uma@${domainOf(name)}`, title: "Dispatcher", roles: "user", labels: ["User"] },
    { org: name, name: `Udo ${name.split(" ")[0]}`, email: `udo@${domainOf(name)}`, title: "Planner", roles: "user", labels: ["User"] },
  ]);
/** A spreadsheet's export in a comma-decimal locale: BOM, semicolons, CRLF, a quoted cell. */
const csvOf = (rows: ReturnType<typeof people>) =>
  "\uFEFForganisation;contact name;email;title;roles\r\n" + rows.map((p) => [p.org, p.name, p.email, p.title, `"${p.roles}"`].join(";")).join("\r\n") + "\r\n";

async function newProgram(page: Page, name: string) {
  await page.goto("/programs/new");
  await page.getByLabel("Program name").fill(name);
  await page.getByLabel("Product").fill("Fieldline Dispatch Board");
  await page.getByLabel("Value hypothesis").fill("Dispatchers plan a day of jobs in half the time.");
  await page.getByRole("button", { name: "Create program" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname;
}

const customerList = (page: Page) => page.getByRole("region", { name: "Customer list" });

test("a PM uploads a 7-customer CSV with two bad rows, sees the problems, fixes them and imports 28 people", async ({ page }, testInfo) => {
  await createWorkspace(page, { team: "Importers Inc", name: "Ines Import", email: pmEmail });
  programUrl = await newProgram(page, "Import charter");
  // The figure counts the PM's steps only, not the checks made along the way (axe, 320 px).
  let active = 0;
  const step = async (work: () => Promise<void>) => {
    const started = Date.now();
    await work();
    active += Date.now() - started;
  };
  await step(async () => {
    await page.getByRole("link", { name: "Import from CSV" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Import customers from a CSV" })).toBeVisible();
  });
  await expectNoAxeViolations(page, "import page");
  await expectFitsPhone(page, "import page");

  // The template downloads and is a CSV the import reads.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the template CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("charter-customers-template.csv");

  const good = people(SEVEN);
  const bad = good.map((p) => (p.email === "uma@harborhealth.example" ? { ...p, email: "uma(at)harborhealth.example" } : p.email === "carl@pinelogistics.example" ? { ...p, roles: "buyer" } : p));
  const problems = page.getByRole("region", { name: /2 rows have problems/ });
  await step(async () => {
    await page.getByLabel("Or choose a CSV file").setInputFiles({ name: "charter-customers.csv", mimeType: "text/csv", buffer: Buffer.from(csvOf(bad)) });
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(problems).toBeVisible();
  });
  await expect(problems.getByRole("listitem").filter({ hasText: "Row 16" })).toContainText("Enter a valid email address, like name@company.com.");
  await expect(problems.getByRole("listitem").filter({ hasText: "Row 19" })).toContainText("A second economic buyer for Pine Logistics (row 18 is one)");
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);
  await expectNoAxeViolations(page, "import preview with problems");
  await expectFitsPhone(page, "import preview with problems");
  const elsewhere = await page.context().newPage();
  await elsewhere.goto(programUrl);
  await expect(elsewhere.getByRole("heading", { name: "No charter customers yet" }), "a preview writes nothing").toBeVisible();
  await elsewhere.close();

  // The box shows the file's text: fix the two rows there and preview again.
  const box = page.getByLabel("Paste the CSV");
  await expect(box).toHaveValue(/uma\(at\)harborhealth/);
  await step(async () => {
    await box.fill((await box.inputValue()).replace("uma(at)harborhealth.example", "uma@harborhealth.example").replace('Carl Pine;carl@pinelogistics.example;Operations lead;"buyer"', 'Carl Pine;carl@pinelogistics.example;Operations lead;"user, champion"'));
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByRole("heading", { name: "The import will create" })).toBeVisible();
  });
  await expect(page.getByText("7 new customers and 28 people.", { exact: false })).toBeVisible();
  await expect(page.getByRole("region", { name: /problem/ })).toHaveCount(0);
  await expectNoAxeViolations(page, "import preview ready");
  await expectFitsPhone(page, "import preview ready");
  await step(async () => {
    await page.getByRole("button", { name: "Import 7 customers and 28 people" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Import charter" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Imported 7 new customers and 28 people from the CSV.");
    for (const name of SEVEN) await expect(customerList(page).getByRole("link", { name })).toBeVisible();
  });
  const seconds = active / 1000;
  testInfo.annotations.push({ type: "figure", description: `import: 7 customers, 28 people, 4 posts (2 previews with a fix, import) in ${seconds.toFixed(1)} s of browser time` });
  console.log(`[figure] by import: ${seconds.toFixed(1)} s, 4 posts`);

  // Each customer has its whole unit: no coverage gaps, one buyer, three users.
  await customerList(page).getByRole("link", { name: "Pine Logistics" }).click();
  await expect(page.getByRole("heading", { name: "Decision-making unit (4)" })).toBeVisible();
  // The program needs IT clearance (the default), so the missing gatekeeper is the only gap.
  await expect(page.getByRole("listitem").filter({ hasText: /^No technical gatekeeper/ })).toBeVisible();
  await expect(page.getByText(/No economic buyer|No users yet|Only \d users?:/)).toHaveCount(0);
  await expect(page.getByText("Carl Pine added by Ines Import (CSV import)")).toBeVisible();

  // Posting the same file again records nothing twice: every row is a person already there.
  await page.goto(`${programUrl}/customers/import`);
  await page.getByLabel("Paste the CSV").fill(csvOf(good));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("region", { name: "28 rows have problems: nothing will be imported until they are fixed" })).toBeVisible();
  await expect(page.getByText("Acme Freight already has Bea Acme <bea@acmefreight.example>.")).toBeVisible();
});

test("the same 7 customers and 28 people through the forms, for comparison", async ({ page }, testInfo) => {
  await signIn(page, pmEmail);
  const url = await newProgram(page, "Forms charter");
  const started = Date.now();
  let posts = 0;
  let fields = 0;
  for (const name of SEVEN) {
    await page.goto(`${url}/customers/new`);
    await page.getByLabel("Organisation").fill(name);
    fields++;
    await page.getByRole("button", { name: "Enroll customer" }).click();
    posts++;
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
    const form = page.locator("form#add-contact");
    for (const person of people([name])) {
      await form.getByLabel("Name").fill(person.name);
      await form.getByLabel("Email").fill(person.email);
      await form.getByLabel("Job title").fill(person.title);
      for (const role of person.labels) await form.getByLabel(role, { exact: true }).check();
      fields += 3 + person.labels.length;
      await form.getByRole("button", { name: "Add contact" }).click();
      posts++;
      await expect(page.getByText(person.email)).toBeVisible();
    }
  }
  await page.goto(url);
  for (const name of SEVEN) await expect(customerList(page).getByRole("link", { name })).toBeVisible();
  const seconds = (Date.now() - started) / 1000;
  expect([posts, fields]).toEqual([35, 7 + 28 * 3 + 35]);
  testInfo.annotations.push({ type: "figure", description: `forms: 7 customers, 28 people, ${posts} posts, ${fields} fields in ${seconds.toFixed(1)} s of browser time` });
  console.log(`[figure] by forms: ${seconds.toFixed(1)} s, ${posts} posts, ${fields} fields`);
});

/** Tabs to a control and presses a key, as keyboard.spec.ts does. */
async function activate(page: Page, control: Locator, key: "Enter" | "Space" = "Enter") {
  await tabTo(page, control);
  await page.keyboard.press(key);
}

test("the import by keyboard alone", async ({ page }) => {
  await signIn(page, pmEmail);
  const url = await newProgram(page, "Keyboard charter");
  await activate(page, page.getByRole("link", { name: "Import from CSV" }));
  await expect(page.getByRole("heading", { level: 1, name: "Import customers from a CSV" })).toBeVisible();
  await tabTo(page, page.getByLabel("Paste the CSV"));
  // What a paste does: the text arrives in the focused box at once.
  await page.keyboard.insertText(csvOf(people(SEVEN.slice(0, 2))).replace("carl@nordlichtgmbh.example", "carl@"));
  await activate(page, page.getByRole("button", { name: "Preview" }));
  await expect(page.getByText("Row 7 · Nordlicht GmbH")).toBeVisible();
  // Back to the box: select all and paste the corrected text.
  await tabTo(page, page.getByLabel("Paste the CSV"));
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(csvOf(people(SEVEN.slice(0, 2))));
  await activate(page, page.getByRole("button", { name: "Preview" }));
  await activate(page, page.getByRole("button", { name: "Import 2 customers and 8 people" }));
  await expect(page.getByRole("heading", { level: 1, name: "Keyboard charter" })).toBeVisible();
  await expect(customerList(page).getByRole("link", { name: "Nordlicht GmbH" })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe(url);
});

test("the import without JavaScript: the preview is a post that writes nothing, the import a second post", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(pmEmail);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto(`${programUrl}/customers/import`);
  await page.getByLabel("Paste the CSV").fill("organisation,contact name,email,title,roles\nHarbor Health,Hana New,hana@harborhealth.example,Analyst,user\nZephyr Air,Zoe Buyer,zoe@zephyr.example,,buyer\n");
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByText("Already enrolled: people added to it")).toBeVisible();
  await page.getByRole("button", { name: "Import 1 customer and 2 people" }).click();
  await expect(page.getByText("Imported 1 new customer and 2 people from the CSV.")).toBeVisible();
  await expect(customerList(page).getByRole("link", { name: "Zephyr Air" })).toBeVisible();
  await context.close();
});
