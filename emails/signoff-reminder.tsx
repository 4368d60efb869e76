import SignoffRequestEmail, { signoffRequestSubject, type SignoffRequestProps } from "./signoff-request";

export type SignoffReminderProps = Omit<SignoffRequestProps, "kind">;

export const signoffReminderSubject = (p: SignoffReminderProps) => signoffRequestSubject({ ...p, kind: "reminder" });

/** Sent 3 days after the request, then every 2 days, at most 3 times, while no decision is recorded. */
export default function SignoffReminderEmail(p: SignoffReminderProps) {
  return <SignoffRequestEmail {...p} kind="reminder" />;
}

SignoffReminderEmail.PreviewProps = { ...SignoffRequestEmail.PreviewProps } satisfies SignoffReminderProps;
