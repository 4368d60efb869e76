// First: zod is configured for the browser before Conform or any schema uses it.
import "~/utils/zod";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

/** How every form validates in the browser: with the action's schema, on submit, then as you type. */
export const validateWith = <S extends z.ZodType>(schema: S) => ({
  onValidate: ({ formData }: { formData: FormData }) => parseWithZod(formData, { schema }),
  shouldValidate: "onSubmit" as const,
  shouldRevalidate: "onInput" as const,
});
