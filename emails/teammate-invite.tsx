import { Heading } from "@react-email/heading";
import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { Button, button, EmailLayout, heading, small, text, link } from "./layout";

export type TeammateInviteProps = {
  inviteeName: string;
  inviterName: string;
  workspaceName: string;
  role: "admin" | "pm" | "viewer";
  link: string;
};

const roleText = {
  admin: "an admin (you will run programs and manage members)",
  pm: "a product manager (you will run programs)",
  viewer: "a viewer (you will see programs and evidence, read-only)",
} as const;

export const teammateInviteSubject = (p: TeammateInviteProps) => `${p.inviterName} invited you to ${p.workspaceName} on Charter`;

export default function TeammateInviteEmail(p: TeammateInviteProps) {
  return (
    <EmailLayout preview={`Join ${p.workspaceName} on Charter`} footer="If you did not expect this invitation, you can ignore this email.">
      <Heading style={heading}>Hi {p.inviteeName},</Heading>
      <Text style={text}>
        {p.inviterName} invited you to join <strong>{p.workspaceName}</strong> on Charter as {roleText[p.role]}. Charter runs the team's charter-customer
        programs: prototype rounds, user feedback and buyer sign-offs.
      </Text>
      <Button href={p.link} style={button}>
        Accept the invitation
      </Button>
      <Text style={small}>
        The link works once and expires in 7 days. If the button does not work, paste this address into your browser: <Link href={p.link} style={link}>{p.link}</Link>
      </Text>
    </EmailLayout>
  );
}

TeammateInviteEmail.PreviewProps = {
  inviteeName: "Vera",
  inviterName: "Pat Product",
  workspaceName: "Fieldline",
  role: "viewer",
  link: "http://localhost:3000/invitations/example-token",
} satisfies TeammateInviteProps;
