import { Button } from "@react-email/button";
import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { button, EmailLayout, heading, small, text, link } from "./layout";

export type NoticeDigestProps = {
  memberName: string;
  teamName: string;
  /** The UTC day the notices are from, YYYY-MM-DD. */
  day: string;
  items: { title: string; body: string; link: string }[];
  link: string;
};

export const noticeDigestSubject = (p: NoticeDigestProps) => `${p.items.length} ${p.items.length === 1 ? "notice" : "notices"} from Charter for ${p.day}`;

/** The day's notices in one email, the default for every member. */
export default function NoticeDigestEmail(p: NoticeDigestProps) {
  return (
    <EmailLayout preview={noticeDigestSubject(p)} footer={`You receive this daily digest as a PM of ${p.teamName}; change it on your account page.`}>
      <Heading style={heading}>What needs you, {p.day}</Heading>
      <Text style={text}>Hi {p.memberName}, {p.items.length === 1 ? "one thing" : `${p.items.length} things`} happened in Charter that may need you:</Text>
      {p.items.map((item, i) => (
        <Section key={i}>
          <Text style={{ ...text, fontWeight: 600, margin: "0 0 4px" }}>
            <Link href={item.link} style={link}>{item.title}</Link>
          </Text>
          {item.body ? <Text style={text}>{item.body}</Text> : null}
        </Section>
      ))}
      <Button href={p.link} style={button}>
        See all notices
      </Button>
      <Text style={small}>{p.link}</Text>
    </EmailLayout>
  );
}

NoticeDigestEmail.PreviewProps = {
  memberName: "Pat",
  teamName: "Acme Product Team",
  day: "2026-12-01",
  items: [{ title: "Round 2 of Dispatch charter is past its planned close date", body: "It was planned to close on 2026-11-30.", link: "http://localhost:3000/programs/x/rounds/y" }],
  link: "http://localhost:3000/notices",
} satisfies NoticeDigestProps;
