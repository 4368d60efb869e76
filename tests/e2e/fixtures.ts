import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Locator, type Page } from "@playwright/test";

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

// A refused form (400/409), a 403/404 page or the database-outage page (503) logs "Failed to load
// resource"; the tests assert those statuses.
// The mailbox shows an email in a frame sandboxed without scripts: Chromium logs that it blocked
// the test tools' own scripts there (Playwright's and axe's), which is the sandbox doing its job.
const expectedConsoleError = (text: string) =>
  /Failed to load resource: the server responded with a status of (400|403|404|409|503)/.test(text) ||
  /^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed and the 'allow-scripts' permission is not set\.$/.test(text);

export { expect };

let counter = 0;
export const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}${(counter++).toString(36)}@example.test`;
export const PASSWORD = "a long enough password";

/**
 * Creates a workspace through the onboarding page and leaves the page signed in. `demo: true` loads
 * the demo's customers only (the specs run round 1 on them); `demo: "history"` its rounds as well.
 */
export async function createWorkspace(page: Page, { team, name, email, demo = false }: { team: string; name: string; email: string; demo?: boolean | "history" }) {
  await page.goto("/setup");
  await page.getByLabel("Team or company name").fill(team);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  const demoBox = page.getByLabel("Load a demo program");
  if ((await demoBox.isChecked()) !== !!demo) await demoBox.click();
  if (demo) {
    const historyBox = page.getByLabel("With seven weeks of history");
    if ((await historyBox.isChecked()) !== (demo === "history")) await historyBox.click();
  }
  await page.getByRole("button", { name: "Create workspace" }).click();
  // The demo's history is seconds of work for the server, more on a loaded machine.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: demo === "history" ? 90_000 : undefined });
}

/** Signs in and waits for the workspace; pass `expectRefusal` to stay on the sign-in page. */
export async function signIn(page: Page, email: string, password = PASSWORD, { expectRefusal = false } = {}) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (!expectRefusal) await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** A mailbox entry's link by its recipient's address ("To Dana Whitfield <dana@…>" or "To dana@…"). */
export const mailboxEntryName = (to: string) => new RegExp(`(?:To |<)${to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:>|\\s|$)`);

/** Opens the newest mailbox email to `to` and returns its link that contains `path` (from the plain-text view). */
export async function linkFromMailbox(page: Page, to: string, path: string) {
  await page.goto("/mailbox");
  await page.getByRole("link", { name: mailboxEntryName(to) }).first().click();
  await page.getByRole("navigation", { name: "Email views" }).getByRole("link", { name: "Plain text" }).click();
  const link = page.locator(`article a[href*="${path}"]`).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute("href"))!;
}

/**
 * Runs axe-core on the page as it is now (WCAG 2.0/2.1 A and AA, plus axe's best practices:
 * landmarks, heading order, one h1) and fails with each violation's rule and the elements it hit.
 */
/**
 * A refused public form (/f/, /s/): the message is listed in the error summary at the top, and its
 * link leads to the same message beside the field (the summary may put `prefix`, like "Task 1: ",
 * before it).
 */
export async function expectFieldError(page: Page, message: string, prefix = "") {
  const link = page.getByRole("alert").getByRole("link", { name: prefix + message }).first();
  await expect(link).toBeVisible();
  const target = (await link.getAttribute("href"))!.replace(/^#/, "");
  await expect(page.locator(`[id="${target}"]`)).toContainText(message);
}

export async function expectNoAxeViolations(page: Page, label = "") {
  await page.waitForLoadState("load");
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect.soft(found, `accessibility violations on ${label || new URL(page.url()).pathname}`).toEqual([]);
}

/**
 * Presses Tab until `target` has the focus — Shift+Tab when the target comes before the focused
 * element, as a person would go back — and asserts the focus can be seen. Fails naming what had it.
 */
export async function tabTo(page: Page, target: Locator, { max = 80 } = {}) {
  await target.waitFor();
  const backwards = await target.evaluate((el) => {
    const active = document.activeElement;
    return !!active && active !== document.body && !!(el.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  for (let i = 0; i <= max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return expectFocusVisible(page);
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160) ?? "nothing");
  throw new Error(`${max} presses of ${backwards ? "Shift+Tab" : "Tab"} did not reach ${target}; the focus is on ${focused}`);
}

/** The focused element shows where the focus is: a solid outline of 2px or more (the app's focus-visible ring). */
export async function expectFocusVisible(page: Page) {
  const indicator = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "nothing is focused";
    const style = getComputedStyle(el);
    const visible = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(style.outlineColor);
    return visible ? "" : `${el.outerHTML.slice(0, 120)} has no visible focus indicator (outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor})`;
  });
  expect(indicator, "focus indicator").toBe("");
}

/** At 320 px (the narrowest phones) nothing makes the page scroll sideways: wide tables scroll in their own region. */
export async function expectFitsPhone(page: Page, label: string) {
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 640 });
  const widths = await page.evaluate(() => {
    // The outermost elements that stick out, outside any region that scrolls on its own (an
    // absolutely positioned one escapes a region that is not its containing block: .sr-only text).
    const scrolls = (el: Element | null): boolean => !!el && (getComputedStyle(el).overflowX === "auto" || scrolls(el.parentElement));
    const wide = [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && (!scrolls(el.parentElement) || getComputedStyle(el).position === "absolute"));
    const outermost = wide.filter((el) => !wide.includes(el.parentElement!)).map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}"> ${(el.textContent ?? "").trim().slice(0, 40)}`);
    // A word longer than its box (an email address) overflows as text while every box still fits.
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const parent = node.parentElement!;
      if ([...range.getClientRects()].some((r) => r.right > window.innerWidth + 0.5) && !scrolls(parent) && !wide.includes(parent)) outermost.push(`text in <${parent.tagName.toLowerCase()} class="${parent.getAttribute("class") ?? ""}"> ${(node.textContent ?? "").trim().slice(0, 40)}`);
    }
    return { page: document.documentElement.scrollWidth, viewport: window.innerWidth, outermost };
  });
  await page.setViewportSize(size);
  expect(widths.page, `${label}: page width at 320 px; too wide: ${widths.outermost.join(" | ")}`).toBeLessThanOrEqual(widths.viewport);
}
