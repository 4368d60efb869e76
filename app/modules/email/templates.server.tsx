import { render } from "@react-email/render";
import type { ReactElement } from "react";
import ClearanceReceiptEmail, { clearanceReceiptSubject, type ClearanceReceiptProps } from "#emails/clearance-receipt";
import ClearanceRequestEmail, { clearanceRequestSubject, type ClearanceRequestProps } from "#emails/clearance-request";
import FeedbackInviteEmail, { feedbackInviteSubject, type FeedbackInviteProps } from "#emails/feedback-invite";
import FeedbackReminderEmail, { feedbackReminderSubject, type FeedbackReminderProps } from "#emails/feedback-reminder";
import NoticeEmail, { noticeSubject, type NoticeProps } from "#emails/notice";
import NoticeDigestEmail, { noticeDigestSubject, type NoticeDigestProps } from "#emails/notice-digest";
import QuoteRequestEmail, { quoteRequestSubject, type QuoteRequestProps } from "#emails/quote-request";
import SignoffNoticeEmail, { signoffNoticeSubject, type SignoffNoticeProps } from "#emails/signoff-notice";
import SignoffReceiptEmail, { signoffReceiptSubject, type SignoffReceiptProps } from "#emails/signoff-receipt";
import SignoffReminderEmail, { signoffReminderSubject, type SignoffReminderProps } from "#emails/signoff-reminder";
import SignoffRequestEmail, { signoffRequestSubject, type SignoffRequestProps } from "#emails/signoff-request";
import ReferenceOutcomeEmail, { referenceOutcomeSubject, type ReferenceOutcomeProps } from "#emails/reference-outcome";
import ReferenceRequestEmail, { referenceRequestSubject, type ReferenceRequestProps } from "#emails/reference-request";
import TeammateInviteEmail, { teammateInviteSubject, type TeammateInviteProps } from "#emails/teammate-invite";
import { EmailBrandContext, type EmailBrand } from "#emails/layout";
import { askedBy, type Brand } from "~/modules/brand/brand";

/** Every email Charter sends, by the template name stored in the outbox. */
export type EmailMessage =
  | { template: "feedback-invite"; props: FeedbackInviteProps }
  | { template: "feedback-reminder"; props: FeedbackReminderProps }
  | { template: "teammate-invite"; props: TeammateInviteProps }
  | { template: "signoff-request"; props: SignoffRequestProps }
  | { template: "signoff-reminder"; props: SignoffReminderProps }
  | { template: "signoff-receipt"; props: SignoffReceiptProps }
  | { template: "signoff-notice"; props: SignoffNoticeProps }
  | { template: "clearance-request"; props: ClearanceRequestProps }
  | { template: "clearance-receipt"; props: ClearanceReceiptProps }
  | { template: "notice"; props: NoticeProps }
  | { template: "notice-digest"; props: NoticeDigestProps }
  | { template: "quote-request"; props: QuoteRequestProps }
  | { template: "reference-request"; props: ReferenceRequestProps }
  | { template: "reference-outcome"; props: ReferenceOutcomeProps };

/**
 * The props of each template that carry a link token. The outbox keeps them only sealed, and
 * erases them once the email is sent (see sealed-links.server.ts).
 */
export const tokenLinkProps: { [T in EmailMessage["template"]]: readonly string[] } = {
  "feedback-invite": ["link"],
  "feedback-reminder": ["link"],
  "teammate-invite": ["link"],
  "signoff-request": ["link"],
  "signoff-reminder": ["link"],
  "signoff-receipt": ["withdrawLink"],
  "clearance-request": ["link"],
  "clearance-receipt": [],
  // The PM's link to the sign-off page in the portal: no token, behind sign-in.
  "signoff-notice": [],
  // Notices link into the portal, behind sign-in: no tokens.
  notice: [],
  "notice-digest": [],
  "quote-request": ["link"],
  "reference-request": ["link"],
  // The requester's link to the library, behind sign-in: no token.
  "reference-outcome": [],
};

