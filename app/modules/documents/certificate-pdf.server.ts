import { getCertificate } from "~/modules/signoff/certificate.server";
import { allowedUses, historyLabel, normalName, utc, wtpText } from "~/modules/signoff/certificate-text";
import { fileSlug, PdfWriter } from "./pdf-writer.server";

/** The sign-off certificate as a PDF: what the page shows, for a file or a contract folder. */
export async function certificatePdf(ids: { workspaceId: string; programId: string; roundId: string; signoffId: string }) {
  const c = await getCertificate(ids);
  const pdf = await PdfWriter.create({ title: `Sign-off certificate: ${c.customerName}`, subject: `${c.programName}, round ${c.roundNumber}` });
  pdf.title("Sign-off certificate");
  pdf.paragraph(`${c.programName} · ${c.product} · round ${c.roundNumber} “${c.roundTitle}”`, { muted: true });
  pdf.space(6);
  pdf.field("Customer", c.customerName);
  pdf.field("Economic buyer", `${c.buyerName}${c.buyerTitle ? `, ${c.buyerTitle}` : ""} <${c.buyerEmail}>`);
  pdf.field("Decision", c.decision === "approve" ? "Approved" : "Declined");
  if (c.declineReason) pdf.field("Reason", c.declineReason);
  if (c.conditions) pdf.field("Conditions", c.conditions);
  pdf.field("Willingness to pay", wtpText(c));
  pdf.field("Reference consent", c.referenceConsent ? `Yes: ${allowedUses(c).join(", ")}${c.consentWithdrawnAt ? ` — withdrawn ${utc(c.consentWithdrawnAt)}` : ""}` : "No");
  pdf.field("Signed as", normalName(c.signatureName) !== normalName(c.buyerName) ? `${c.signatureName}\n(differs from the buyer's name on record: ${c.buyerName})` : c.signatureName);
  pdf.field("Time (UTC)", utc(c.decidedAt));
  pdf.field("IP address", c.ip ?? "not recorded");
  pdf.field("Browser", c.userAgent ?? "not recorded");

  pdf.heading(`The business case as signed (version ${c.caseVersion})`);
  pdf.field("Problem", c.problem);
  pdf.field("Value claimed", c.valueClaimed);
  pdf.field("Price or terms", c.priceTerms);
  if (c.notes) pdf.field("Notes", c.notes);
  pdf.field("SHA-256 of the text", c.signedContentHash, { mono: true });

  pdf.heading("History of the request");
  for (const event of c.history) pdf.field(utc(event.at), historyLabel[event.action] ?? event.action);
  return { bytes: await pdf.save(), filename: `certificate-${fileSlug(c.customerName, "customer")}-round-${c.roundNumber}.pdf` };
}
