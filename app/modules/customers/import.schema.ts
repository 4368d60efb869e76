import { z } from "~/utils/zod";
import type { contactRoles } from "./customers.schema";

/** A program holds at most ten customers; a few hundred people is far more than any unit has. */
export const MAX_IMPORT_ROWS = 500;
/** Under the server's 256 KB body limit with room for the form around it (posted as multipart, not encoded). */
export const MAX_IMPORT_BYTES = 100 * 1024;

/** The columns of the CSV, in the template's order, with the headings each is recognised by. */
export const importColumns = {
  organisation: { heading: "organisation", aliases: ["organisation", "organization", "company", "customer", "account", "org"], required: true },
  name: { heading: "contact name", aliases: ["contact name", "name", "contact", "person", "full name"], required: true },
  email: { heading: "email", aliases: ["email", "e-mail", "email address", "e-mail address", "mail"], required: true },
  title: { heading: "title", aliases: ["title", "job title", "position"], required: false },
  roles: { heading: "roles", aliases: ["roles", "role"], required: true },
} as const;
export type ImportColumn = keyof typeof importColumns;

/** The words of the roles column, as a PM would write them, for each role of the contact form. */
export const roleWords: Record<string, (typeof contactRoles)[number]> = {
  buyer: "isBuyer",
  "economic buyer": "isBuyer",
  user: "isUser",
  users: "isUser",
  "end user": "isUser",
  champion: "isChampion",
  gatekeeper: "isGatekeeper",
  "technical gatekeeper": "isGatekeeper",
  it: "isGatekeeper",
};
/** Several roles in one cell: "buyer, champion", "user; gatekeeper", "user | champion". */
export const ROLE_SEPARATORS = /[,;|/+&]/;

export const TEMPLATE_ROWS = [
  ["Bluewater Utilities", "Bea Brown", "bea.brown@bluewater.example", "CFO", "buyer"],
  ["Bluewater Utilities", "Uma Ulrich", "uma.ulrich@bluewater.example", "Dispatcher", "user"],
  ["Bluewater Utilities", "Carl Chen", "carl.chen@bluewater.example", "Operations lead", "user, champion"],
  ["Bluewater Utilities", "Gil Grant", "gil.grant@bluewater.example", "IT security", "gatekeeper"],
];

/** The one form of the import page: preview (writes nothing) or import, both with the CSV as text or as a file. */
export const customerImportSchema = z.object({
  intent: z.enum(["preview", "import"], { error: "Choose Preview or Import." }),
  csv: z.string().optional().transform((value) => value ?? ""),
  file: z
    .file()
    .max(MAX_IMPORT_BYTES, `The file is larger than ${MAX_IMPORT_BYTES / 1024} KB. Split it, or import at most ${MAX_IMPORT_ROWS} rows at a time.`)
    .optional(),
});
export type CustomerImportInput = z.infer<typeof customerImportSchema>;
