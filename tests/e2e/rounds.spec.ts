import type { Page } from "@playwright/test";
import { createWorkspace, expect, expectFieldError, expectNoAxeViolations, linkFromMailbox, signIn, test, uniqueEmail } from "./fixtures";

// The usable test end to end: a PM opens a round on the demo program, a customer's user answers
// through the personal link from the mailbox, and the PM sees the evidence.
test.describe.configure({ mode: "serial" });

const pmEmail = uniqueEmail("rhea");
let roundUrl = "";
let tomLink = "";

const usableRow = (page: Page, name: RegExp) => page.getByRole("region", { name: "Usable test, per customer" }).getByRole("row", { name });

/** Answers the feedback form: every task with `outcome`, every SUS statement with `answer`. */
async function answerFeedback(page: Page, { outcome, answer, confusing }: { outcome: string; answer: string; confusing?: string }) {
  const tasks = page.getByRole("group", { name: /^Task \d+:/ });
  for (let i = 0; i < (await tasks.count()); i++) await tasks.nth(i).getByLabel(outcome).check();
  const statements = page.getByRole("group", { name: /^\d+\. I/ });
  expect(await statements.count()).toBe(10);
  for (let i = 0; i < 10; i++) await statements.nth(i).getByLabel(answer, { exact: true }).check();
  if (confusing !== undefined) await page.getByLabel("What was confusing?").fill(confusing);
}

test("a PM plans a round, is told why it cannot open yet, adds tasks, reviews whom it emails and opens it", async ({ page, browser }) => {
  await createWorkspace(page, { team: "Fieldline", name: "Rhea PM", email: pmEmail, demo: true });
  await page.getByRole("link", { name: "Plan the first round" }).click();
  await page.getByLabel("Title").fill("Drag-and-drop scheduling");
  await page.getByLabel("Prototype link").fill("https://prototype.example/v1");
  await expect(page.getByLabel("Mean SUS at least")).toHaveValue("68");
  await expect(page.getByLabel("Unaided completion at least (%)")).toHaveValue("78");
  await page.getByRole("button", { name: "Create round" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Round 1: Drag-and-drop scheduling/ })).toBeVisible();
  roundUrl = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "Review the invitation and open" }).click();
  await expect(page.getByRole("alert")).toContainText("The round has no usability task yet");
  await expect(page.getByRole("button", { name: /Open round and send/ })).toHaveCount(0);
  await expectNoAxeViolations(page, "a round that cannot open yet");
  await page.getByRole("link", { name: "Back to the round" }).click();

  await page.getByLabel("Task", { exact: true }).fill("Schedule tomorrow's 9am boiler service for the nearest technician");
  await page.getByLabel("What success looks like").fill("The job shows on a technician's timeline");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("1. Schedule tomorrow's 9am boiler service")).toBeVisible();
  await page.getByLabel("Task", { exact: true }).fill("Move an urgent job to the first free slot today");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("2. Move an urgent job")).toBeVisible();

  // The confirm step, without JavaScript: whom the open emails and the invitation they get, before anything is sent.
  const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
  const confirm = await plain.newPage();
  await confirm.goto(roundUrl);
  await confirm.getByRole("link", { name: "Review the invitation and open" }).click();
  const emailed = confirm.getByRole("heading", { name: /^\d+ people will be emailed$/ });
  await expect(emailed).toBeVisible();
  const invited = Number((await emailed.textContent())!.split(" ")[0]);
  await expect(confirm.getByText("Tom Becker · tom.becker@harbormech.example")).toBeVisible();
  await expect(confirm.getByText(/The invitation says: “Please answer by \w+day \d+ \w+/)).toBeVisible();
  await expect(confirm.getByText("Fieldline Dispatch Board, round 1: try the prototype and tell us what you think")).toBeVisible();
  await expect(confirm.getByRole("region", { name: "Preview of the invitation email" }).getByText(/^Please answer by/)).toBeVisible();
  await expect(confirm.getByRole("region", { name: "Preview of the invitation email" }).getByRole("link", { name: "Open your feedback form" })).toHaveAttribute("href", /\/f\/preview-only-each-person-gets-their-own-link$/);
  // axe needs JavaScript in the page: page-accessibility.spec.ts checks this page with it.
  await confirm.getByRole("link", { name: "Not yet: back to the round" }).click();
  await expect(confirm.getByRole("heading", { level: 1, name: /Round 1: Drag-and-drop scheduling/ })).toBeVisible();
  await confirm.getByRole("link", { name: "Review the invitation and open" }).click();
  await confirm.getByRole("button", { name: `Open round and send ${invited} invitations` }).click();
  await expect(confirm.getByText(`Round opened: ${invited} personal invitations queued.`)).toBeVisible();
  await plain.close();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Usable test, per customer" })).toBeVisible();
  await expect(usableRow(page, /Harbor Mechanical/)).toContainText("0 of 3");
  await expect(usableRow(page, /Harbor Mechanical/)).toContainText("Not enough data");
  await expectNoAxeViolations(page, "open round");
});

