import { z } from "~/utils/zod";

export const createApiTokenSchema = z.object({
  intent: z.literal("create-token"),
  name: z
    .string({ error: "Name the token after what will use it, such as “Finance BI”." })
    .trim()
    .min(1, "Name the token after what will use it, such as “Finance BI”.")
    .max(80, "Keep the name under 80 characters."),
});

export const revokeApiTokenSchema = z.object({
  intent: z.literal("revoke-token"),
  tokenId: z.uuid({ error: "Choose a token." }),
});

export const apiTokenActionSchema = z.discriminatedUnion("intent", [createApiTokenSchema, revokeApiTokenSchema]);
