import { beforeAll, describe, expect, it } from "vitest";
import { pdfSafeText } from "~/modules/documents/pdf-text";
import { addMember, newWorkspace } from "../support/factories";
import { pdfText } from "../support/pdf-text";
import { referenceableProgram } from "../support/referenceable";
import { cookieOf, request, statusOf } from "../support/route-calls";
import { tableFingerprints } from "../support/tables";

/** The sign-off certificate and the reference dossier as PDFs, read back as a reader would. */

let p: Awaited<ReturnType<typeof referenceableProgram>>;
let cookies: Record<"admin" | "viewer" | "other", string>;
let paths: { certificate: string; dossier: string };

beforeAll(async () => {
  p = await referenceableProgram();
  const viewer = await addMember(p.workspaceId, "viewer");
  const other = await newWorkspace();
  cookies = { admin: await cookieOf(p.admin), viewer: await cookieOf(viewer), other: await cookieOf(other.admin) };
  paths = {
    certificate: `/programs/${p.programId}/rounds/${p.roundId}/signoffs/${p.signoffId}/certificate.pdf`,
    dossier: `/programs/${p.programId}/customers/${p.customerIds[0]}/dossier.pdf`,
  };
});

async function pdfOf(path: string, cookie: string) {
  const answer = await request(path, { headers: { cookie } });
  expect(answer).toBeInstanceOf(Response);
  const response = answer as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
  const text = await pdfText(bytes);
  // Sentences wrap across lines; `flat` reads them whole.
  return { text, flat: text.replace(/\s+/g, " "), disposition: response.headers.get("content-disposition") };
}

describe("the sign-off certificate PDF", () => {
  it("holds the signed name, time, IP, browser, the case text with its SHA-256 and the request history", async () => {
    const { text, flat, disposition } = await pdfOf(paths.certificate, cookies.admin);
    expect(disposition).toBe('attachment; filename="certificate-odegard-aenergi-round-1.pdf"');
    expect(text).toContain("Sign-off certificate");
    // Latin-1 names are drawn as they are; what the standard fonts cannot draw is replaced, and said so.
    expect(text).toContain("Ødegård Ænergi");
    expect(text).toContain("Zoë Ødegård <buyer.0@customer.test>");
    expect(text).toContain("Zoë Ødegård ?");
    expect(text).toContain("Dispatchers in Lódz and ?? retype every order ?");
    expect(flat).toContain("Some characters (letters outside Western European alphabets, or emoji) cannot be drawn");
    expect(text).toMatch(/Time \(UTC\)\n\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} UTC/);
    expect(text).toContain("IP address\n127.0.0.1");
    expect(text).toContain("Browser\nvitest");
    expect(text).toMatch(/SHA-256 of the text\n[0-9a-f]{64}/);
    expect(text).toContain("Request sent");
    expect(text).toContain("Approved");
    expect(text).toContain("Yes: name and logo, a case study");
  });

  it("is read by the workspace's viewers, not by another workspace or a visitor, and changes nothing", async () => {
    const before = await tableFingerprints();
    expect((await pdfOf(paths.certificate, cookies.viewer)).text).toContain("Sign-off certificate");
    expect(statusOf(await request(paths.certificate, { headers: { cookie: cookies.other } }))).toBe(404);
    expect(statusOf(await request(paths.certificate))).toBe(302);
    expect(await tableFingerprints()).toEqual(before);
  });
});

describe("the reference dossier PDF", () => {
  it("holds who signed off, on what, and each user's evidence", async () => {
    const { text, flat, disposition } = await pdfOf(paths.dossier, cookies.admin);
    expect(disposition).toBe('attachment; filename="reference-dossier-odegard-aenergi.pdf"');
    expect(text).toContain("Reference dossier: Ødegård Ænergi");
    expect(text).toContain("Approved version 1 of the business case");
    expect(text).toContain("Zoë Ødegård ?");
    expect(flat).toMatch(/Round 1 \(“First look”, closed [^)]+\): 3 of their users responded — mean SUS 97\.5 \(90% CI 97\.5–97\.5, n = 3\), unaided task completion 100% \(6 of 6; 90% CI 64–100%\); SUS 97\.5 >= 68/);
    // Each user, with their own figures (the name outside Latin-1 transliterated).
    expect(text).toContain("Lukasz Wróbel");
    expect(flat).toMatch(/SUS 97\.5 · 2 of 2 tasks completed unaided · answered \d/);
    expect(text).toContain("• Name and logo");
    expect(text).toContain("• A case study");
  });

  it("is refused for a customer that is not referenceable, another workspace and a visitor", async () => {
    expect(statusOf(await request(paths.dossier, { headers: { cookie: cookies.other } }))).toBe(404);
    expect(statusOf(await request(paths.dossier))).toBe(302);
    const unknown = `/programs/${p.programId}/customers/00000000-0000-4000-8000-000000000000/dossier.pdf`;
    expect(statusOf(await request(unknown, { headers: { cookie: cookies.admin } }))).toBe(404);
  });
});

describe("text the standard fonts cannot draw", () => {
  it("is transliterated or replaced one grapheme at a time, never thrown on", () => {
    expect(pdfSafeText("Zoë Ødegård")).toEqual({ text: "Zoë Ødegård", changed: false });
    expect(pdfSafeText("Łukasz Đorđević")).toEqual({ text: "Lukasz Dordevic", changed: true });
    expect(pdfSafeText("Ship it 👍🏽 👨‍👩‍👧 now")).toEqual({ text: "Ship it ? ? now", changed: true });
    expect(pdfSafeText("Москва")).toEqual({ text: "??????", changed: true });
    expect(pdfSafeText("“quotes” – €5 … ™")).toEqual({ text: "“quotes” – €5 … ™", changed: false });
  });
});
