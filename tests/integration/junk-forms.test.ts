import { createEndpoint } from "~/modules/webhooks/endpoints.server";
import { createApiToken } from "~/modules/workspaces/api-tokens.server";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox, members, referenceLinks, referenceRequests, userResponses } from "#db/schema";
import { createSession } from "~/modules/auth/session.server";
import { addContact, listContacts, listCustomers } from "~/modules/customers/customers.server";
import { changeQuotes } from "~/modules/quotes/requests.server";
import { changeTasks, createRound, listTasks, openRound } from "~/modules/rounds/rounds.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { submitFeedback } from "~/modules/feedback/feedback.server";
import { tagFeedback } from "~/modules/themes/tagging.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { inviteMember } from "~/modules/workspaces/members.server";
import { saveTechBrief } from "~/modules/clearance/brief.server";
import { gatekeepersOf, sendClearanceRequest } from "~/modules/clearance/requests.server";
import { addRequirement } from "~/modules/clearance/requirements.server";
import { newWorkspace, origin } from "../support/factories";
import { newToken } from "~/utils/tokens.server";
import { emailProps } from "../support/emails";
import { leaves, loadRoute } from "../support/routes";
import { rowsOf, tableFingerprints } from "../support/tables";

/**
 * Bad input, generated: fast-check throws junk at every public form and every PM form (each
 * intent of each action). Nothing answers 500, every refusal is a 4xx whose messages belong to
 * fields of that form (or to the form as a whole), and a refusal changes no row of any table.
 */

type Form = {
  /** The route file serving the action, as in app/routes.ts. */
  file: string;
  intents?: string[];
  fields: string[];
  /** The form is used signed in (as a PM of the workspace), else anonymously. */
  signedIn: boolean;
  /** Refusals recorded on purpose in the security trail: a failed sign-in, a refused link. */
  auditsRefusals?: boolean;
  /** A valid value per field, so that runs also reach past validation into the database. */
  valid?: Record<string, string>;
};

const person = { name: "Pat Person", email: "pat@example.test", title: "Ops", isUser: "on" };
const program = { name: "Charter", product: "Board", valueHypothesis: "Half the time.", targetReferenceable: "6" };
const goLive = { plannedOn: "2027-01-12", liveOn: "2026-01-05", agreementPlan: "Pro", agreementSeats: "40", agreementAmount: "18,000", agreementCurrency: "EUR", agreementSignedOn: "2026-01-02" };
const round = { title: "Round", prototypeUrl: "https://example.com/p", version: "v1", testerNotes: "n", minResponses: "3", minSus: "68", minTaskCompletionPct: "78" };

