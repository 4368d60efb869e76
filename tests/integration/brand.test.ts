import { and, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, contacts, emailOutbox, workspaceLogos, workspaces } from "#db/schema";
import { createSession } from "~/modules/auth/session.server";
import { getMailboxEmail, listMailbox, processOutbox } from "~/modules/email/outbox.server";
import { loadFeedbackPage } from "~/modules/feedback/feedback.server";
import { emailProps } from "../support/emails";
import { addMember, newWorkspace, origin, programWithOpenRound } from "../support/factories";
import { sendThroughResendStandIn } from "../support/resend-stand-in";
import { loadRoute } from "../support/routes";
import { tableFingerprints } from "../support/tables";

const resend = sendThroughResendStandIn();

// A 1×1 PNG; an SVG renamed .png; a file just over the limit that starts like a PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
const OVERSIZE = Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(200 * 1024)]);

type Reply = { status?: string; error?: Record<string, string[] | null> | null; outcome?: { saved: boolean } };

const cookieOf = async (member: { memberId: string; workspaceId: string }) => (await createSession({ id: member.memberId, workspaceId: member.workspaceId }, origin)).split(";")[0];

/** Posts the settings form as the browser sends it (multipart) to the route's action; returns its status and reply. */
async function postSettings(cookie: string, fields: { companyName?: string; accentColor?: string; logo?: { bytes: Buffer; name: string; type: string }; removeLogo?: boolean }) {
  const form = new FormData();
  if (fields.companyName !== undefined) form.set("companyName", fields.companyName);
  form.set("accentColor", fields.accentColor ?? "");
  if (fields.logo) form.set("logo", new File([new Uint8Array(fields.logo.bytes)], fields.logo.name, { type: fields.logo.type }));
  else form.set("logo", new File([], "", { type: "application/octet-stream" }));
  if (fields.removeLogo) form.set("removeLogo", "on");
  const request = new Request("http://charter.test/settings", { method: "POST", body: form, headers: { cookie } });
  const { action } = await loadRoute("routes/settings.tsx");
  try {
    const result = (await action!({ request, params: {}, context: { clientIp: "127.0.0.1" } })) as { data: Reply; init: { status: number } };
    return { status: result.init.status, reply: result.data };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, reply: null };
    throw thrown;
  }
}

const brandRow = async (workspaceId: string) =>
  (await db().select({ companyName: workspaces.companyName, accentColor: workspaces.accentColor }).from(workspaces).where(eq(workspaces.id, workspaceId)))[0];

describe("workspace settings: company name, accent colour, logo", () => {
  it("new workspaces ask in their team's name until a company name is set", async () => {
    const ws = await newWorkspace();
    expect(await brandRow(ws.workspaceId)).toEqual({ companyName: "Acme Product Team", accentColor: null });
  });

  it("an admin saves all three; the logo is served by its hash as the type its bytes proved, cached for a year", async () => {
    const ws = await newWorkspace();
    const { status, reply } = await postSettings(await cookieOf(ws.admin), { companyName: "  Acme Software ", accentColor: "#1D4ED8", logo: { bytes: PNG, name: "logo.png", type: "image/png" } });
    expect(status).toBe(200);
    expect(reply?.outcome).toEqual({ saved: true });
    expect(await brandRow(ws.workspaceId)).toEqual({ companyName: "Acme Software", accentColor: "#1d4ed8" });
    const [logo] = await db().select({ contentType: workspaceLogos.contentType, sha256: workspaceLogos.sha256 }).from(workspaceLogos).where(eq(workspaceLogos.workspaceId, ws.workspaceId));
    expect(logo.contentType).toBe("image/png");
    const [audit] = await db().select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.workspaceId, ws.workspaceId), eq(auditEvents.action, "workspace.brand_changed")));
    expect(audit.details).toMatchObject({ companyName: "Acme Software", accentColor: "#1d4ed8", logo: { type: "image/png", bytes: PNG.length, sha256: logo.sha256 } });

    const { loader } = await loadRoute("routes/logo.ts");
    const served = (await loader!({ request: new Request(`http://charter.test/logos/${logo.sha256}`), params: { sha256: logo.sha256 }, context: { clientIp: null } })) as Response;
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const missing = (await loader!({ request: new Request("http://charter.test/logos/x"), params: { sha256: "0".repeat(64) }, context: { clientIp: null } })) as Response;
    expect(missing.status).toBe(404);

    // Removing the logo keeps the rest.
    expect((await postSettings(await cookieOf(ws.admin), { companyName: "Acme Software", accentColor: "#1d4ed8", removeLogo: true })).status).toBe(200);
    expect(await db().select().from(workspaceLogos).where(eq(workspaceLogos.workspaceId, ws.workspaceId))).toEqual([]);
  });

  it.each([
    ["an SVG named .png", { logo: { bytes: SVG, name: "logo.png", type: "image/png" } }, "logo", "That file is not a PNG, JPEG or WebP image (SVG is not accepted). Nothing was saved."],
    ["a logo over 200 KB", { logo: { bytes: OVERSIZE, name: "big.png", type: "image/png" } }, "logo", "The logo is 201 KB; the limit is 200 KB. Nothing was saved."],
    ["a colour too light for white text", { accentColor: "#fde047" }, "accentColor", /^White text on #fde047 has a contrast of 1\.\d:1; buttons need at least 4\.5:1\. Choose a darker colour\.$/],
    ["no company name", { companyName: "   " }, "companyName", "Enter your company's name: customers see it on every page and email."],
  ])("refuses %s with a clear message and saves nothing", async (_case, bad, field, message) => {
    const ws = await newWorkspace();
    const cookie = await cookieOf(ws.admin);
    const before = await tableFingerprints();
    const { status, reply } = await postSettings(cookie, { companyName: "Acme Software", accentColor: "#1d4ed8", logo: { bytes: PNG, name: "ok.png", type: "image/png" }, ...bad });
    expect(status).toBe(400);
    const messages = reply?.error?.[field] ?? [];
    expect(messages).toHaveLength(1);
    if (typeof message === "string") expect(messages[0]).toBe(message);
    else expect(messages[0]).toMatch(message);
    expect(await tableFingerprints()).toEqual(before);
  });

  it("refuses a viewer and a PM (403), and saves nothing", async () => {
    const ws = await newWorkspace();
    for (const role of ["viewer", "pm"] as const) {
      const member = await addMember(ws.workspaceId, role);
      const { status } = await postSettings(await cookieOf(member), { companyName: "Hijacked", accentColor: "#000000" });
      expect(status).toBe(403);
      const { loader } = await loadRoute("routes/settings.tsx");
      await expect(loader!({ request: new Request("http://charter.test/settings", { headers: { cookie: await cookieOf(member) } }), params: {}, context: { clientIp: null } })).rejects.toMatchObject({ status: 403 });
    }
    expect(await brandRow(ws.workspaceId)).toEqual({ companyName: "Acme Product Team", accentColor: null });
  });
});

