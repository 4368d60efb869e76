import { z } from "~/utils/zod";
import { emailField, nameField } from "~/modules/auth/auth.schema";

export const memberRoleField = z.enum(["admin", "pm", "viewer"], {
  error: "Choose a role: admin, PM or viewer.",
});

export const inviteMemberSchema = z.object({
  intent: z.literal("invite"),
  name: nameField("their name"),
  email: emailField,
  role: memberRoleField,
});

export const changeRoleSchema = z.object({
  intent: z.literal("change-role"),
  memberId: z.uuid({ error: "Choose a member." }),
  role: memberRoleField,
});

export const removeMemberSchema = z.object({
  intent: z.literal("remove"),
  memberId: z.uuid({ error: "Choose a member." }),
});

export const revokeInvitationSchema = z.object({
  intent: z.literal("revoke-invitation"),
  invitationId: z.uuid({ error: "Choose an invitation." }),
});

export const memberActionSchema = z.discriminatedUnion("intent", [
  inviteMemberSchema,
  changeRoleSchema,
  removeMemberSchema,
  revokeInvitationSchema,
]);
