import FeedbackInviteEmail, { feedbackInviteSubject, type FeedbackInviteProps } from "./feedback-invite";

export type FeedbackReminderProps = Omit<FeedbackInviteProps, "reminder">;

export const feedbackReminderSubject = (p: FeedbackReminderProps) => feedbackInviteSubject({ ...p, reminder: true });

/** Sent to users who have not answered yet; carries a fresh personal link. */
export default function FeedbackReminderEmail(p: FeedbackReminderProps) {
  return <FeedbackInviteEmail {...p} reminder />;
}

FeedbackReminderEmail.PreviewProps = { ...FeedbackInviteEmail.PreviewProps } satisfies FeedbackReminderProps;
