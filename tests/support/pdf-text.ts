/** The text of a PDF as a reader extracts it (pdfjs-dist, as Firefox reads PDFs): one line per drawn run. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).filter((text) => text.trim() !== "").join("\n"));
  }
  await doc.destroy();
  return pages.join("\n");
}
