import { CsvError, parse } from "csv-parse/sync";
import { contactSchema, customerSchema, type ContactInput } from "./customers.schema";
import { importColumns, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, ROLE_SEPARATORS, roleWords, TEMPLATE_ROWS, type ImportColumn } from "./import.schema";

/** One person of the file, read with the contact form's own schema; `problems` say what keeps the row out. */
export type ImportRow = {
  /** The row as a spreadsheet numbers it: the heading is row 1. */
  row: number;
  organisation: string;
  /** The organisation's name passed the enrol form's rules, so the row can be matched to a customer. */
  organisationValid: boolean;
  contact: ContactInput;
  problems: string[];
};

export type CsvReading =
  | { ok: true; delimiter: "," | ";" | "\t"; rows: ImportRow[]; ignoredColumns: string[] }
  | { ok: false; message: string };

const DELIMITERS = [",", ";", "\t"] as const;

/**
 * Spreadsheets in locales whose decimal mark is a comma (much of Europe) save "CSV" with `;`
 * between fields. The heading row decides: whichever candidate occurs most often there outside quotes.
 */
export function detectDelimiter(text: string): (typeof DELIMITERS)[number] {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, "")) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  return DELIMITERS.reduce((best, d) => (counts.get(d)! > counts.get(best)! ? d : best), DELIMITERS[0]);
}

const normaliseHeading = (heading: string) => heading.trim().toLowerCase().replace(/[\s_*]+/g, " ").trim();

/** Reads the roles cell into the contact form's checkboxes; words it does not know come back by name. */
export function readRoles(cell: string) {
  // The reference contact is named by the buyer, not imported.
  const roles = { isBuyer: false, isUser: false, isChampion: false, isGatekeeper: false, isReferenceContact: false };
  const unknown: string[] = [];
  for (const word of cell.split(ROLE_SEPARATORS).map((w) => w.trim().toLowerCase().replace(/\s+/g, " ")).filter(Boolean)) {
    const role = roleWords[word];
    if (role) roles[role] = true;
    else unknown.push(word);
  }
  return { roles, unknown };
}

/** A parser's complaint, as a sentence about the file. */
function unreadable(error: CsvError) {
  const line = /line (\d+)/.exec(error.message)?.[1];
  const where = line ? ` (near line ${line})` : "";
  if (error.code === "CSV_QUOTE_NOT_CLOSED") return `A quoted field is never closed${where}: check for a missing " in the file.`;
  if (error.code === "CSV_INVALID_CLOSING_QUOTE") return `A quote is followed by other characters${where}: write "" for a quote inside a quoted field.`;
  return `The file could not be read as CSV${where}.`;
}

/**
 * Parses the CSV text and reads each row with the enrol and contact forms' schemas. Checks that need
 * the program (cap, duplicates, people already there) come after, in import.server.ts.
 */
export function readCustomerCsv(text: string): CsvReading {
  if (Buffer.byteLength(text, "utf8") > MAX_IMPORT_BYTES)
    return { ok: false, message: `The CSV is larger than ${MAX_IMPORT_BYTES / 1024} KB. Import at most ${MAX_IMPORT_ROWS} rows at a time.` };
  if (text.trim() === "") return { ok: false, message: "Paste the CSV, or choose a CSV file." };
  // A workbook (.xlsx is a zip) or other binary file: PostgreSQL could not even store its NUL bytes.
  if (text.includes("\u0000")) return { ok: false, message: "This is not a text CSV. In the spreadsheet, save it as “CSV UTF-8” and choose that file." };
  // Bytes that are not UTF-8 were read as U+FFFD: an older “CSV” export in a legacy encoding would garble names.
  if (text.includes("\uFFFD")) return { ok: false, message: "The file is not UTF-8 text, so some letters could not be read. Save it as “CSV UTF-8” and choose it again." };
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    // Rows are kept even when blank so that row numbers match the spreadsheet's; blank ones are skipped below.
    records = parse(text, { bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, message: unreadable(error) };
    throw error;
  }
  const [headings = [], ...data] = records;
  const columnAt = new Map<ImportColumn, number>();
  const ignoredColumns: string[] = [];
  headings.forEach((heading, index) => {
    const key = (Object.keys(importColumns) as ImportColumn[]).find((column) => (importColumns[column].aliases as readonly string[]).includes(normaliseHeading(heading)));
    if (key && !columnAt.has(key)) columnAt.set(key, index);
    else if (heading.trim()) ignoredColumns.push(heading.trim());
  });
  const missing = (Object.keys(importColumns) as ImportColumn[]).filter((column) => importColumns[column].required && !columnAt.has(column));
  if (missing.length > 0)
    return {
      ok: false,
      message: `The first row must name the columns: ${templateHeadings().join(", ")}. Missing: ${missing.map((c) => importColumns[c].heading).join(", ")}.`,
    };

  const rows: ImportRow[] = [];
  for (const [index, record] of data.entries()) {
    if (record.every((cell) => cell.trim() === "")) continue;
    if (rows.length === MAX_IMPORT_ROWS)
      return { ok: false, message: `The CSV has more than ${MAX_IMPORT_ROWS} rows. Import at most ${MAX_IMPORT_ROWS} rows at a time.` };
    const cell = (column: ImportColumn) => (columnAt.has(column) ? (record[columnAt.get(column)!] ?? "") : "");
    const problems: string[] = [];
    const customer = customerSchema.shape.name.safeParse(cell("organisation"));
    if (!customer.success) problems.push(customer.error.issues[0].message);
    const { roles, unknown } = readRoles(cell("roles"));
    if (unknown.length > 0)
      problems.push(`Unknown role${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `“${u}”`).join(", ")}: use buyer, user, champion or gatekeeper.`);
    const raw = { name: cell("name"), email: cell("email"), title: cell("title"), ...roles };
    const contact = contactSchema.safeParse(raw);
    // An unknown role already says what is wrong with the roles cell.
    if (!contact.success) problems.push(...contact.error.issues.filter((i) => !(unknown.length > 0 && i.path[0] === "roles")).map((i) => i.message));
    rows.push({
      row: index + 2,
      organisation: customer.success ? customer.data : cell("organisation").trim(),
      organisationValid: customer.success,
      contact: contact.success ? contact.data : { ...raw, name: raw.name.trim(), email: raw.email.trim().toLowerCase(), title: raw.title.trim() },
      problems,
    });
  }
  if (rows.length === 0) return { ok: false, message: "The CSV has a heading row but no people under it." };
  return { ok: true, delimiter, rows, ignoredColumns };
}

export const templateHeadings = () => (Object.keys(importColumns) as ImportColumn[]).map((c) => importColumns[c].heading);

/** The downloadable template: the headings and one customer's unit, as the import reads them. */
export function templateCsv() {
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return [templateHeadings(), ...TEMPLATE_ROWS].map((row) => row.map(quote).join(",")).join("\r\n") + "\r\n";
}
