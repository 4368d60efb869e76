import { Heading } from "@react-email/heading";
import { Text } from "@react-email/text";
import { EmailLayout, heading, small, text } from "./layout";

export type ClearanceReceiptProps = {
  gatekeeperName: string;
  customerName: string;
  productName: string;
  teamName: string;
  decision: "cleared" | "cleared_with_conditions" | "veto";
  briefVersion: number;
  contentHash: string;
  decidedAt: string;
  /** The conditions or the veto's reason, as given. */
  statement: string;
};

const decisionWords = { cleared: "cleared", cleared_with_conditions: "cleared with conditions", veto: "vetoed" } as const;

export const clearanceReceiptSubject = (p: ClearanceReceiptProps) => `Your IT review of ${p.productName} is recorded`;

/** The gatekeeper's receipt of a recorded decision. */
export default function ClearanceReceiptEmail(p: ClearanceReceiptProps) {
  return (
    <EmailLayout preview={`Recorded on ${p.decidedAt}`}>
      <Heading style={heading}>Thank you, {p.gatekeeperName}</Heading>
      <Text style={text}>
        Your IT review for {p.customerName} was recorded on {p.decidedAt}: you <strong>{decisionWords[p.decision]}</strong> version {p.briefVersion} of the {p.productName} technical brief.
      </Text>
      {p.statement ? <Text style={text}>{p.decision === "veto" ? "Your reason" : "Your conditions"}: {p.statement}</Text> : null}
      <Text style={text}>{p.teamName} is told. If the brief changes, you will be asked again.</Text>
      <Text style={small}>Fingerprint of the brief you reviewed (SHA-256): {p.contentHash}</Text>
    </EmailLayout>
  );
}

ClearanceReceiptEmail.PreviewProps = {
  gatekeeperName: "Sam",
  customerName: "Harbor Mechanical",
  productName: "Fieldline Dispatch Board",
  teamName: "Fieldline",
  decision: "cleared_with_conditions",
  briefVersion: 2,
  contentHash: "9f2c…",
  decidedAt: "3 Dec 2026, 10:00 UTC",
  statement: "SSO must be in place before go-live.",
} satisfies ClearanceReceiptProps;
