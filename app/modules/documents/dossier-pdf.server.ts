import { completionFigureText, smallSampleWords, susFigureText } from "~/modules/feedback/intervals";
import { referenceDossier } from "~/modules/gates/exports.server";
import { getProgram } from "~/modules/programs/programs.server";
import { approvedQuotes } from "~/modules/quotes/approved.server";
import { allowedUses, utc, wtpText } from "~/modules/signoff/certificate-text";
import { fileSlug, PdfWriter } from "./pdf-writer.server";

const oneDecimal = (n: number | null) => (n === null ? "—" : (Math.round(n * 10) / 10).toString());

/** A referenceable customer's reference dossier as a PDF: who signed off, on what, with their users' evidence. */
export async function dossierPdf({ workspaceId, programId, customerId }: { workspaceId: string; programId: string; customerId: string }) {
  const [program, dossier, quotes] = await Promise.all([getProgram(workspaceId, programId), referenceDossier(workspaceId, programId, customerId), approvedQuotes({ workspaceId, programId, customerId })]);
  const pdf = await PdfWriter.create({ title: `Reference dossier: ${dossier.name}`, subject: `${program.product} · ${program.name}` });
  const filename = `reference-dossier-${fileSlug(dossier.name, "customer")}.pdf`;
  // As the page does: a customer not referenceable yet gets the reason instead of a dossier.
  if (!dossier.referenceable) {
    pdf.title(`${dossier.name} is not referenceable yet`);
    pdf.paragraph(`${dossier.reason[0].toUpperCase()}${dossier.reason.slice(1)}.`);
    return { bytes: await pdf.save(), filename };
  }
  const { signoff: s, round, evidence, users, clearance } = dossier;
  pdf.title(`Reference dossier: ${dossier.name}`);
  pdf.paragraph(`${program.product} · ${program.name}`, { muted: true });

  pdf.heading("Who signed off");
  pdf.field("Economic buyer", `${s.buyerName}${s.buyerTitle ? `, ${s.buyerTitle}` : ""} <${s.buyerEmail}>`);
  pdf.field("Decision", `Approved version ${s.caseVersion} of the business case`);
  pdf.field("Signed as", s.signatureName);
  pdf.field("Time (UTC)", utc(s.decidedAt));
  pdf.field("Value they confirmed", s.valueClaimed);
  pdf.field("Price or terms", s.priceTerms);
  pdf.field("Willingness to pay", wtpText(s));
  if (s.conditions) pdf.field("Conditions", s.conditions);
  pdf.field("SHA-256 of the text", s.contentHash, { mono: true });

  pdf.heading("Evidence from their users");
  pdf.paragraph(`Round ${round.number} (“${round.title}”, closed ${round.closedAt ? utc(round.closedAt) : "—"}): ${evidence.responses} of their users responded — mean SUS ${susFigureText({ n: evidence.responses, mean: evidence.meanSus, sd: evidence.susSd })}, unaided task completion ${completionFigureText(evidence.completed, evidence.attempts)}; ${evidence.usable.reasons.join(", ")}.${smallSampleWords(evidence.responses) ? ` (${smallSampleWords(evidence.responses)}.)` : ""}`);
  for (const u of users) {
    pdf.field(`${u.name}${u.title ? `, ${u.title}` : ""}`, `SUS ${oneDecimal(u.susScore)} · ${u.unaided} of ${u.attempted} tasks completed unaided · answered ${utc(u.submittedAt)}`);
  }

  if (clearance) {
    pdf.heading("IT clearance");
    pdf.field("Technical gatekeeper", `${clearance.gatekeeper.name}${clearance.gatekeeper.title ? `, ${clearance.gatekeeper.title}` : ""} <${clearance.gatekeeper.email}>`);
    pdf.field("Decision", `${clearance.decision === "cleared_with_conditions" ? "Cleared with conditions" : "Cleared"}: version ${clearance.briefVersion} of the technical brief`);
    pdf.field("Time (UTC)", utc(clearance.decidedAt));
    if (clearance.conditions) pdf.field("Conditions", clearance.conditions);
  }

  pdf.heading("Reference uses allowed");
  pdf.paragraph(allowedUses(s).map((use) => `• ${use[0].toUpperCase()}${use.slice(1)}`).join("\n"));

  pdf.heading("Quotes approved for public use");
  if (quotes.length === 0) pdf.paragraph("None yet.", { muted: true });
  for (const q of quotes) {
    pdf.paragraph(`“${q.text}” — ${q.attribution}`);
    pdf.paragraph(`Approved for public use by ${q.approvedBy} on ${utc(q.approvedAt)}.`, { muted: true });
  }
  return { bytes: await pdf.save(), filename };
}
