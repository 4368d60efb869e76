import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { emailOutbox } from "#db/schema";
import { saveTechBrief } from "~/modules/clearance/brief.server";
import { loadClearancePage, submitClearance } from "~/modules/clearance/gatekeeper.server";
import { revokeClearanceRequest, sendClearanceRequest } from "~/modules/clearance/requests.server";
import { addRequirement, listRequirements } from "~/modules/clearance/requirements.server";
import { addContact } from "~/modules/customers/customers.server";
import { customerTimeline } from "~/modules/customers/timeline.server";
import { submitQuoteAnswer } from "~/modules/quotes/answers.server";
import { changeQuotes } from "~/modules/quotes/requests.server";
import { answerReferenceRequest } from "~/modules/references/answer.server";
import { cancelReferenceRequest, requestReference } from "~/modules/references/requests.server";
import { emailProps } from "../support/emails";
import { addMember, contactInput, origin } from "../support/factories";
import { referenceableProgram } from "../support/referenceable";

/**
 * The customer's timeline tells the three later channels too (issues 15 and 17): a reference use
 * requested and agreed, a champion's quote given and approved, an IT review sent and vetoed — in
 * words, for that customer only, in the same five queries.
 */

let p: Awaited<ReturnType<typeof referenceableProgram>>;
let pm: Awaited<ReturnType<typeof addMember>>;

/** The newest link of a template emailed to an address ("/r/", "/q/", "/g/"). */
async function latestLink(template: string, to: string, marker: string) {
  const [row] = await db()
    .select({ props: emailProps })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, p.workspaceId), eq(emailOutbox.template, template), eq(emailOutbox.toAddress, to)))
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(1);
  return (row.props as { link: string }).link.split(marker)[1];
}

beforeAll(async () => {
  p = await referenceableProgram();
  pm = await addMember(p.workspaceId, "pm");
  const customerId = p.customerIds[1];
  const scope = { programId: p.programId, customerId };

  // A reference use, agreed by the buyer by link; a second one cancelled by the PM.
  const ask = { customerId, kind: "logo" as const, requester: "Sam Sales", purpose: "Northwind Plumbing", ask: "named" as const, neededBy: null, overrideReason: "" };
  await requestReference({ actor: pm, programId: p.programId, input: ask });
  await answerReferenceRequest({ token: await latestLink("reference-request", "buyer.1@customer.test", "/r/"), input: { decision: "agree", note: "Tuesdays work best", signatureName: "Buyer 1" }, origin });
  const second = await requestReference({ actor: pm, programId: p.programId, input: { ...ask, kind: "case_study", purpose: "Contoso" } });
  await cancelReferenceRequest({ actor: pm, programId: p.programId, requestId: second.id, reason: "The prospect signed already" });
  // Another customer's own request, which only its own timeline shows.
  await requestReference({ actor: pm, programId: p.programId, input: { ...ask, customerId: p.customerIds[2], purpose: "Fabrikam" } });

  // The champion's quote, given by link and approved by the buyer by link.
  const { id: championId } = await addContact({ actor: p.admin, ...scope, input: contactInput("Cam Champion", { isChampion: true }) });
  await changeQuotes({ actor: pm, ...scope, input: { intent: "ask-quote", contactId: championId } });
  await submitQuoteAnswer({ token: await latestLink("quote-request", "cam.champion@customer.test", "/q/"), input: { intent: "give", text: "We plan a day in half the time.", attribution: "Cam Champion, Ops lead" }, origin });
  await submitQuoteAnswer({ token: await latestLink("quote-request", "buyer.1@customer.test", "/q/"), input: { intent: "approve", decision: "approve", note: "", signatureName: "Buyer 1" }, origin });

  // The IT review: a brief, the request, the gatekeeper opens the link and vetoes.
  await addContact({ actor: p.admin, ...scope, input: contactInput("Gate Keeper", { isGatekeeper: true }) });
  await addRequirement({ actor: p.admin, programId: p.programId, input: { title: "SAML single sign-on", need: "Okta" } });
  const [requirement] = await listRequirements(p.workspaceId, p.programId);
  await saveTechBrief({ actor: p.admin, ...scope, input: { answers: [{ requirementId: requirement.id, answer: "Planned for Q3" }], notes: "" } });
  // The first request withdrawn (a wrong address, say), then sent again.
  await sendClearanceRequest({ actor: p.admin, ...scope });
  await revokeClearanceRequest({ actor: p.admin, ...scope });
  await sendClearanceRequest({ actor: p.admin, ...scope });
  const gatekeeperToken = await latestLink("clearance-request", "gate.keeper@customer.test", "/g/");
  expect(await loadClearancePage(gatekeeperToken, origin)).toMatchObject({ state: "ok" });
  await submitClearance({
    token: gatekeeperToken,
    input: { marks: [{ requirementId: requirement.id, mark: "blocker", note: "" }], decision: "veto", conditions: "", vetoReason: "No SAML support", signatureName: "Gate Keeper" },
    origin,
  });
}, 240_000);

