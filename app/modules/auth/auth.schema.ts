import { z } from "~/utils/zod";

export const emailField = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@company.com." }));

export const nameField = (label = "a name") =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(120, "Keep it under 120 characters.");

export const newPasswordField = z
  .string({ error: "Choose a password." })
  .min(12, "Use at least 12 characters.")
  .max(200, "Use at most 200 characters.");

export const signInSchema = z.object({
  email: emailField,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200),
  redirectTo: z.string().optional(),
});

export const setupSchema = z.object({
  workspaceName: nameField("your team's name"),
  /** Who asks on customers' pages and emails; the team's name when left empty. */
  companyName: z.string().trim().max(120, "Keep it under 120 characters.").optional(),
  name: nameField("your name"),
  email: emailField,
  password: newPasswordField,
  loadDemo: z.boolean().optional(),
  /** With the demo: its three rounds of history, or only its customers (to run round 1 oneself). */
  demoHistory: z.boolean().optional(),
});

export const acceptInvitationSchema = z.object({
  name: nameField("your name"),
  password: newPasswordField,
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(200),
    newPassword: newPasswordField,
    confirmPassword: z.string({ error: "Repeat the new password." }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "The two new passwords differ.", path: ["confirmPassword"] });