function parts(message: EmailMessage): { subject: string; element: ReactElement } {
  switch (message.template) {
    case "feedback-invite":
      return { subject: feedbackInviteSubject(message.props), element: <FeedbackInviteEmail {...message.props} /> };
    case "feedback-reminder":
      return { subject: feedbackReminderSubject(message.props), element: <FeedbackReminderEmail {...message.props} /> };
    case "teammate-invite":
      return { subject: teammateInviteSubject(message.props), element: <TeammateInviteEmail {...message.props} /> };
    case "signoff-request":
      return { subject: signoffRequestSubject(message.props), element: <SignoffRequestEmail {...message.props} /> };
    case "signoff-reminder":
      return { subject: signoffReminderSubject(message.props), element: <SignoffReminderEmail {...message.props} /> };
    case "signoff-receipt":
      return { subject: signoffReceiptSubject(message.props), element: <SignoffReceiptEmail {...message.props} /> };
    case "signoff-notice":
      return { subject: signoffNoticeSubject(message.props), element: <SignoffNoticeEmail {...message.props} /> };
    case "clearance-request":
      return { subject: clearanceRequestSubject(message.props), element: <ClearanceRequestEmail {...message.props} /> };
    case "clearance-receipt":
      return { subject: clearanceReceiptSubject(message.props), element: <ClearanceReceiptEmail {...message.props} /> };
    case "notice":
      return { subject: noticeSubject(message.props), element: <NoticeEmail {...message.props} /> };
    case "notice-digest":
      return { subject: noticeDigestSubject(message.props), element: <NoticeDigestEmail {...message.props} /> };
    case "quote-request":
      return { subject: quoteRequestSubject(message.props), element: <QuoteRequestEmail {...message.props} /> };
    case "reference-request":
      return { subject: referenceRequestSubject(message.props), element: <ReferenceRequestEmail {...message.props} /> };
    case "reference-outcome":
      return { subject: referenceOutcomeSubject(message.props), element: <ReferenceOutcomeEmail {...message.props} /> };
  }
}

export const subjectOf = (message: EmailMessage) => parts(message).subject;

// html-to-text shouts headings in the plain-text body ("HI DANA,"); keep them as written.
const headingsAsWritten = (["h1", "h2", "h3"] as const).map((selector) => ({ selector, options: { uppercase: false } }));

/** What each email's header says the company asks (the program's product names it where there is one). */
function asks(message: EmailMessage, brand: Brand): string {
  switch (message.template) {
    case "feedback-invite":
    case "feedback-reminder":
      return `${askedBy(brand, message.props.productName)} asks for your feedback`;
    case "signoff-request":
    case "signoff-reminder":
      return `${askedBy(brand, message.props.productName)} asks for your sign-off`;
    case "signoff-receipt":
      return `${askedBy(brand, message.props.productName)} thanks you for your decision`;
    case "clearance-request":
      return `${askedBy(brand, message.props.productName)} asks for your IT review`;
    case "clearance-receipt":
      return `${askedBy(brand, message.props.productName)} thanks you for your review`;
    case "teammate-invite":
      return `${brand.companyName} invites you to its Charter workspace`;
    case "signoff-notice":
      return `${brand.companyName} · ${message.props.programName}: a buyer's decision`;
    case "notice":
    case "notice-digest":
      return `${brand.companyName} · what needs you in Charter`;
    case "quote-request":
      return `${askedBy(brand, message.props.productName)} asks ${message.props.purpose === "give" ? "for your quote" : "to quote you"}`;
    case "reference-request":
      return `${askedBy(brand, message.props.productName)} asks to use you as a reference`;
    case "reference-outcome":
      return `${brand.companyName} · a reference request`;
  }
}

/**
 * HTML and plain-text bodies of an email. With the workspace's brand (and the app's address, for
 * the logo) the header and footer say who asks and the button takes its accent colour.
 */
export async function renderEmail(message: EmailMessage, brand?: Brand | null, appUrl = ""): Promise<{ html: string; text: string }> {
  const inner = parts(message).element;
  const emailBrand: EmailBrand | null = brand
    ? { companyName: brand.companyName, accentColor: brand.accentColor, logoUrl: brand.logoPath ? `${appUrl}${brand.logoPath}` : null, asks: asks(message, brand) }
    : null;
  const element = <EmailBrandContext.Provider value={emailBrand}>{inner}</EmailBrandContext.Provider>;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions: { selectors: headingsAsWritten } })]);
  return { html, text };
}
