import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { emailOutbox, signoffs } from "#db/schema";
import { createSession } from "~/modules/auth/session.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { loadSignoffPage, submitSignoff } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { changeTasks, createRound, openRound } from "~/modules/rounds/rounds.server";
import { addContact, listCustomers, listContacts } from "~/modules/customers/customers.server";
import { changeQuotes } from "~/modules/quotes/requests.server";
import { inviteMember, revokeInvitation } from "~/modules/workspaces/members.server";
import { securityEvents } from "#db/schema";
import { handleDataRequest } from "~/entry.server";
import { addMember, newWorkspace, origin } from "../support/factories";
import { saveTechBrief } from "~/modules/clearance/brief.server";
import { loadClearancePage } from "~/modules/clearance/gatekeeper.server";
import { sendClearanceRequest } from "~/modules/clearance/requests.server";
import { addRequirement } from "~/modules/clearance/requirements.server";
import { emailProps } from "../support/emails";
import { leaves, loadRoute, routeFileExists, type Leaf } from "../support/routes";
import { tableFingerprints } from "../support/tables";
import { and, eq } from "drizzle-orm";

/**
 * Authorization, proved by crawling: every route of app/routes.ts is requested as nobody, as a
 * viewer, as a PM of another workspace and with the wrong kind of link; every GET leaves every
 * table as it was, and every action refuses a viewer.
 */

const load = loadRoute;
const WORKSPACE_LAYOUT = "routes/workspace.tsx";
const isWorkspaceRoute = (leaf: Leaf) => leaf.files.includes(WORKSPACE_LAYOUT);
/** Pages a viewer may not open at all: forms that only change things, the mailbox of links, the admins' webhooks, settings and API tokens. */
const EDITOR_ONLY = new Set(["routes/webhooks.tsx", "routes/webhook-endpoint.tsx", "routes/program-new.tsx", "routes/program-edit.tsx", "routes/customer-new.tsx", "routes/customer-edit.tsx", "routes/contact-edit.tsx", "routes/round-new.tsx", "routes/round-edit.tsx", "routes/round-open.tsx", "routes/mailbox.tsx", "routes/mailbox-email.tsx", "routes/customer-import.tsx", "routes/notices.tsx", "routes/program-slack.tsx", "routes/settings.tsx", "routes/api-tokens.tsx", "routes/reference-new.tsx"]);
/** Actions that are a member's own business, not the workspace's: a viewer may sign out and change their password. */
const PERSONAL_ACTIONS = new Set(["routes/logout.ts", "routes/account.tsx"]);
/**
 * What app/routes.ts declares, counted by hand: a route added, removed or moved in or out of the
 * signed-in layout fails here until the crawl (and README: Security) says what it expects of it.
 */
const MANIFEST = { routes: 56, workspacePages: 41, workspaceActions: 25 };
/** The routes outside the signed-in layout: each link kind is crawled below, the rest by their own tests. */
const PUBLIC_ROUTES = ["/", "/healthz", "/favicon.ico", "/webhooks/resend", "/setup", "/login", "/logout", "/invitations/:token", "/f/:token", "/s/:token", "/g/:token", "/consent/:token", "/q/:token", "/r/:token", "/logos/:sha256"];

let ids: Record<string, string>;
let cookies: Record<"viewer" | "otherPm", string>;
let tokens: { user: string; buyer: string; champion: string; gatekeeper: string };

