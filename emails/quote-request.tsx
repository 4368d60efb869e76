import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { button, Button, EmailLayout, heading, small, text, link } from "./layout";

export type QuoteRequestProps = {
  /** "give": the champion is asked for a quote; "approve": the buyer is asked to approve one for public use. */
  purpose: "give" | "approve";
  recipientName: string;
  customerName: string;
  productName: string;
  teamName: string;
  /** For "approve": the quote and who it is from. */
  quoteText?: string;
  attribution?: string;
  expiresOn: string;
  link: string;
};

export const quoteRequestSubject = (p: QuoteRequestProps) =>
  p.purpose === "give" ? `A few words about ${p.productName}? ${p.teamName} asks for your quote` : `May ${p.teamName} quote ${p.customerName} about ${p.productName}?`;

/** The champion's link to write a quote, or the buyer's to approve one for public use. */
export default function QuoteRequestEmail(p: QuoteRequestProps) {
  return (
    <EmailLayout preview={p.purpose === "give" ? `Your quote about ${p.productName}` : `Approve a quote about ${p.productName} for public use`}>
      <Heading style={heading}>Hi {p.recipientName},</Heading>
      {p.purpose === "give" ? (
        <Text style={text}>
          You have followed {p.productName} closely as {p.customerName}'s champion in the charter program. {p.teamName} would be glad of a sentence or two about it, in your own
          words, and to know how you would like to be named. {p.customerName}'s decision-maker approves the quote before anyone outside sees it.
        </Text>
      ) : (
        <>
          <Text style={text}>{p.teamName} would like to use this quote about {p.productName} in public (its website, sales material), and asks you to approve it for {p.customerName}:</Text>
          <Text style={{ ...text, fontStyle: "italic" }}>
            “{p.quoteText}” — {p.attribution}
          </Text>
        </>
      )}
      <Button href={p.link} style={button}>
        {p.purpose === "give" ? "Write your quote" : "Approve or reject"}
      </Button>
      <Text style={small}>
        This link is personal to you and works until {p.expiresOn}. No account is needed. If the button does not work, paste this address into your browser:{" "}
        <Link href={p.link} style={link}>{p.link}</Link>
      </Text>
    </EmailLayout>
  );
}

QuoteRequestEmail.PreviewProps = {
  purpose: "approve",
  recipientName: "Dana",
  customerName: "Harbor Mechanical",
  productName: "Fieldline Dispatch Board",
  teamName: "Fieldline",
  quoteText: "We plan a day in half the time.",
  attribution: "Sam K., Dispatch lead",
  expiresOn: "23 December 2026",
  link: "http://localhost:3000/q/example-token",
} satisfies QuoteRequestProps;
