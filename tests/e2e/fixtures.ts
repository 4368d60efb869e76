import { test as base, expect, type Page } from "@playwright/test";

/** Every page fails its test on a browser console error or an uncaught exception. */
export const test = base.extend<{ failOnConsoleErrors: void }>({
  failOnConsoleErrors: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        // Confirmation dialogs (close a round, archive) are accepted as a person would.
        page.on("dialog", (dialog) => void dialog.accept());
        page.on("console", (msg) => {
          if (msg.type() === "error" && !expectedConsoleError(msg.text())) problems.push(`console.error on ${page.url()}: ${msg.text()}`);
        });
        page.on("pageerror", (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
      };
      context.pages().forEach(watch);
      context.on("page", watch);
      await use();
      expect(problems, "browser errors").toEqual([]);
    },
    { auto: true },
  ],
});

// A refused form (400/409) or a 403/404 page logs "Failed to load resource"; the tests assert those statuses.
const expectedConsoleError = (text: string) => /Failed to load resource: the server responded with a status of (400|403|404|409)/.test(text);

export { expect };

let counter = 0;
export const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}${(counter++).toString(36)}@example.test`;
export const PASSWORD = "a long enough password";

/** Creates a workspace through the onboarding page and leaves the page signed in. */
export async function createWorkspace(page: Page, { team, name, email, demo = false }: { team: string; name: string; email: string; demo?: boolean }) {
  await page.goto("/setup");
  await page.getByLabel("Team or company name").fill(team);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  const demoBox = page.getByLabel("Load a demo program");
  if ((await demoBox.isChecked()) !== demo) await demoBox.click();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Signs in and waits for the workspace; pass `expectRefusal` to stay on the sign-in page. */
export async function signIn(page: Page, email: string, password = PASSWORD, { expectRefusal = false } = {}) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (!expectRefusal) await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Opens the newest mailbox email to `to` and returns its link that contains `path`. */
export async function linkFromMailbox(page: Page, to: string, path: string) {
  await page.goto("/mailbox");
  await page.getByRole("link", { name: new RegExp(`To ${to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).first().click();
  const link = page.locator(`article a[href*="${path}"]`).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute("href"))!;
}