const FORMS: Form[] = [
  { file: "routes/setup.tsx", signedIn: false, valid: { workspaceName: "Team", name: "Ada", email: "ada@example.test", password: "long enough password" }, fields: ["workspaceName", "name", "email", "password", "loadDemo", "homepage"] },
  { file: "routes/login.tsx", signedIn: false, auditsRefusals: true, fields: ["email", "password", "redirectTo", "homepage"] },
  { file: "routes/invitation.tsx", signedIn: false, auditsRefusals: true, valid: { name: "New PM", password: "long enough password" }, fields: ["name", "password", "homepage"] },
  { file: "routes/feedback.tsx", signedIn: false, auditsRefusals: true, valid: { "tasks[0].taskId": "$taskId", "tasks[0].outcome": "completed", "tasks[0].comment": "ok", ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sus${i + 1}`, "4"])), confusing: "c", missing: "m" }, fields: ["tasks[0].taskId", "tasks[0].outcome", "tasks[0].comment", ...Array.from({ length: 10 }, (_, i) => `sus${i + 1}`), "confusing", "missing", "homepage"] },
  { file: "routes/signoff.tsx", signedIn: false, auditsRefusals: true, valid: { decision: "approve", conditions: "c", willingnessToPay: "amount", wtpAmount: "12000", wtpCurrency: "EUR", referenceConsent: "yes", consentNameLogo: "on", signatureName: "Bea Buyer" }, fields: ["decision", "declineReason", "conditions", "willingnessToPay", "wtpAmount", "wtpCurrency", "referenceConsent", "consentNameLogo", "consentCaseStudy", "consentReferenceCalls", "referenceUses", "referenceContactName", "referenceContactEmail", "signatureName", "homepage"] },
  { file: "routes/consent.tsx", signedIn: false, auditsRefusals: true, fields: [] },
  { file: "routes/quote.tsx", signedIn: false, auditsRefusals: true, intents: ["give", "approve"], valid: { text: "We plan in half the time.", attribution: "Cam, Ops", decision: "approve", note: "n", signatureName: "Bea Buyer" }, fields: ["text", "attribution", "decision", "note", "signatureName", "homepage"] },
  { file: "routes/gatekeeper.tsx", signedIn: false, auditsRefusals: true, valid: { "marks[0].requirementId": "$requirementId", "marks[0].mark": "needs_work", "marks[0].note": "n", decision: "cleared_with_conditions", conditions: "SSO first", vetoReason: "", signatureName: "Gia Gatekeeper" }, fields: ["marks[0].requirementId", "marks[0].mark", "marks[0].note", "decision", "conditions", "vetoReason", "signatureName", "homepage"] },
  { file: "routes/programs.tsx", signedIn: true, intents: ["load-demo"], fields: [] },
  { file: "routes/program-new.tsx", signedIn: true, valid: program, fields: ["name", "product", "valueHypothesis", "targetReferenceable", "itClearanceRequired", "specialMaxCustomers", "referenceLimitUses", "referenceLimitDays"] },
  { file: "routes/program-edit.tsx", signedIn: true, intents: ["template", "apply-template"], valid: { ...program, problem: "p", valueClaimed: "v", priceTerms: "t" }, fields: ["name", "product", "valueHypothesis", "targetReferenceable", "reconfirmEveryRound", "usableRequiresLowerBound", "itClearanceRequired", "specialMaxCustomers", "referenceLimitUses", "referenceLimitDays", "problem", "valueClaimed", "priceTerms"] },
  { file: "routes/program.tsx", signedIn: true, intents: ["launch", "archive", "restore"], valid: { confirm: "fewer-live" }, fields: ["confirm"] },
  { file: "routes/customer-new.tsx", signedIn: true, valid: { name: "Customer", segment: "s", website: "acme.com", notes: "n" }, fields: ["name", "segment", "size", "website", "notes"] },
  { file: "routes/customer-import.tsx", signedIn: true, intents: ["preview", "import"], valid: { csv: "organisation,contact name,email,title,roles\r\nJunk Co,Jo Junk,jo@junk.example,Ops,user" }, fields: ["csv", "file"] },
  { file: "routes/customer-edit.tsx", signedIn: true, valid: { name: "Customer", segment: "s", website: "acme.com", notes: "n" }, fields: ["name", "segment", "size", "website", "notes"] },
  {
    file: "routes/customer.tsx",
    signedIn: true,
    intents: ["add-contact", "activate", "withdraw", "reenroll", "ask-quote", "propose-quote", "withdraw-quote", "resend-quote", "revoke-quote", "save-go-live", "mark-live-today"],
    valid: { ...person, reason: "r", contactId: "$championId", quoteId: "$quoteId", ...goLive },
    fields: ["name", "email", "title", "isBuyer", "isUser", "isChampion", "isGatekeeper", "isReferenceContact", "reason", "roles", "contactId", "comment", "quoteId", ...Object.keys(goLive)],
  },
  { file: "routes/contact-edit.tsx", signedIn: true, intents: ["save", "remove"], valid: person, fields: ["name", "email", "title", "isBuyer", "isUser", "isChampion", "isGatekeeper", "isReferenceContact", "roles"] },
  { file: "routes/round-new.tsx", signedIn: true, valid: round, fields: ["title", "prototypeUrl", "version", "testerNotes", "minResponses", "minSus", "minTaskCompletionPct"] },
  { file: "routes/round-edit.tsx", signedIn: true, valid: round, fields: ["title", "prototypeUrl", "version", "testerNotes", "minResponses", "minSus", "minTaskCompletionPct"] },
  { file: "routes/round.tsx", signedIn: true, intents: ["add-task", "remove-task", "move-task", "open-round", "remind", "send-all-signoffs", "close-round", "resend-link"], valid: { instruction: "Try", successCriteria: "s", taskId: "$taskId", direction: "up", outcome: "iterate", note: "n", contactId: "$contactId" }, fields: ["instruction", "successCriteria", "taskId", "direction", "outcome", "note", "contactId", "invitees", "learnedThemeIds"] },
  { file: "routes/business-case.tsx", signedIn: true, intents: ["save", "send", "remind"], valid: { problem: "p", valueClaimed: "v", priceTerms: "t", notes: "n" }, fields: ["problem", "valueClaimed", "priceTerms", "notes"] },
  { file: "routes/requirements.tsx", signedIn: true, intents: ["add", "edit", "remove", "move"], valid: { title: "SAML single sign-on", need: "Okta", requirementId: "$requirementId", direction: "down" }, fields: ["title", "need", "requirementId", "direction"] },
  { file: "routes/tech-brief.tsx", signedIn: true, intents: ["save", "send", "remind", "revoke"], valid: { "answers[0].requirementId": "$requirementId", "answers[0].answer": "Planned for Q3", notes: "n", contactId: "$gatekeeperId" }, fields: ["answers[0].requirementId", "answers[0].answer", "notes", "endClearance", "contactId"] },
  { file: "routes/members.tsx", signedIn: true, intents: ["invite", "change-role", "remove", "revoke-invitation"], valid: { name: "Mo", email: "mo@example.test", role: "viewer" }, fields: ["name", "email", "role", "memberId", "invitationId"] },
  { file: "routes/settings.tsx", signedIn: true, valid: { companyName: "Acme Software", accentColor: "#1d4ed8" }, fields: ["companyName", "accentColor", "logo", "removeLogo"] },
  { file: "routes/account.tsx", signedIn: true, intents: ["notice-email"], valid: { currentPassword: "wrong password", newPassword: "long enough password", confirmPassword: "long enough password", email: "each" }, fields: ["currentPassword", "newPassword", "confirmPassword", "email"] },
  { file: "routes/notices.tsx", signedIn: true, intents: ["read", "read-all"], fields: ["noticeId"] },
  { file: "routes/webhooks.tsx", signedIn: true, intents: ["create"], valid: { url: "https://hooks.example.test/charter", events: "round.opened" }, fields: ["url", "events"] },
  { file: "routes/webhook-endpoint.tsx", signedIn: true, intents: ["send-test", "disable", "enable", "delete", "rotate-secret", "reveal-secret"], valid: { endpointId: "$endpointId" }, fields: ["endpointId"] },
  { file: "routes/api-tokens.tsx", signedIn: true, intents: ["create-token", "revoke-token"], valid: { name: "BI", tokenId: "$tokenId" }, fields: ["name", "tokenId"] },
  {
    file: "routes/themes.tsx",
    signedIn: true,
    intents: ["tag", "untag", "set-status"],
    valid: { source: "user_comment", sourceId: "$responseId", title: "Junk theme", kind: "request", returnTo: "/programs", status: "wont_do", wontDoReason: "r", themeId: "$themeId", tagId: "$tagId", fetch: "1" },
    fields: ["source", "sourceId", "taskId", "themeId", "kind", "title", "returnTo", "fetch", "tagId", "status", "addressedRoundId", "wontDoReason"],
  },
  { file: "routes/reference-answer.tsx", signedIn: false, auditsRefusals: true, valid: { decision: "agree", note: "n", signatureName: "Bea Buyer" }, fields: ["decision", "note", "signatureName", "homepage"] },
  { file: "routes/references.tsx", signedIn: true, intents: ["resend", "cancel"], valid: { requestId: "$requestId", reason: "r" }, fields: ["requestId", "reason"] },
  { file: "routes/reference-new.tsx", signedIn: true, valid: { customerId: "$customerId", kind: "logo", requester: "Sam", purpose: "Prospect", neededBy: "2027-01-31", overrideReason: "" }, fields: ["customerId", "kind", "requester", "purpose", "ask", "neededBy", "overrideReason"] },
  { file: "routes/program-slack.tsx", signedIn: true, intents: ["connect", "disconnect"], valid: { url: "https://hooks.slack.com/services/T0AAAA/B0BBBB/abcdefgh" }, fields: ["url"] },
];

/** Actions that take no form: signing out, and the webhook (a signed JSON body, tested on its own). */
const NOT_FORMS = new Set(["routes/logout.ts", "routes/webhook-resend.ts"]);

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "", " ", "\u0000", "a\u0000b", "\uFEFF", "\uD800", "-1", "0", "1", "3", "5", "6", "2.5", "1e309", "NaN", "Infinity", "-0", "99999999999999999999",
    "true", "on", "yes", "no", "approve", "decline", "amount", "as_proposed", "EUR", "passed", "iterate", "completed", "admin", "viewer", "up",
    "<script>alert(1)</script>", "' or '1'='1", "a@b.co", "not-an-email", "https://example.com", "javascript:alert(1)",
    "00000000-0000-4000-8000-000000000000", "x".repeat(5000),
  ),
);
const anyJunk = fc.oneof({ weight: 4, arbitrary: junk }, { weight: 1, arbitrary: fc.array(junk, { minLength: 2, maxLength: 3 }) });
/** A field's value: often its valid value (plain or with junk inside), else junk, else absent. */
const fieldValue = (valid: string | undefined) =>
  valid === undefined
    ? fc.option(anyJunk, { nil: undefined })
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant(valid) },
        { weight: 1, arbitrary: fc.tuple(junk, fc.nat(valid.length)).map(([bad, at]) => valid.slice(0, at) + bad + valid.slice(at)) },
        { weight: 1, arbitrary: anyJunk },
        { weight: 1, arbitrary: fc.constant(undefined) },
      );



let values: Record<string, string>;
let cookie: string;

beforeAll(async () => {
  const a = await newWorkspace({ loadDemo: true, demoHistory: false });
  const programId = a.demoProgramId!;
  const customers = (await listCustomers(a.workspaceId, programId)).filter((c) => c.status === "active");
  const [contact] = await listContacts(a.workspaceId, customers[0].id);
  const round = await createRound({ actor: a.admin, programId, input: { title: "R", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
  await changeTasks({ actor: a.admin, programId, roundId: round.id, change: { intent: "add-task", instruction: "Try", successCriteria: "" } });
  await openRound({ actor: a.admin, programId, roundId: round.id });
  for (const customer of customers.slice(0, 2)) {
    await saveBusinessCase({ actor: a.admin, programId, roundId: round.id, customerId: customer.id, input: { problem: "p", valueClaimed: "v", priceTerms: "t", notes: "" } });
    await sendSignoffRequest({ actor: a.admin, programId, roundId: round.id, customerId: customer.id });
  }
  const champion = await addContact({ actor: a.admin, programId, customerId: customers[0].id, input: { name: "Cam Champion", email: "cam.champion@example.test", title: "", isBuyer: false, isUser: false, isChampion: true, isGatekeeper: false, isReferenceContact: false } });
  const { quoteId } = await changeQuotes({ actor: a.admin, programId, customerId: customers[0].id, input: { intent: "ask-quote", contactId: champion.id } });
  const { token: invitation } = await inviteMember({ actor: a.admin, name: "New PM", email: "new.pm@example.test", role: "pm" });
  const props = async (template: string) =>
    (await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, a.workspaceId), eq(emailOutbox.template, template)))).map((r) => r.props as Record<string, string>);
  const [buyerLink, secondBuyerLink] = (await props("signoff-request")).map((p) => p.link.split("/s/")[1]);
  // The first customer's gatekeeper (the demo's) is asked to review a one-requirement brief.
  const requirement = await addRequirement({ actor: a.admin, programId, input: { title: "SAML single sign-on", need: "" } });
  await saveTechBrief({ actor: a.admin, programId, customerId: customers[0].id, input: { answers: [{ requirementId: requirement.id, answer: "Planned" }], notes: "" } });
  await sendClearanceRequest({ actor: a.admin, programId, customerId: customers[0].id });
  const [gatekeeper] = await gatekeepersOf(a.workspaceId, customers[0].id);
  await submitSignoff({ token: secondBuyerLink, input: { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "B" }, origin });
  // A user's comment tagged with a theme, for the themes page's forms (tag, untag, status).
  const feedbackLinks = (await props("feedback-invite")).map((p) => p.link.split("/f/")[1]);
  const [task] = await listTasks(a.workspaceId, round.id);
  await submitFeedback({ token: feedbackLinks[1], input: { tasks: [{ taskId: task.id, outcome: "completed", comment: "" }], ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`sus${i + 1}`, 3])), confusing: "Where is bulk edit?", missing: "" } as FeedbackInput, origin });
  const [response] = await db().select({ id: userResponses.id }).from(userResponses).where(eq(userResponses.roundId, round.id));
  const tagged = await tagFeedback({ actor: a.admin, programId, input: { source: "user_comment", sourceId: response.id, title: "Bulk edit", kind: "request" } });
  values = {
    responseId: response.id,
    themeId: tagged.themeId,
    tagId: tagged.tagId,
    programId,
    roundId: round.id,
    customerId: customers[0].id,
    contactId: contact.id,
    feedback: (await props("feedback-invite"))[0].link.split("/f/")[1],
    signoff: buyerLink,
    gatekeeper: (await props("clearance-request"))[0].link.split("/g/")[1],
    requirementId: requirement.id,
    gatekeeperId: gatekeeper.id,
    taskId: (await rowsOf<{ id: string }>(sql`select id from round_tasks where round_id = ${round.id} limit 1`))[0].id,
    consent: (await props("signoff-receipt"))[0].withdrawLink.split("/consent/")[1],
    invitation,
    quote: (await props("quote-request"))[0].link.split("/q/")[1],
    championId: champion.id,
    quoteId,
    endpointId: (await createEndpoint({ actor: a.admin, input: { intent: "create", url: "https://hooks.example.test/charter", description: "", events: ["round.opened"] } })).endpointId,
    tokenId: (await createApiToken({ actor: a.admin, name: "BI" })).id,
  };
  const [admin] = await db().select({ id: members.id }).from(members).where(eq(members.workspaceId, a.workspaceId));
  // A pending reference request with a live link (written directly: the demo has no referenceable customer yet).
  const [reference] = await db()
    .insert(referenceRequests)
    .values({ workspaceId: a.workspaceId, programId, customerId: customers[0].id, contactId: contact.id, kind: "logo", requester: "Sam", purpose: "Prospect", requestedById: admin.id, expiresAt: new Date(Date.now() + 86_400_000) })
    .returning({ id: referenceRequests.id });
  const referenceToken = newToken();
  await db().insert(referenceLinks).values({ workspaceId: a.workspaceId, requestId: reference.id, tokenHash: referenceToken.hash });
  values.requestId = reference.id;
  values["reference-answer"] = referenceToken.token;
  cookie = (await createSession({ id: admin.id, workspaceId: a.workspaceId }, origin)).split(";")[0];
});

/** The action's answer: its status and, for a form reply, the messages by field. */
async function post(form: Form, body: FormData) {
  const leaf = leaves.find((l) => l.files.at(-1) === form.file)!;
  // A link's token is the live one of its kind (feedback, signoff, gatekeeper, consent, invitation).
  const params: Record<string, string> = {};
  const url = leaf.path.replace(/:(\w+)/g, (_, name: string) => (params[name] = values[name === "token" ? form.file.replace(/routes\/|\.tsx/g, "") : name]));
  const request = new Request(`http://charter.test${url}`, { method: "POST", body, headers: form.signedIn ? { cookie } : {} });
  const action = (await loadRoute(form.file)).action!;
  try {
    const result = (await action({ request, params, context: { clientIp: "127.0.0.1" } })) as unknown;
    if (result instanceof Response) return { status: result.status, errors: null };
    const { data, init } = (result ?? {}) as { data?: { error?: Record<string, string[] | null> | string | null }; init?: { status?: number } };
    // A Conform reply has messages by field; a page's own action may answer with one sentence.
    const error = data?.error ?? null;
    return { status: init?.status ?? 200, errors: typeof error === "string" ? { "": [error] } : error };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, errors: thrown.status >= 400 ? { "": [await thrown.text()] } : null };
    throw thrown;
  }
}

describe("generated junk", () => {
  it("covers every action of the route config", () => {
    const withActions = leaves.map((l) => l.files.at(-1)!).filter((file) => !NOT_FORMS.has(file));
    const listed = new Set(FORMS.map((f) => f.file));
    // Only files that export an action need to be listed; the check below keeps the list complete.
    return Promise.all(withActions.map(async (file) => ({ file, hasAction: !!(await loadRoute(file)).action }))).then((found) =>
      expect(found.filter((f) => f.hasAction && !listed.has(f.file)).map((f) => f.file)).toEqual([]),
    );
  });

  for (const form of FORMS) {
    it(`never breaks ${form.file}`, async () => {
      const arbitrary = fc.record({
        intent: form.intents ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...form.intents) }, { weight: 1, arbitrary: junk }) : fc.constant(undefined),
        fields: fc.record(Object.fromEntries(form.fields.map((f) => [f, fieldValue(form.valid?.[f]?.replace(/^\$(\w+)$/, (_, id: string) => values[id]))]))),
      });
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ intent, fields }) => {
          const body = new FormData();
          if (intent !== undefined) body.append("intent", intent);
          for (const [name, value] of Object.entries(fields)) for (const v of value === undefined ? [] : [value].flat()) body.append(name, v);
          const before = await tableFingerprints();
          const { status, errors } = await post(form, body);
          expect(status, "no server error").toBeLessThan(500);
          if (status < 400) return;
          // A refusal: every message is a sentence attached to a field of this form or to the whole form…
          const known = new Set(["", "intent", ...form.fields.map((f) => f.replace(/\[\d+\].*$/, ""))]);
          for (const [key, messages] of Object.entries(errors ?? {})) {
            expect(known.has(key.replace(/\[\d+\].*$/, "")), `"${key}" is a field of ${form.file}`).toBe(true);
            for (const message of messages ?? []) expect(message, `a sentence for ${key || "the form"}`).toMatch(/[A-Za-z]{3,}.*[a-z]/);
          }
          // …and no value of any table changed (a refused link or sign-in adds only its security event; the audit trail neither).
          const after = await tableFingerprints();
          if (form.auditsRefusals) after.security_events = before.security_events;
          expect(after).toEqual(before);
        }),
        { numRuns: Number(process.env.JUNK_RUNS ?? 50), seed: process.env.JUNK_SEED ? Number(process.env.JUNK_SEED) : undefined },
      );
    });
  }
});
