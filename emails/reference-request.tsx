import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { button, Button, EmailLayout, heading, small, text, link } from "./layout";

export type ReferenceRequestProps = {
  contactName: string;
  customerName: string;
  productName: string;
  teamName: string;
  /** What is asked, in words that follow "asks whether you would …". */
  asked: string;
  requester: string;
  purpose: string;
  /** "31 January 2027", when the team needs an answer by a date. */
  neededBy?: string | null;
  expiresOn: string;
  link: string;
  /** "reminder": the same request sent again (the earlier link no longer works). */
  kind?: "request" | "reminder";
  /** The person asked is the customer's reference contact, named by its buyer. */
  namedByBuyer?: boolean;
};

export const referenceRequestSubject = (p: ReferenceRequestProps) =>
  `${p.kind === "reminder" ? "Reminder: " : ""}May ${p.teamName} use ${p.customerName} as a reference? (${p.productName})`;

/** The customer's link to agree to one use of them as a reference, or decline it. */
export default function ReferenceRequestEmail(p: ReferenceRequestProps) {
  return (
    <EmailLayout preview={`Agree or decline: ${p.requester} asks whether you would ${p.asked}`}>
      <Heading style={heading}>Hi {p.contactName},</Heading>
      <Text style={text}>
        {p.kind === "reminder" ? "A reminder: " : ""}
        {p.requester} of {p.teamName} asks whether you would {p.asked} about {p.productName}, for: {p.purpose}.
      </Text>
      {p.namedByBuyer ? <Text style={text}>You are asked because {p.customerName}'s buyer named you to answer these requests in their place.</Text> : null}
      <Text style={text}>Each use of {p.customerName} as a reference is asked for separately; you may agree or decline this one, with a note if you like. No account is needed.</Text>
      {p.neededBy ? (
        <Text style={text}>
          <strong>They need an answer by {p.neededBy}.</strong>
        </Text>
      ) : null}
      <Button href={p.link} style={button}>
        Agree or decline
      </Button>
      <Text style={small}>
        This link is personal to you and works until {p.expiresOn}. If the button does not work, paste this address into your browser:{" "}
        <Link href={p.link} style={link}>{p.link}</Link>
      </Text>
    </EmailLayout>
  );
}

ReferenceRequestEmail.PreviewProps = {
  contactName: "Dana",
  customerName: "Harbor Mechanical",
  productName: "Fieldline Dispatch Board",
  teamName: "Fieldline",
  asked: "take a call with a prospect",
  requester: "Sam Sales",
  purpose: "Northwind Plumbing, evaluating dispatch tools",
  neededBy: "31 January 2027",
  expiresOn: "23 December 2026",
  link: "http://localhost:3000/r/example-token",
} satisfies ReferenceRequestProps;
