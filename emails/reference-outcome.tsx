import { Heading } from "@react-email/heading";
import { Text } from "@react-email/text";
import { button, Button, EmailLayout, heading, text } from "./layout";

export type ReferenceOutcomeProps = {
  memberName: string;
  customerName: string;
  kindLabel: string;
  purpose: string;
  outcome: "agreed" | "declined" | "cancelled";
  /** The customer's note, or why the request was cancelled. */
  note: string;
  /** Who answered ("Dana Whitfield"), for an answer. */
  answeredBy?: string | null;
  link: string;
};

const verb = { agreed: "agreed to", declined: "declined", cancelled: "Cancelled:" } as const;

export const referenceOutcomeSubject = (p: ReferenceOutcomeProps) =>
  p.outcome === "cancelled" ? `Cancelled: your reference request to ${p.customerName} (${p.kindLabel})` : `${p.customerName} ${verb[p.outcome]} your reference request (${p.kindLabel})`;

/** Tells the member who asked for a reference what became of the request. */
export default function ReferenceOutcomeEmail(p: ReferenceOutcomeProps) {
  const said =
    p.outcome === "cancelled"
      ? `Your request to ${p.customerName} (${p.kindLabel.toLowerCase()}, for ${p.purpose}) was cancelled: ${p.note}`
      : `${p.answeredBy ?? p.customerName} ${p.outcome === "agreed" ? "agreed to" : "declined"} your request (${p.kindLabel.toLowerCase()}, for ${p.purpose}).`;
  return (
    <EmailLayout preview={referenceOutcomeSubject(p)}>
      <Heading style={heading}>Hi {p.memberName},</Heading>
      <Text style={text}>{said}</Text>
      {p.outcome !== "cancelled" && p.note ? <Text style={text}>Their note: “{p.note}”</Text> : null}
      <Button href={p.link} style={button}>
        Open the reference library
      </Button>
    </EmailLayout>
  );
}

ReferenceOutcomeEmail.PreviewProps = {
  memberName: "Pat",
  customerName: "Harbor Mechanical",
  kindLabel: "Call with a prospect",
  purpose: "Northwind Plumbing",
  outcome: "agreed",
  note: "Tuesdays work best.",
  answeredBy: "Dana Whitfield",
  link: "http://localhost:3000/programs/x/references",
} satisfies ReferenceOutcomeProps;
