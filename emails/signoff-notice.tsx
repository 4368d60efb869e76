import { Heading } from "@react-email/heading";
import { Text } from "@react-email/text";
import { button, Button, EmailLayout, heading, text } from "./layout";

export type SignoffNoticeProps = {
  pmName: string;
  buyerName: string;
  customerName: string;
  programName: string;
  roundNumber: number;
  decision: "approve" | "decline";
  reason?: string;
  referenceConsent: boolean;
  link: string;
};

export const signoffNoticeSubject = (p: SignoffNoticeProps) =>
  `${p.customerName} ${p.decision === "approve" ? "approved" : "declined"} the business case (round ${p.roundNumber})`;

/** Tells the program's PMs about each sign-off or decline. */
export default function SignoffNoticeEmail(p: SignoffNoticeProps) {
  return (
    <EmailLayout preview={`${p.buyerName} ${p.decision === "approve" ? "approved" : "declined"}`} footer="You receive this as a PM of the workspace.">
      <Heading style={heading}>
        {p.customerName} {p.decision === "approve" ? "approved" : "declined"}
      </Heading>
      <Text style={text}>
        Hi {p.pmName}, {p.buyerName} {p.decision === "approve" ? "approved" : "declined"} the business case of round {p.roundNumber} in {p.programName}
        {p.decision === "decline" && p.reason ? `, saying: “${p.reason}”` : ""}.{" "}
        {p.referenceConsent ? "They agreed to be a reference." : "They did not agree to be a reference."}
      </Text>
      <Button href={p.link} style={button}>
        See the sign-off certificate
      </Button>
    </EmailLayout>
  );
}

SignoffNoticeEmail.PreviewProps = {
  pmName: "Pat",
  buyerName: "Dana Whitfield",
  customerName: "Harbor Mechanical",
  programName: "Dispatch Board charter program",
  roundNumber: 1,
  decision: "approve",
  referenceConsent: true,
  link: "http://localhost:3000/programs/x/rounds/y/signoffs/z",
} satisfies SignoffNoticeProps;
