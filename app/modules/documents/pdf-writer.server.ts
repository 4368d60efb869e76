import type { Color, PDFDocument, PDFFont, PDFPage } from "pdf-lib";
import { pdfSafeText } from "./pdf-text";

/** A4 in points, with 2 cm margins. */
const PAGE = { width: 595.28, height: 841.89, margin: 56.7 };

type Style = "regular" | "bold" | "mono";

/**
 * A flowing text document on pdf-lib's standard fonts: headings, paragraphs and label/value rows,
 * wrapped to the page and continued on new pages. Text the fonts cannot draw is transliterated
 * (pdf-text.ts) and the last page says so.
 */
export class PdfWriter {
  private page!: PDFPage;
  private y = 0;
  private changed = false;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Record<Style, PDFFont>,
    private readonly colors: { ink: Color; muted: Color },
  ) {
    this.newPage();
  }

  static async create({ title, subject }: { title: string; subject: string }) {
    // Loaded on the first PDF, not at start-up: pdf-lib takes ~0.6 s to load.
    const { PDFDocument, StandardFonts, rgb } = await import("pdf-lib");
    const doc = await PDFDocument.create();
    doc.setTitle(pdfSafeText(title).text);
    doc.setSubject(pdfSafeText(subject).text);
    doc.setProducer("Charter");
    doc.setCreator("Charter");
    const [regular, bold, mono] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold), doc.embedFont(StandardFonts.Courier)]);
    return new PdfWriter(doc, { regular, bold, mono }, { ink: rgb(0.06, 0.09, 0.16), muted: rgb(0.28, 0.33, 0.41) });
  }

  private newPage() {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }

  private safe(text: string) {
    const result = pdfSafeText(text);
    if (result.changed) this.changed = true;
    return result.text;
  }

  /** Splits text into lines that fit `width`; words longer than a line (hashes, user agents) break anywhere. */
  private wrap(text: string, font: PDFFont, size: number, width: number) {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = "";
      for (const word of paragraph.split(" ")) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = "";
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width) {
          let cut = rest.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }

  private lines(text: string, { style = "regular", size = 10.5, x = PAGE.margin, width = PAGE.width - 2 * PAGE.margin, color = this.colors.ink }: { style?: Style; size?: number; x?: number; width?: number; color?: Color } = {}) {
    const font = this.fonts[style];
    const leading = size * 1.35;
    for (const line of this.wrap(this.safe(text), font, size, width)) {
      if (this.y - leading < PAGE.margin) this.newPage();
      this.y -= leading;
      this.page.drawText(line, { x, y: this.y, size, font, color });
    }
  }

  space(points = 8) {
    this.y -= points;
  }

  title(text: string) {
    this.lines(text, { style: "bold", size: 20 });
    this.space(4);
  }

  heading(text: string) {
    this.space(14);
    if (this.y - 60 < PAGE.margin) this.newPage();
    this.lines(text, { style: "bold", size: 13.5 });
    this.space(4);
  }

  paragraph(text: string, options: { muted?: boolean; mono?: boolean } = {}) {
    this.lines(text, { style: options.mono ? "mono" : "regular", color: options.muted ? this.colors.muted : this.colors.ink, size: options.mono ? 9 : 10.5 });
    this.space(4);
  }

  /** A label and its value side by side; the value wraps in its column. */
  field(label: string, value: string, options: { mono?: boolean } = {}) {
    const labelWidth = 150;
    if (this.y - 30 < PAGE.margin) this.newPage();
    const top = this.y;
    this.lines(label, { style: "bold", size: 10, color: this.colors.muted, width: labelWidth - 10 });
    const afterLabel = this.y;
    this.y = top;
    this.lines(value || "—", { style: options.mono ? "mono" : "regular", size: options.mono ? 8 : 10.5, x: PAGE.margin + labelWidth, width: PAGE.width - 2 * PAGE.margin - labelWidth });
    this.y = Math.min(this.y, afterLabel) - 5;
  }

  async save(): Promise<Uint8Array> {
    if (this.changed) {
      this.heading("About this PDF");
      this.paragraph("Some characters (letters outside Western European alphabets, or emoji) cannot be drawn by this PDF's standard fonts: they are shown without accents or as “?”. The page in Charter shows the text exactly as recorded, and any SHA-256 in this document is of that exact text.", { muted: true });
    }
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      page.drawText(`Page ${i + 1} of ${pages.length}`, { x: PAGE.margin, y: PAGE.margin / 2, size: 8, font: this.fonts.regular, color: this.colors.muted });
    });
    return this.doc.save();
  }
}

/** The HTTP answer for a generated PDF. */
export function pdfResponse(bytes: Uint8Array, filename: string) {
  return new Response(Buffer.from(bytes), {
    headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}

/** Letters that NFD does not take apart, spelled in ASCII for a file name. */
const ASCII_SPELLING: Record<string, string> = { Ø: "O", ø: "o", Æ: "AE", æ: "ae", Œ: "OE", œ: "oe", ß: "ss", Ł: "L", ł: "l", Đ: "D", đ: "d", Þ: "Th", þ: "th" };

/** A file name from a display name: ASCII letters and digits only. */
export const fileSlug = (name: string, fallback: string) =>
  name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[ØøÆæŒœßŁłĐđÞþ]/g, (ch) => ASCII_SPELLING[ch])
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase() || fallback;
