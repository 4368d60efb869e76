import { z } from "~/utils/zod";

/** An optional free-text field: trimmed, limited, and "" when left empty. */
export const optionalText = (max: number, label = "it") =>
  z.string().trim().max(max, `Keep ${label} under ${max} characters.`).optional().transform((value) => value ?? "");

/**
 * A number typed into a form field, read strictly: decimal digits with an optional sign and
 * fraction. Number() would also take "0x10", "1e3", " " or a field sent twice ("4,4" → NaN, ["4"] →
 * 4); here those are refused with `message`, like any other wrong entry.
 */
export const decimalNumber = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^[+-]?(\d+(\.\d+)?|\.\d+)$/, message)
    .transform(Number);
