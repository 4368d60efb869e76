import { z } from "~/utils/zod";

/** An optional free-text field: trimmed, limited, and "" when left empty. */
export const optionalText = (max: number, label = "it") =>
  z.string().trim().max(max, `Keep ${label} under ${max} characters.`).optional().transform((value) => value ?? "");
