/** One CSV cell: quoted when needed, and spreadsheet formulas defused (a leading =, +, -, @, tab or CR). */
export const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One CSV line (CRLF, as RFC 4180 and spreadsheets expect). */
export const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** The HTTP answer for a CSV download. */
export function csvResponse(body: string | ReadableStream<Uint8Array>, filename: string) {
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}
