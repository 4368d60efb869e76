import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { button, Button, EmailLayout, heading, small, text, link } from "./layout";
import { possessive } from "~/modules/brand/brand";

export type ClearanceRequestProps = {
  gatekeeperName: string;
  customerName: string;
  productName: string;
  teamName: string;
  briefVersion: number;
  expiresOn: string;
  link: string;
  /** "Please answer by Friday 18 December." when the request belongs to a round with a planned close date. */
  answerBy?: string | null;
  /** "reminder": a nudge; "updated": the brief changed since the gatekeeper's answer or an earlier request. */
  kind?: "request" | "reminder" | "updated";
  /** With "updated": what changed in the brief, in words ("SAML single sign-on: answer changed"). */
  changes?: string[];
};

export const clearanceRequestSubject = (p: ClearanceRequestProps) =>
  p.kind === "reminder"
    ? `Reminder: your IT review of ${p.productName} for ${p.customerName}`
    : p.kind === "updated"
      ? `Updated technical brief for ${p.productName}: your IT review, please`
      : `Your IT review of ${p.productName} for ${p.customerName}`;

/** The technical gatekeeper's link to review the brief against the program's requirements and decide. */
export default function ClearanceRequestEmail(p: ClearanceRequestProps) {
  const intro =
    p.kind === "reminder"
      ? `A reminder: ${p.teamName} is still waiting for your IT review of ${p.productName}.`
      : p.kind === "updated"
        ? `${p.teamName} updated the technical brief for ${p.customerName} (now version ${p.briefVersion}). The earlier link no longer works; please review this version.`
        : `As ${possessive(p.customerName)} technical gatekeeper in the ${p.productName} charter program, ${p.teamName} asks you to review how the product meets your requirements (single sign-on, data protection, integration and the like).`;
  return (
    <EmailLayout preview={`Clear or veto: ${p.productName} technical brief, version ${p.briefVersion}`}>
      <Heading style={heading}>Hi {p.gatekeeperName},</Heading>
      <Text style={text}>{intro}</Text>
      {p.kind === "updated" && p.changes?.length ? (
        <Text style={text}>
          What changed: {p.changes.join("; ")}.
        </Text>
      ) : null}
      <Text style={text}>
        Mark each requirement met, needs work or blocker, then clear the product, clear it with conditions, or veto it with a reason. No account is needed.
      </Text>
      {p.answerBy ? (
        <Text style={text}>
          <strong>{p.answerBy}</strong>
        </Text>
      ) : null}
      <Button href={p.link} style={button}>
        Review the brief
      </Button>
      <Text style={small}>
        This link is personal to you and works until {p.expiresOn}. If the button does not work, paste this address into your browser:{" "}
        <Link href={p.link} style={link}>{p.link}</Link>
      </Text>
    </EmailLayout>
  );
}

ClearanceRequestEmail.PreviewProps = {
  gatekeeperName: "Sam",
  customerName: "Harbor Mechanical",
  productName: "Fieldline Dispatch Board",
  teamName: "Fieldline",
  briefVersion: 1,
  expiresOn: "23 December 2026",
  link: "http://localhost:3000/g/example-token",
  answerBy: null,
} satisfies ClearanceRequestProps;