test("the invitation lands in the mailbox and the user answers through its link", async ({ page, browser }) => {
  await signIn(page, pmEmail);
  tomLink = await linkFromMailbox(page, "tom.becker@harbormech.example", "/f/");

  const user = await (await browser.newContext()).newPage();
  await user.goto(tomLink);
  // The round's planned close, as a person reads it (a new round is planned to close in two weeks).
  await expect(user.getByText(/^Please answer by \w+day \d+ \w+( \d{4})?\.$/)).toBeVisible();
  await expect(user.getByRole("heading", { level: 1, name: "Fieldline Dispatch Board: round 1" })).toBeVisible();
  await expect(user.getByText("For Tom Becker at Harbor Mechanical")).toBeVisible();

  await user.getByRole("button", { name: "Send my feedback" }).click();
  await expectFieldError(user, "Choose how this task went.", "Task 1: ");
  await expectFieldError(user, "Choose an answer for statement 1.");
  await expectNoAxeViolations(user, "feedback form with errors");

  await answerFeedback(user, { outcome: "I did it on my own", answer: "Strongly agree", confusing: "Where do I see travel time?" });
  // Strongly agreeing with every statement, negative ones included: (4·5 + 0·5) × 2.5 = 50.
  await user.getByRole("button", { name: "Send my feedback" }).click();
  await expect(user.getByRole("heading", { name: "Thank you — your feedback is recorded" })).toBeVisible();
  // Back from the thank-you page: the form shows the stored answers, and sending it again records nothing new.
  await user.goBack();
  await expect(user.getByText(/You answered on/)).toBeVisible();
  await expect(user.getByRole("group", { name: /^1\. I/ }).getByLabel("Strongly agree", { exact: true })).toBeChecked();
  await expect(user.getByRole("group", { name: /^Task 1:/ }).getByLabel("I did it on my own")).toBeChecked();
  await expect(user.getByLabel("What was confusing?")).toHaveValue("Where do I see travel time?");
  await user.getByRole("button", { name: "Save my changes" }).click();
  await expect(user.getByRole("heading", { name: "Your answers were already recorded" })).toBeVisible();

  await page.goto(roundUrl);
  const harbor = usableRow(page, /Harbor Mechanical/);
  await expect(harbor).toContainText("1 of 3");
  await expect(harbor).toContainText("50");
  await expect(harbor).toContainText("100%");
  await page.getByText("Harbor Mechanical — 1 response").click();
  // (The opened response; the same words are also in the feedback list below, to tag.)
  await expect(page.getByText("Where do I see travel time?").first()).toBeVisible();
  await expectNoAxeViolations(page, "round with a response opened");
  // The users, grouped by their customer with its count.
  const harborUsers = page.getByRole("region", { name: /^Harbor Mechanical · 1 of \d+ responded$/ });
  await expect(harborUsers.getByRole("listitem").filter({ hasText: "Tom Becker" })).toContainText("Responded");
});

test("reopening the link shows the answers; a change replaces them and keeps history", async ({ page, browser }) => {
  const user = await (await browser.newContext()).newPage();
  await user.goto(tomLink);
  await expect(user.getByText(/You answered on/)).toBeVisible();
  await expect(user.getByRole("group", { name: /^1\. I/ }).getByLabel("Strongly agree", { exact: true })).toBeChecked();
  await expect(user.getByLabel("What was confusing?")).toHaveValue("Where do I see travel time?");

  // Positive statements agreed, negative ones disagreed: a perfect 100.
  const statements = user.getByRole("group", { name: /^\d+\. I/ });
  for (let i = 1; i < 10; i += 2) await statements.nth(i).getByLabel("Strongly disagree", { exact: true }).check();
  await user.getByRole("group", { name: /^Task 2:/ }).getByLabel("I could not do it").check();
  await user.getByRole("button", { name: "Save my changes" }).click();
  await expect(user.getByRole("heading", { name: "Your changes are saved" })).toBeVisible();
  await expectNoAxeViolations(user, "feedback changes saved");

  await signIn(page, pmEmail);
  await page.goto(roundUrl);
  const harbor = usableRow(page, /Harbor Mechanical/);
  await expect(harbor).toContainText("1 of 3");
  await expect(harbor).toContainText("100");
  await expect(harbor).toContainText("50%");
  await expect(page.getByRole("listitem").filter({ hasText: "tom.becker@harbormech.example" })).toContainText("edited");
});