async function statusOf(files: string[], request: Request, params: Record<string, string>, kind: "loader" | "action") {
  try {
    for (const file of kind === "loader" ? files : files.slice(-1)) {
      const mod = await load(file);
      const fn = mod[kind];
      if (!fn) continue;
      const result = await fn({ request, params, context: { clientIp: "127.0.0.1" } });
      const init = (result as { init?: { status?: number } } | null)?.init;
      if (result instanceof Response && result.status >= 300) return result.status;
      if (init?.status && init.status >= 300) return init.status;
    }
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

function fill(path: string, values: Record<string, string>) {
  const params: Record<string, string> = {};
  const url = path.replace(/:(\w+)/g, (_, name: string) => (params[name] = values[name] ?? "00000000-0000-4000-8000-000000000000"));
  return { url, params };
}

const REFUSALS = new Set(["link.refused", "access.refused", "permission.denied"]);

async function lastAuditId() {
  const [row] = await db().select({ id: sql<number>`coalesce(max(${securityEvents.id}), 0)`.mapWith(Number) }).from(securityEvents);
  return row.id;
}

/** The security events written since `afterId`, oldest first. */
async function auditSince(afterId: number) {
  return db().select().from(securityEvents).where(sql`${securityEvents.id} > ${afterId}`).orderBy(securityEvents.id);
}

/** Nothing changed but the security trail, which only gained refusals and never a whole token. */
async function expectOnlyRefusalsSince(before: Record<string, string>, auditId: number) {
  const after = await everyTable();
  expect({ ...after, security_events: "" }).toEqual({ ...before, security_events: "" });
  const events = await auditSince(auditId);
  expect(events.map((e) => e.action).filter((a) => !REFUSALS.has(a))).toEqual([]);
  const text = JSON.stringify(events);
  for (const token of Object.values(tokens)) expect(text).not.toContain(token);
  return events;
}

/** A fingerprint of every table's content. */
const everyTable = tableFingerprints;

beforeAll(async () => {
  const a = await newWorkspace({ loadDemo: true, demoHistory: false });
  const programId = a.demoProgramId!;
  const customers = await listCustomers(a.workspaceId, programId);
  const customer = customers.find((c) => c.status === "active")!;
  const [contact] = await listContacts(a.workspaceId, customer.id);
  const round = await createRound({ actor: a.admin, programId, input: { title: "R", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
  await changeTasks({ actor: a.admin, programId, roundId: round.id, change: { intent: "add-task", instruction: "Try", successCriteria: "" } });
  await openRound({ actor: a.admin, programId, roundId: round.id });
  await saveBusinessCase({ actor: a.admin, programId, roundId: round.id, customerId: customer.id, input: { problem: "p", valueClaimed: "v", priceTerms: "t", notes: "" } });
  await sendSignoffRequest({ actor: a.admin, programId, roundId: round.id, customerId: customer.id });
  // The customer's champion is asked for a quote: a link of a third kind.
  const champion = await addContact({ actor: a.admin, programId, customerId: customer.id, input: { name: "Cam Champion", email: "cam.champion@example.test", title: "", isBuyer: false, isUser: false, isChampion: true, isGatekeeper: false, isReferenceContact: false } });
  await changeQuotes({ actor: a.admin, programId, customerId: customer.id, input: { intent: "ask-quote", contactId: champion.id } });
  const { token: invitationToken } = await inviteMember({ actor: a.admin, name: "New PM", email: "new.pm@example.test", role: "pm" });
  const links = await db().select({ template: emailOutbox.template, props: emailProps }).from(emailOutbox).where(eq(emailOutbox.workspaceId, a.workspaceId));
  const linkOf = (template: string, marker: string) => (links.find((l) => l.template === template)!.props as { link: string }).link.split(marker)[1];
  // The customer's IT gatekeeper (the demo's) is asked too, for a /g/ link.
  const requirement = await addRequirement({ actor: a.admin, programId, input: { title: "SAML single sign-on", need: "" } });
  await saveTechBrief({ actor: a.admin, programId, customerId: customer.id, input: { answers: [{ requirementId: requirement.id, answer: "Planned" }], notes: "" } });
  await sendClearanceRequest({ actor: a.admin, programId, customerId: customer.id });
  const gateLinks = await db().select({ template: emailOutbox.template, props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, a.workspaceId), eq(emailOutbox.template, "clearance-request")));
  tokens = { user: linkOf("feedback-invite", "/f/"), buyer: linkOf("signoff-request", "/s/"), champion: linkOf("quote-request", "/q/"), gatekeeper: (gateLinks[0].props as { link: string }).link.split("/g/")[1] };
  await loadClearancePage(tokens.gatekeeper, origin);
  // A second customer's buyer decides, for a certificate and a consent link.
  const other = customers.filter((c) => c.status === "active")[1];
  await saveBusinessCase({ actor: a.admin, programId, roundId: round.id, customerId: other.id, input: { problem: "p", valueClaimed: "v", priceTerms: "t", notes: "" } });
  await sendSignoffRequest({ actor: a.admin, programId, roundId: round.id, customerId: other.id });
  const otherBuyerLink = (await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, a.workspaceId), eq(emailOutbox.template, "signoff-request"), eq(emailOutbox.subjectId, sql`(select id from signoff_requests where customer_id = ${other.id})`))))[0];
  await submitSignoff({ token: (otherBuyerLink.props as { link: string }).link.split("/s/")[1], input: { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: false, consentReferenceCalls: false, signatureName: "B" }, origin });
  const [signoff] = await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.workspaceId, a.workspaceId));
  const receipt = (await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, a.workspaceId), eq(emailOutbox.template, "signoff-receipt"))))[0];
  const [email] = await db().select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.workspaceId, a.workspaceId)).limit(1);
  // The buyer link's first opening is recorded once; open it now so the crawl's GETs write nothing.
  await loadSignoffPage(tokens.buyer, origin);

  ids = {
    programId,
    customerId: customer.id,
    contactId: contact.id,
    roundId: round.id,
    signoffId: signoff.id,
    emailId: email.id,
    token: "",
    consentToken: (receipt.props as { withdrawLink: string }).withdrawLink.split("/consent/")[1],
    invitationToken,
  };
  const viewer = await addMember(a.workspaceId, "viewer");
  const b = await newWorkspace();
  const cookieOf = async (member: { memberId: string; workspaceId: string }) => (await createSession({ id: member.memberId, workspaceId: member.workspaceId }, origin)).split(";")[0];
  cookies = { viewer: await cookieOf(viewer), otherPm: await cookieOf(b.admin) };
});

