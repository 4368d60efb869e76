import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { button, Button, EmailLayout, heading, small, text, link } from "./layout";
import { possessive } from "~/modules/brand/brand";

export type SignoffRequestProps = {
  buyerName: string;
  customerName: string;
  productName: string;
  teamName: string;
  roundNumber: number;
  caseVersion: number;
  expiresOn: string;
  link: string;
  /** "Please answer by Friday 18 December." when the round has a planned close date. */
  answerBy?: string | null;
  /** "reminder": a nudge; "updated": the case changed since an earlier request. */
  kind?: "request" | "reminder" | "updated";
};

export const signoffRequestSubject = (p: SignoffRequestProps) =>
  p.kind === "reminder"
    ? `Reminder: your decision on ${p.productName} for ${p.customerName}, round ${p.roundNumber}`
    : p.kind === "updated"
      ? `Updated business case for ${p.productName}, round ${p.roundNumber}: your sign-off, please`
      : `Your sign-off on ${p.productName} for ${p.customerName}, round ${p.roundNumber}`;

/** The economic buyer's link to read the business case with their users' evidence and decide. */
export default function SignoffRequestEmail(p: SignoffRequestProps) {
  const intro =
    p.kind === "reminder"
      ? `A reminder: ${p.teamName} is still waiting for your decision on the ${p.productName} business case.`
      : p.kind === "updated"
        ? `${p.teamName} updated the business case for ${p.customerName} (now version ${p.caseVersion}). The earlier link no longer works; please decide on this version.`
        : `As ${possessive(p.customerName)} decision-maker in the ${p.productName} charter program, ${p.teamName} asks you to review the business case for round ${p.roundNumber}, together with what your own users found when they tried the prototype.`;
  return (
    <EmailLayout preview={`Approve or decline: ${p.productName} business case, version ${p.caseVersion}`}>
      <Heading style={heading}>Hi {p.buyerName},</Heading>
      <Text style={text}>{intro}</Text>
      <Text style={text}>
        It takes a few minutes: read the case, then approve or decline (with a reason), and tell us whether {p.customerName} would be a reference. No account
        is needed.
      </Text>
      {p.answerBy ? (
        <Text style={text}>
          <strong>{p.answerBy}</strong>
        </Text>
      ) : null}
      <Button href={p.link} style={button}>
        Review and decide
      </Button>
      <Text style={small}>
        This link is personal to you and works until {p.expiresOn}. If the button does not work, paste this address into your browser:{" "}
        <Link href={p.link} style={link}>{p.link}</Link>
      </Text>
    </EmailLayout>
  );
}

SignoffRequestEmail.PreviewProps = {
  buyerName: "Dana",
  customerName: "Harbor Mechanical",
  productName: "Fieldline Dispatch Board",
  teamName: "Fieldline",
  roundNumber: 1,
  caseVersion: 1,
  expiresOn: "23 December 2026",
  link: "http://localhost:3000/s/example-token",
  answerBy: "Please answer by Friday 18 December.",
} satisfies SignoffRequestProps;
