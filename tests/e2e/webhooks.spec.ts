import { Webhook } from "standardwebhooks";
import { hookHeaders, startWebhookReceiver } from "../support/webhook-receiver";
import { createWorkspace, expect, expectFitsPhone, expectNoAxeViolations, test, uniqueEmail } from "./fixtures";

// An admin connects the team's own system: registers an endpoint, sends a test event, and the
// receiver (a real HTTP server in this process) verifies its signature with the same library.
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

test("an admin registers an endpoint and sends a test event; the receiver verifies it and the log shows 200", async ({ page }) => {
  await createWorkspace(page, { team: "Hooked Co", name: "Ada Admin", email: uniqueEmail("ada") });
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await expect(page.getByText("No endpoints yet")).toBeVisible();
  await expectNoAxeViolations(page, "webhooks, empty");
  await expectFitsPhone(page, "webhooks, empty");

  // A plain-http address elsewhere than this machine is refused, with the reason beside the field.
  await page.getByLabel("Address (https://…)").fill("http://hooks.example.com/charter");
  await page.getByLabel("Round opened").check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Use an https:// address (plain http is allowed only to localhost, for local testing).")).toBeVisible();
  await expectNoAxeViolations(page, "webhooks, refused address");

  await page.getByLabel("Address (https://…)").fill(receiver.url("/charter"));
  await page.getByLabel("Description (optional)").fill("Our CRM");
  await page.getByLabel("Sign-off decided").check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Endpoint added")).toBeVisible();
  const secret = (await page.locator("code").filter({ hasText: /^whsec_/ }).textContent())!;
  expect(secret).toMatch(/^whsec_/);
  await expect(page.getByRole("link", { name: receiver.url("/charter") })).toBeVisible();
  await expectNoAxeViolations(page, "webhooks, endpoint added");
  await expectFitsPhone(page, "webhooks, with an endpoint and its secret");

  await page.getByRole("link", { name: "Open the endpoint" }).click();
  await expect(page.getByRole("heading", { level: 1, name: receiver.url("/charter") })).toBeVisible();
  await expect(page.getByText("Nothing sent yet.")).toBeVisible();
  await page.getByRole("button", { name: "Send a test event" }).click();
  await expect(page.getByText("Test event queued.")).toBeVisible();

  // The background work sends it: the receiver verifies the signature with the endpoint's secret.
  await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
  const [hook] = receiver.received;
  const event = new Webhook(secret).verify(hook.body, hookHeaders(hook)) as { type: string; version: number; id: string };
  expect(event).toMatchObject({ type: "webhook.test", version: 1, id: hook.headers.id });

  const log = page.getByRole("region", { name: "Delivery log table" });
  await expect(async () => {
    await page.reload();
    await expect(log.getByRole("row", { name: /webhook\.test/ })).toContainText("200", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(log).toContainText(hook.headers.id);
  await expectNoAxeViolations(page, "webhook endpoint with its log");
  await expectFitsPhone(page, "webhook endpoint with its log");

  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByText("Endpoint disabled")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a test event" })).toHaveCount(0);
});
