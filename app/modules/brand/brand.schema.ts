import { z } from "~/utils/zod";
import { contrastWithWhite, MAX_LOGO_BYTES, MIN_CONTRAST } from "./brand";

const hexColour = /^#[0-9a-f]{6}$/;

/** The workspace's settings form: who asks, in what colour, with what logo (its bytes are checked in brand.server.ts). */
export const brandSchema = z.object({
  companyName: z
    .string({ error: "Enter your company's name: customers see it on every page and email." })
    .trim()
    .min(1, "Enter your company's name: customers see it on every page and email.")
    .max(120, "Keep it under 120 characters."),
  accentColor: z
    .string()
    .trim()
    .toLowerCase()
    .superRefine((v, ctx) => {
      if (!hexColour.test(v)) return ctx.addIssue({ code: "custom", message: "Enter a colour as # and six hex digits, like #1d4ed8." });
      const ratio = contrastWithWhite(v);
      if (ratio < MIN_CONTRAST)
        ctx.addIssue({ code: "custom", message: `White text on ${v} has a contrast of ${ratio.toFixed(1)}:1; buttons need at least ${MIN_CONTRAST}:1. Choose a darker colour.` });
    })
    .optional(),
  logo: z
    .instanceof(File, { message: "Choose a PNG, JPEG or WebP file." })
    .superRefine((file, ctx) => {
      if (file.size > MAX_LOGO_BYTES)
        ctx.addIssue({ code: "custom", message: `The logo is ${Math.ceil(file.size / 1024)} KB; the limit is ${MAX_LOGO_BYTES / 1024} KB. Nothing was saved.` });
    })
    .optional(),
  removeLogo: z.boolean().optional(),
});

export type BrandInput = z.infer<typeof brandSchema>;
