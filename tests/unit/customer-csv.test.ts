import { describe, expect, it } from "vitest";
import { detectDelimiter, readCustomerCsv, readRoles, templateCsv } from "~/modules/customers/import-csv.server";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "~/modules/customers/import.schema";

/** The rows of a reading that must succeed, as organisation, contact and problems. */
function rowsOf(text: string) {
  const reading = readCustomerCsv(text);
  if (!reading.ok) throw new Error(`expected a reading, got: ${reading.message}`);
  return reading;
}

const none = { isBuyer: false, isUser: false, isChampion: false, isGatekeeper: false, isReferenceContact: false };

describe("reading a customers CSV", () => {
  it("reads a spreadsheet's export: BOM, quoted fields with commas, quotes and line breaks, CRLF", () => {
    const text =
      "\uFEFForganisation,contact name,email,title,roles\r\n" +
      '"Bluewater Utilities, Inc.",Bea Brown,Bea.Brown@Bluewater.example,"Chief ""money"" officer",buyer\r\n' +
      '"Bluewater Utilities, Inc.",Uma Ulrich,uma@bluewater.example,"Dispatcher,\r\nnight shift","user, champion"\r\n';
    const reading = rowsOf(text);
    expect(reading.delimiter).toBe(",");
    expect(reading.rows).toEqual([
      { row: 2, organisation: "Bluewater Utilities, Inc.", organisationValid: true, contact: { ...none, name: "Bea Brown", email: "bea.brown@bluewater.example", title: 'Chief "money" officer', isBuyer: true }, problems: [] },
      { row: 3, organisation: "Bluewater Utilities, Inc.", organisationValid: true, contact: { ...none, name: "Uma Ulrich", email: "uma@bluewater.example", title: "Dispatcher,\r\nnight shift", isUser: true, isChampion: true }, problems: [] },
    ]);
  });

  it("drops a BOM before a quoted heading (a spreadsheet that quotes every cell)", () => {
    const reading = rowsOf('\uFEFF"organisation","contact name","email","title","roles"\r\n"Acme","Al Able","al@acme.example","","user"\r\n');
    expect(reading.rows.map((r) => [r.organisation, r.contact.email, r.problems])).toEqual([["Acme", "al@acme.example", []]]);
  });

  it("detects semicolons, as spreadsheets in comma-decimal locales save CSV, with roles split inside a cell", () => {
    const reading = rowsOf("Organisation;Contact name;E-mail;Job title;Roles\nNordlicht GmbH;Jörg Ökonom;joerg@nordlicht.example;Geschäftsführer, CFO;buyer\nNordlicht GmbH;Anna Nutzer;anna@nordlicht.example;;\"user; gatekeeper\"\n");
    expect(reading.delimiter).toBe(";");
    expect(reading.rows.map((r) => [r.organisation, r.contact.name, r.contact.title, r.contact.isBuyer, r.contact.isUser, r.contact.isGatekeeper])).toEqual([
      ["Nordlicht GmbH", "Jörg Ökonom", "Geschäftsführer, CFO", true, false, false],
      ["Nordlicht GmbH", "Anna Nutzer", "", false, true, true],
    ]);
  });

  it("picks the separator from the heading row only, ignoring separators inside quotes", () => {
    expect(detectDelimiter('"a;b;c",x,y\n1;2;3;4;5')).toBe(",");
    expect(detectDelimiter('\uFEFForganisation;name;email;"title, or role";roles')).toBe(";");
    expect(detectDelimiter("organisation\tname\temail\troles")).toBe("\t");
    expect(detectDelimiter("organisation")).toBe(",");
  });

  it("numbers rows as a spreadsheet does, skipping blank rows without renumbering the rest", () => {
    const reading = rowsOf("organisation,name,email,roles\r\n\r\nAcme,Al,al@acme.example,user\r\n,,,\r\nAcme,Bo,bo@acme.example,user\r\n");
    expect(reading.rows.map((r) => r.row)).toEqual([3, 5]);
  });

  it("gives every row's problems with the contact form's own messages", () => {
    const reading = rowsOf(
      "organisation,contact name,email,title,roles\n" +
        "Acme,Al Able,not-an-email,,user\n" +
        "Acme,,bo@acme.example,,buyer\n" +
        "Acme,Cy Cole,cy@acme.example,,owner; user\n" +
        "Acme,Di Dee,di@acme.example,,\n" +
        ",Ed Eve,ed@acme.example,,user\n",
    );
    expect(reading.rows.map((r) => [r.row, r.problems])).toEqual([
      [2, ["Enter a valid email address, like name@company.com."]],
      [3, ["Enter the person's name."]],
      [4, ["Unknown role “owner”: use buyer, user, champion or gatekeeper."]],
      [5, ["Choose at least one role."]],
      [6, ["Enter the organisation's name."]],
    ]);
    expect(reading.rows[4].organisationValid).toBe(false);
  });

  it("reads role words as a PM writes them", () => {
    expect(readRoles("Economic Buyer | Champion")).toEqual({ roles: { ...none, isBuyer: true, isChampion: true }, unknown: [] });
    expect(readRoles("technical  gatekeeper/user")).toEqual({ roles: { ...none, isGatekeeper: true, isUser: true }, unknown: [] });
    expect(readRoles("boss, user")).toEqual({ roles: { ...none, isUser: true }, unknown: ["boss"] });
  });

  it("refuses a file it cannot use with a sentence saying why", () => {
    const refusal = (text: string) => {
      const reading = readCustomerCsv(text);
      return reading.ok ? "read" : reading.message;
    };
    expect(refusal("")).toBe("Paste the CSV, or choose a CSV file.");
    expect(refusal("\uFEFF\r\n")).toBe("Paste the CSV, or choose a CSV file.");
    expect(refusal("company,person,email\nAcme,Al,al@acme.example")).toBe("The first row must name the columns: organisation, contact name, email, title, roles. Missing: roles.");
    expect(refusal("organisation,name,email,roles\n")).toBe("The CSV has a heading row but no people under it.");
    expect(refusal('organisation,name,email,roles\nAcme,"Al,al@acme.example,user\n')).toMatch(/^A quoted field is never closed/);
    expect(refusal("organisation,name,email,roles\nAcme,Al\u0000,al@acme.example,user\n")).toMatch(/not a text CSV/);
    expect(refusal("organisation,name,email,roles\nAcme,J\uFFFDrg,j@acme.example,user\n")).toMatch(/UTF-8/);
  });

  it("limits a file's rows and bytes", () => {
    const heading = "organisation,name,email,roles\n";
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `Acme,P${i},p${i}@acme.example,user\n`).join("");
    expect(rowsOf(heading + rows(MAX_IMPORT_ROWS)).rows).toHaveLength(MAX_IMPORT_ROWS);
    expect(readCustomerCsv(heading + rows(MAX_IMPORT_ROWS + 1))).toEqual({ ok: false, message: `The CSV has more than ${MAX_IMPORT_ROWS} rows. Import at most ${MAX_IMPORT_ROWS} rows at a time.` });
    const big = heading + `Acme,${"x".repeat(MAX_IMPORT_BYTES)},a@acme.example,user\n`;
    expect(readCustomerCsv(big)).toEqual({ ok: false, message: `The CSV is larger than ${MAX_IMPORT_BYTES / 1024} KB. Import at most ${MAX_IMPORT_ROWS} rows at a time.` });
  });

  it("reads its own template back without a problem", () => {
    const reading = rowsOf(templateCsv());
    expect(reading.rows).toHaveLength(4);
    expect(reading.rows.flatMap((r) => r.problems)).toEqual([]);
    expect(reading.ignoredColumns).toEqual([]);
  });
});