test("a revoked and a mangled link show a clear page and record nothing", async ({ page, browser }) => {
  await signIn(page, pmEmail);
  await page.goto(roundUrl);
  await page.getByRole("button", { name: "Revoke and re-send link to Tom Becker" }).click();
  await expect(page.getByText("A new link was sent; the earlier links of that user no longer work.")).toBeVisible();

  const user = await (await browser.newContext()).newPage();
  await user.goto(tomLink);
  await expect(user.getByRole("heading", { name: "This link has been replaced" })).toBeVisible();
  await expect(user.getByText("ask the product manager who invited you to send the link again")).toBeVisible();
  await expectNoAxeViolations(user, "replaced feedback link");
  const mangled = await user.goto(tomLink.slice(0, -6) + "AAAAAA");
  expect(mangled?.status()).toBe(404);
  await expect(user.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expectNoAxeViolations(user, "mangled feedback link");

  // A post to the revoked link stores nothing: the evidence is unchanged.
  const post = await user.request.post(new URL(tomLink).pathname, { form: { confusing: "sneaky" }, maxRedirects: 0 });
  expect([302, 303]).toContain(post.status());
  await page.reload();
  await expect(usableRow(page, /Harbor Mechanical/)).toContainText("1 of 3");
  await page.getByText("Harbor Mechanical — 1 response").click();
  await expect(page.getByText("sneaky")).toHaveCount(0);

  // The new link works.
  const fresh = await linkFromMailbox(page, "tom.becker@harbormech.example", "/f/");
  expect(fresh).not.toBe(tomLink);
  await user.goto(fresh);
  await expect(user.getByText(/You answered on/)).toBeVisible();
});

test("the feedback form works with JavaScript turned off", async ({ page, browser }) => {
  await signIn(page, pmEmail);
  const link = await linkFromMailbox(page, "alicia.gomez@harbormech.example", "/f/");

  const context = await browser.newContext({ javaScriptEnabled: false });
  const user = await context.newPage();
  await user.goto(link);
  await user.getByRole("button", { name: "Send my feedback" }).click();
  // The page comes back at the top: the summary there lists every problem and links to each.
  await expect(user.getByRole("heading", { name: /^\d+ answers need your attention$/ })).toBeInViewport();
  await expectFieldError(user, "Choose an answer for statement 1.");
  await user.getByRole("link", { name: "Choose an answer for statement 10." }).click();
  await expect(user.getByRole("group", { name: /^10\. / }).getByText("Choose an answer for statement 10.")).toBeInViewport();
  await answerFeedback(user, { outcome: "I did it, but needed help or hints", answer: "Agree" });
  await user.getByRole("button", { name: "Send my feedback" }).click();
  await expect(user.getByRole("heading", { name: "Thank you — your feedback is recorded" })).toBeVisible();
  await context.close();

  // Back from the confirmation, without JavaScript: the form comes back with the stored answers
  // (pages are not cached), so sending it again needs nothing and records nothing new. (Back onto a
  // refused post's page is the browser's "resubmit the form?" page instead, hence a fresh visit.)
  const again = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await again.goto(link);
  await again.getByRole("button", { name: "Save my changes" }).click();
  await expect(again.getByRole("heading", { name: "Your answers were already recorded" })).toBeVisible();
  await again.goBack();
  await expect(again.getByText(/You answered on/)).toBeVisible();
  await expect(again.getByRole("group", { name: /^1\. I/ }).getByLabel("Agree", { exact: true })).toBeChecked();
  await again.getByRole("button", { name: "Save my changes" }).click();
  await expect(again.getByRole("heading", { name: "Your answers were already recorded" })).toBeVisible();
  await again.context().close();

  await page.goto(roundUrl);
  await expect(usableRow(page, /Harbor Mechanical/)).toContainText("2 of 3");
});
