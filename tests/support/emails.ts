import { sql } from "drizzle-orm";
import { emailOutbox } from "#db/schema";
import { propsWithLinks } from "~/modules/email/outbox.server";

type Row = { id: string; template: string; props: unknown; sealedLinks: string | null };

/**
 * For a select on the outbox: an email's props with its sealed links opened, as the mailbox page
 * shows them (the links are not in the stored props). Use in place of `emailOutbox.props`.
 */
export const emailProps = sql<Record<string, string>>`json_build_object('id', ${emailOutbox.id}, 'template', ${emailOutbox.template}, 'props', ${emailOutbox.props}, 'sealedLinks', ${emailOutbox.sealedLinks})`.mapWith(
  (value: Row | string) => propsWithLinks(typeof value === "string" ? (JSON.parse(value) as Row) : value) as Record<string, string>,
);