describe("every route", () => {
  it("is found in the route config, workspace pages under the signed-in layout", () => {
    expect(leaves).toHaveLength(MANIFEST.routes);
    expect(leaves.filter((leaf) => !isWorkspaceRoute(leaf)).map((leaf) => leaf.path)).toEqual(PUBLIC_ROUTES);
    expect(leaves.filter(isWorkspaceRoute)).toHaveLength(MANIFEST.workspacePages);
    expect(new Set(leaves.map((leaf) => leaf.path)).size, "each URL once").toBe(MANIFEST.routes);
    for (const leaf of leaves) expect(routeFileExists(leaf.files.at(-1)!), leaf.files.at(-1)).toBe(true);
  });

  it("answers each kind of visitor as expected, and no GET changes any table", async () => {
    const before = await everyTable();
    const results: string[] = [];
    for (const leaf of leaves.filter(isWorkspaceRoute)) {
      const { url, params } = fill(leaf.path, ids);
      const get = (cookie?: string) => new Request(`http://charter.test${url}`, { headers: cookie ? { cookie } : {} });
      const hasIds = /:\w+/.test(leaf.path);
      const nobody = await statusOf(leaf.files, get(), params, "loader");
      const viewer = await statusOf(leaf.files, get(cookies.viewer), params, "loader");
      const otherPm = await statusOf(leaf.files, get(cookies.otherPm), params, "loader");
      results.push(`${leaf.path} nobody=${nobody} viewer=${viewer} otherPm=${otherPm}`);
      expect(nobody, `${leaf.path} signed out`).toBe(302);
      expect(viewer, `${leaf.path} as a viewer`).toBe(EDITOR_ONLY.has(leaf.files.at(-1)!) ? 403 : 200);
      expect(otherPm, `${leaf.path} as another workspace's PM`).toBe(hasIds ? 404 : 200);
    }
    expect(await everyTable()).toEqual(before);
    expect(results).toHaveLength(MANIFEST.workspacePages);
  });

  it("refuses a viewer's post to every workspace action with 403, writing nothing", async () => {
    const before = await everyTable();
    const refused: string[] = [];
    for (const leaf of leaves.filter(isWorkspaceRoute)) {
      const file = leaf.files.at(-1)!;
      const mod = await load(file);
      if (!mod.action || PERSONAL_ACTIONS.has(file)) continue;
      const { url, params } = fill(leaf.path, ids);
      const body = new URLSearchParams({ intent: "archive", name: "Hijack", email: "x@example.test", role: "admin" });
      const request = new Request(`http://charter.test${url}`, { method: "POST", body, headers: { cookie: cookies.viewer, "content-type": "application/x-www-form-urlencoded" } });
      expect(await statusOf(leaf.files, request, params, "action"), `${leaf.path} action as a viewer`).toBe(403);
      refused.push(leaf.path);
    }
    expect(refused).toHaveLength(MANIFEST.workspaceActions);
    const after = await everyTable();
    // Refusals are recorded in the security trail; nothing else changes (the audit trail neither).
    expect({ ...after, security_events: "" }).toEqual({ ...before, security_events: "" });
    expect(after.security_events).not.toBe(before.security_events);
  });

  it("keeps the kinds of link apart: a user's link opens no buyer or gatekeeper page, a buyer's no feedback form, a gatekeeper's neither", async () => {
    const page = (path: string) => statusOf([leaves.find((l) => l.path === path)!.files.at(-1)!], new Request(`http://charter.test${path}`), {}, "loader");
    const before = await everyTable();
    const auditId = await lastAuditId();
    const run = async (file: string, token: string) => {
      const mod = await load(file);
      const result = await mod.loader!({ request: new Request(`http://charter.test/x/${token}`), params: { token }, context: { clientIp: "127.0.0.1" } });
      return (result as { init?: { status?: number } }).init?.status ?? 200;
    };
    expect(await run("routes/feedback.tsx", tokens.user)).toBe(200);
    expect(await run("routes/signoff.tsx", tokens.buyer)).toBe(200);
    expect(await run("routes/signoff.tsx", tokens.user)).toBe(404);
    expect(await run("routes/feedback.tsx", tokens.buyer)).toBe(404);
    expect(await run("routes/consent.tsx", tokens.buyer)).toBe(404);
    expect(await run("routes/invitation.tsx", tokens.user)).toBe(404);
    expect(await run("routes/quote.tsx", tokens.champion)).toBe(200);
    expect(await run("routes/signoff.tsx", tokens.champion)).toBe(404);
    expect(await run("routes/quote.tsx", tokens.buyer)).toBe(404);
    expect(await run("routes/reference-answer.tsx", tokens.buyer)).toBe(404);
    expect(await run("routes/consent.tsx", ids.consentToken)).toBe(200);
    expect(await run("routes/invitation.tsx", ids.invitationToken)).toBe(200);
    // The gatekeeper's channel: its link opens its page only, and no other link opens it.
    expect(await run("routes/gatekeeper.tsx", tokens.gatekeeper)).toBe(200);
    expect(await run("routes/gatekeeper.tsx", tokens.buyer)).toBe(404);
    expect(await run("routes/gatekeeper.tsx", tokens.user)).toBe(404);
    expect(await run("routes/signoff.tsx", tokens.gatekeeper)).toBe(404);
    expect(await run("routes/feedback.tsx", tokens.gatekeeper)).toBe(404);
    // With only a link and no session, every workspace page sends the visitor to sign in.
    expect(await page("/programs")).toBe(302);
    // The wrong-kind links are recorded as refused, by kind; a link of no workspace without even a hash prefix.
    const events = await expectOnlyRefusalsSince(before, auditId);
    expect(events.map((e) => [e.action, (e.details as { kind: string }).kind, (e.details as { reason: string }).reason, e.workspaceId])).toEqual([
      ["link.refused", "signoff", "unknown", null],
      ["link.refused", "feedback", "unknown", null],
      ["link.refused", "consent", "unknown", null],
      ["link.refused", "invitation", "unknown", null],
      // The quote link on the sign-off page is a second unknown sign-off link from this address: one row already stands for it.
      ["link.refused", "quote", "unknown", null],
      ["link.refused", "reference", "unknown", null],
      // Repeats of a kind from one address are one row (see recordSecurityEvent).
      ["link.refused", "clearance", "unknown", null],
    ]);
    expect(events.every((e) => !("link" in (e.details as object)) && e.ip === "127.0.0.1")).toBe(true);
  });
});

