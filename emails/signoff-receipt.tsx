import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { button, Button, EmailLayout, heading, small, text, link } from "./layout";

export type SignoffReceiptProps = {
  buyerName: string;
  customerName: string;
  productName: string;
  teamName: string;
  decision: "approve" | "decline";
  caseVersion: number;
  contentHash: string;
  decidedAt: string;
  referenceUses: string[];
  /** Present when reference consent was given: withdraw it later from here. */
  withdrawLink?: string;
  /** The colleague the buyer named to be asked about each use, when not the buyer. */
  referenceContact?: string;
};

export const signoffReceiptSubject = (p: SignoffReceiptProps) => `Your ${p.decision === "approve" ? "approval" : "decision"} on ${p.productName} is recorded`;

/** The buyer's receipt of a recorded decision. */
export default function SignoffReceiptEmail(p: SignoffReceiptProps) {
  return (
    <EmailLayout preview={`Recorded on ${p.decidedAt}`}>
      <Heading style={heading}>Thank you, {p.buyerName}</Heading>
      <Text style={text}>
        Your decision for {p.customerName} was recorded on {p.decidedAt}: you <strong>{p.decision === "approve" ? "approved" : "declined"}</strong> version{" "}
        {p.caseVersion} of the {p.productName} business case.
      </Text>
      <Text style={small}>Fingerprint of the text you signed (SHA-256): {p.contentHash}</Text>
      {p.withdrawLink ? (
        <>
          <Text style={text}>
            You agreed that {p.teamName} may use {p.customerName} as a reference: {p.referenceUses.join(", ")}.{" "}
            {p.referenceContact ? `Each use will be asked of ${p.referenceContact}, whom you named. ` : "Each use will be asked of you by email. "}You can withdraw this consent at any time.
          </Text>
          <Button href={p.withdrawLink} style={button}>
            Withdraw reference consent
          </Button>
          <Text style={small}>
            Or paste this address into your browser: <Link href={p.withdrawLink} style={link}>{p.withdrawLink}</Link>
          </Text>
        </>
      ) : (
        <Text style={text}>You did not agree to be a reference; {p.teamName} will not name {p.customerName} publicly.</Text>
      )}
    </EmailLayout>
  );
}

SignoffReceiptEmail.PreviewProps = {
  buyerName: "Dana",
  customerName: "Harbor Mechanical",
  productName: "Fieldline Dispatch Board",
  teamName: "Fieldline",
  decision: "approve",
  caseVersion: 1,
  contentHash: "3f2a…",
  decidedAt: "23 Nov 2026, 14:05 UTC",
  referenceUses: ["name and logo", "reference calls"],
  withdrawLink: "http://localhost:3000/consent/example-token",
} satisfies SignoffReceiptProps;