describe("who asks, on the public pages and in every email", () => {
  beforeEach(async () => {
    // Emails left by other tests would be sent with these; only this test's count.
    await db().update(emailOutbox).set({ status: "failed" }).where(inArray(emailOutbox.status, ["queued", "sending"]));
  });

  it("the feedback invitation names the product and the company, its sender name follows, and the page says the same", async () => {
    const p = await programWithOpenRound();
    expect((await postSettings(await cookieOf(p.admin), { companyName: "Acme Software", accentColor: "#1d4ed8", logo: { bytes: PNG, name: "logo.png", type: "image/png" } })).status).toBe(200);
    const users = await db().select({ email: contacts.email }).from(contacts).where(and(eq(contacts.workspaceId, p.workspaceId), eq(contacts.isUser, true)));
    const [invite] = await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, p.workspaceId), eq(emailOutbox.template, "feedback-invite"))).limit(1);
    const token = invite.props.link.split("/f/")[1];

    await processOutbox();
    const sent = resend().received.filter((r) => users.some((u) => u.email === r.body.to));
    expect(sent).toHaveLength(6);
    for (const { body } of sent) {
      expect(body.from).toBe('"Acme Software via Charter" <charter@example.test>');
      expect(body.html).toContain("Dispatch Board, by Acme Software, asks for your feedback");
      expect(body.html).toContain("Sent with Charter on behalf of Acme Software.");
      expect(body.html).toMatch(/background-color:#1d4ed8/);
      expect(body.html).toMatch(/src="http:\/\/localhost:\d+\/logos\/[0-9a-f]{64}"/);
      expect(body.text).toContain("Dispatch Board, by Acme Software, asks for your feedback");
    }

    const page = await loadFeedbackPage(token);
    expect(page.state === "ok" && page.brand).toMatchObject({ companyName: "Acme Software", accentColor: "#1d4ed8", productName: "Dispatch Board", logoPath: expect.stringMatching(/^\/logos\/[0-9a-f]{64}$/) });
  });

  it("the mailbox finds emails by recipient name or address, subject and program, names recipients, and renders the branded HTML", async () => {
    const p = await programWithOpenRound();
    const other = await programWithOpenRound();
    const all = await listMailbox(p.workspaceId);
    expect(all).toHaveLength(6);
    expect(all.map((e) => e.toName).sort()).toEqual(["User 0", "User 1", "User 2", "User 3", "User 4", "User 5"]);
    expect((await listMailbox(p.workspaceId, "user 3")).map((e) => e.toAddress)).toEqual(["user.3@customer.test"]);
    expect((await listMailbox(p.workspaceId, "USER.4@customer")).map((e) => e.toName)).toEqual(["User 4"]);
    expect(await listMailbox(p.workspaceId, "try the prototype")).toHaveLength(6);
    expect(await listMailbox(p.workspaceId, "dispatch board")).toHaveLength(6);
    expect(await listMailbox(p.workspaceId, "Quarterly planner")).toEqual([]);
    // Wildcards are taken literally, and another workspace's emails never show.
    expect(await listMailbox(p.workspaceId, "%")).toEqual([]);
    expect((await listMailbox(other.workspaceId, "user 3")).every((e) => !all.some((mine) => mine.id === e.id))).toBe(true);

    const email = await getMailboxEmail(p.workspaceId, all[0].id);
    expect(email).toMatchObject({ from: '"Acme Product Team via Charter" <charter@example.test>', toName: expect.stringMatching(/^User \d$/) });
    expect(email!.html).toContain("Dispatch Board, by Acme Product Team, asks for your feedback");
    expect(email!.text).toContain("Dispatch Board, by Acme Product Team, asks for your feedback");
    expect(await getMailboxEmail(other.workspaceId, all[0].id)).toBeNull();
  });
});