describe("the security trail", () => {
  it("records a dead link's refusal in its workspace, with the reason", async () => {
    const [{ workspaceId }] = await db().select({ workspaceId: emailOutbox.workspaceId }).from(emailOutbox).where(eq(emailOutbox.id, ids.emailId));
    const [admin] = await db().select({ id: sql<string>`id` }).from(sql`members`).where(sql`workspace_id = ${workspaceId} and role = 'admin'`).limit(1);
    const actor = { type: "member" as const, memberId: admin.id, workspaceId, role: "admin" as const, ...origin };
    const { token, invitationId } = await inviteMember({ actor, name: "Late", email: "late@example.test", role: "viewer" });
    await revokeInvitation({ actor, invitationId });
    const auditId = await lastAuditId();
    const mod = await load("routes/invitation.tsx");
    const result = await mod.loader!({ request: new Request(`http://charter.test/invitations/${token}`), params: { token }, context: { clientIp: "10.0.0.7" } });
    expect((result as { init?: { status?: number } }).init?.status).toBe(404);
    const [event] = await auditSince(auditId);
    expect(event).toMatchObject({ action: "link.refused", workspaceId, ip: "10.0.0.7", details: { kind: "invitation", method: "GET" } });
    expect(JSON.stringify(event)).not.toContain(token);
  });

  it("records a member's refused page: another workspace's id (404) and a viewer on an editor's page (403)", async () => {
    const context = { clientIp: "10.0.0.8" };
    const request = (path: string, cookie: string) => new Request(`http://charter.test${path}`, { headers: { cookie } });
    const auditId = await lastAuditId();
    await handleDataRequest(new Response(null, { status: 404 }), { request: request(`/programs/${ids.programId}.data`, cookies.otherPm), context });
    await handleDataRequest(new Response(null, { status: 403 }), { request: request(`/programs/${ids.programId}/edit.data`, cookies.viewer), context });
    // Answers that are no refusal, a refused write (recorded where refused) and a visitor with no session record nothing here.
    await handleDataRequest(new Response(null, { status: 200 }), { request: request("/programs.data", cookies.otherPm), context });
    await handleDataRequest(new Response(null, { status: 403 }), { request: new Request("http://charter.test/programs/new.data", { method: "POST", headers: { cookie: cookies.viewer } }), context });
    await handleDataRequest(new Response(null, { status: 404 }), { request: new Request(`http://charter.test/programs/${ids.programId}.data`), context });
    const events = await auditSince(auditId);
    expect(events.map((e) => [e.action, (e.details as { path: string }).path, (e.details as { status: number }).status, e.ip])).toEqual([
      ["access.refused", `/programs/${ids.programId}`, 404, "10.0.0.8"],
      ["permission.denied", `/programs/${ids.programId}/edit`, 403, "10.0.0.8"],
    ]);
    expect(events[0].workspaceId).not.toBe(events[1].workspaceId);
  });
});
