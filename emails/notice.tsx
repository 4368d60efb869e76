import { Button } from "@react-email/button";
import { Heading } from "@react-email/heading";
import { Text } from "@react-email/text";
import { button, EmailLayout, heading, text } from "./layout";

export type NoticeProps = {
  memberName: string;
  teamName: string;
  title: string;
  body: string;
  link: string;
};

export const noticeSubject = (p: NoticeProps) => p.title;

/** One notice, for a member who chose an email for each (account page). */
export default function NoticeEmail(p: NoticeProps) {
  return (
    <EmailLayout preview={p.title} footer={`You receive this as a PM of ${p.teamName}; choose an email for each notice, a daily digest or none on your account page.`}>
      <Heading style={heading}>{p.title}</Heading>
      <Text style={text}>Hi {p.memberName},</Text>
      {p.body ? <Text style={text}>{p.body}</Text> : null}
      <Button href={p.link} style={button}>
        Open in Charter
      </Button>
    </EmailLayout>
  );
}

NoticeEmail.PreviewProps = {
  memberName: "Pat",
  teamName: "Acme Product Team",
  title: "Harbor Mechanical's buyer declined the business case (round 1)",
  body: "Dana Whitfield: “The price is above this year's budget.”",
  link: "http://localhost:3000/notices",
} satisfies NoticeProps;
