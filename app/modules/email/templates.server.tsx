import { render } from "@react-email/render";
import FeedbackInviteEmail, { feedbackInviteSubject, type FeedbackInviteProps } from "#emails/feedback-invite";
import FeedbackReminderEmail, { feedbackReminderSubject, type FeedbackReminderProps } from "#emails/feedback-reminder";
import TeammateInviteEmail, { teammateInviteSubject, type TeammateInviteProps } from "#emails/teammate-invite";

/** Every email Charter sends, by the template name stored in the outbox. */
export type EmailMessage =
  | { template: "feedback-invite"; props: FeedbackInviteProps }
  | { template: "feedback-reminder"; props: FeedbackReminderProps }
  | { template: "teammate-invite"; props: TeammateInviteProps };

function parts(message: EmailMessage) {
  switch (message.template) {
    case "feedback-invite":
      return { subject: feedbackInviteSubject(message.props), element: <FeedbackInviteEmail {...message.props} /> };
    case "feedback-reminder":
      return { subject: feedbackReminderSubject(message.props), element: <FeedbackReminderEmail {...message.props} /> };
    case "teammate-invite":
      return { subject: teammateInviteSubject(message.props), element: <TeammateInviteEmail {...message.props} /> };
  }
}

export const subjectOf = (message: EmailMessage) => parts(message).subject;

/** HTML and plain-text bodies of an email. */
export async function renderEmail(message: EmailMessage): Promise<{ html: string; text: string }> {
  const { element } = parts(message);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
