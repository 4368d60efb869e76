import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { button, Button, EmailLayout, heading, small, text, link } from "./layout";

export type FeedbackInviteProps = {
  recipientName: string;
  customerName: string;
  productName: string;
  teamName: string;
  roundNumber: number;
  roundTitle: string;
  taskCount: number;
  link: string;
  /** "Please answer by Friday 18 December." when the round has a planned close date. */
  answerBy?: string | null;
  /** A reminder of an invitation sent earlier. */
  reminder?: boolean;
};

export const feedbackInviteSubject = (p: FeedbackInviteProps) =>
  p.reminder ? `Reminder: your feedback on ${p.productName}, round ${p.roundNumber}` : `${p.productName}, round ${p.roundNumber}: try the prototype and tell us what you think`;

/** The user's personal link to a prototype round's feedback form (also used for reminders). */
export default function FeedbackInviteEmail(p: FeedbackInviteProps) {
  return (
    <EmailLayout preview={`${p.taskCount} short tasks on the ${p.productName} prototype, about 15 minutes.`}>
      <Heading style={heading}>{p.reminder ? "A quick reminder" : `Hi ${p.recipientName},`}</Heading>
      <Text style={text}>
        {p.reminder
          ? `Hi ${p.recipientName}, we have not heard from you yet about round ${p.roundNumber} of ${p.productName}. Your answers decide what ${p.teamName} builds next.`
          : `${p.customerName} is a charter customer of ${p.productName}, and ${p.teamName} would value your view as someone who would use it every day.`}
      </Text>
      <Text style={text}>
        Round {p.roundNumber}, “{p.roundTitle}”: try {p.taskCount} short {p.taskCount === 1 ? "task" : "tasks"} on the prototype, then answer ten quick
        questions. It takes about 15 minutes; no account needed, and it works on a phone.
      </Text>
      {p.answerBy ? (
        <Text style={text}>
          <strong>{p.answerBy}</strong>
        </Text>
      ) : null}
      <Button href={p.link} style={button}>
        Open your feedback form
      </Button>
      <Text style={small}>
        This link is personal to you: please do not forward it. If the button does not work, paste this address into your browser:{" "}
        <Link href={p.link} style={link}>{p.link}</Link>
      </Text>
    </EmailLayout>
  );
}

FeedbackInviteEmail.PreviewProps = {
  recipientName: "Tom",
  customerName: "Harbor Mechanical",
  productName: "Fieldline Dispatch Board",
  teamName: "Fieldline",
  roundNumber: 1,
  roundTitle: "First clickable prototype",
  taskCount: 3,
  link: "http://localhost:3000/f/example-token",
  answerBy: "Please answer by Friday 18 December.",
} satisfies FeedbackInviteProps;
