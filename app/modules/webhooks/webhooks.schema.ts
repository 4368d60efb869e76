import { z } from "~/utils/zod";
import { webhookEventTypes } from "./events";

export const endpointUrlField = z
  .string({ error: "Enter the address that receives the events." })
  .trim()
  .min(1, "Enter the address that receives the events.")
  .max(2000, "Keep the address under 2,000 characters.")
  .refine((value) => URL.canParse(value) && ["https:", "http:"].includes(new URL(value).protocol), "Enter a full https:// address, such as https://hooks.example.com/charter.")
  .refine((value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password), "Leave user names and passwords out of the address; the signature proves the sender.");

export const createEndpointSchema = z.object({
  intent: z.literal("create"),
  url: endpointUrlField,
  description: z.string().trim().max(200, "Keep the description under 200 characters.").default(""),
  events: z.array(z.enum(webhookEventTypes, { error: "Choose events from the list." }), { error: "Choose at least one event." }).min(1, "Choose at least one event."),
});

const endpointIntent = <T extends string>(intent: T) => z.object({ intent: z.literal(intent), endpointId: z.uuid({ error: "Choose an endpoint." }) });

export const endpointActionSchema = z.discriminatedUnion("intent", [
  createEndpointSchema,
  endpointIntent("send-test"),
  endpointIntent("disable"),
  endpointIntent("enable"),
  endpointIntent("delete"),
  endpointIntent("rotate-secret"),
  endpointIntent("reveal-secret"),
]);

export type CreateEndpointInput = z.infer<typeof createEndpointSchema>;