describe("the customer's timeline, for references, quotes and the IT review", () => {
  it("tells each step in words, amber where a use, a quote or a clearance will not happen", async () => {
    const { activity } = await customerTimeline(p.workspaceId, p.programId, p.customerIds[1]);
    const tone = (text: string) => activity.find((a) => a.text === text)?.tone;
    const expected: [string, "gray" | "amber"][] = [
      ["Reference request: logo on the website for Northwind Plumbing, asked of Buyer 1 by Sam Sales (recorded by pm person)", "gray"],
      ["Reference request (logo on the website) emailed to Buyer 1", "gray"],
      ["Buyer 1 agreed to the logo on the website for Northwind Plumbing: “Tuesdays work best”", "gray"],
      ["Reference request (case study for Contoso) cancelled by pm person: “The prospect signed already”", "amber"],
      ["Champion quote requested from Cam Champion by pm person", "gray"],
      ["Cam Champion gave a quote (attributed to “Cam Champion, Ops lead”)", "gray"],
      ["Buyer 1 approved the quote for public use (attributed to “Cam Champion, Ops lead”)", "gray"],
      ["Technical brief saved as version 1 by Ada Admin", "gray"],
      ["IT review sent to Gate Keeper for brief version 1 by Ada Admin", "gray"],
      ["IT review request to Gate Keeper for brief version 1 withdrawn by Ada Admin; its links stopped working", "amber"],
      ["Gate Keeper opened the IT review link", "gray"],
      ["IT veto: “No SAML support” — Gate Keeper on brief version 1; 1 requirement marked blocker", "amber"],
    ];
    for (const [text, color] of expected) expect({ text, tone: tone(text) }).toEqual({ text, tone: color });
    // No audit code shows through where words were meant.
    expect(activity.filter((a) => /^(reference|quote|clearance|tech_brief)\./.test(a.text))).toEqual([]);
    // Newest first: the veto was the last event (its receipt email aside).
    expect(activity.find((a) => !a.text.startsWith("Email to"))?.text).toMatch(/^IT veto/);
  });

  it("shows none of it on another customer's timeline, which tells its own", async () => {
    const { activity } = await customerTimeline(p.workspaceId, p.programId, p.customerIds[2]);
    const texts = activity.filter((a) => !a.text.startsWith("Email to")).map((a) => a.text);
    expect(texts.filter((t) => /reference request|quote|IT review|IT veto|technical brief/i.test(t))).toEqual([
      "Reference request (logo on the website) emailed to Buyer 2",
      "Reference request: logo on the website for Fabrikam, asked of Buyer 2 by Sam Sales (recorded by pm person)",
    ]);
    expect(activity.filter((a) => /Northwind|Contoso|Cam Champion|Gate Keeper|Buyer 1/.test(a.text))).toEqual([]);
  });

  it("reads the history in five queries, with these events as with none", async () => {
    const count = async (customerId: string) => {
      const store = { count: 0 };
      await queryCounter.run(store, () => customerTimeline(p.workspaceId, p.programId, customerId));
      return store.count;
    };
    expect(await count(p.customerIds[1])).toBe(5);
    expect(await count(p.customerIds[2])).toBe(5);
  });
});
