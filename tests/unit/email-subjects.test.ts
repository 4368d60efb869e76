import { describe, expect, it } from "vitest";
import FeedbackInviteEmail, { feedbackInviteSubject } from "#emails/feedback-invite";
import { feedbackReminderSubject } from "#emails/feedback-reminder";
import SignoffRequestEmail, { signoffRequestSubject } from "#emails/signoff-request";
import { signoffReminderSubject } from "#emails/signoff-reminder";

// Round 1's and round 2's emails sit in the same inbox: every subject names its round.
describe("email subjects name the round", () => {
  const user = { ...FeedbackInviteEmail.PreviewProps, roundNumber: 2 };
  const buyer = { ...SignoffRequestEmail.PreviewProps, roundNumber: 2 };
  it.each([
    ["feedback invitation", feedbackInviteSubject(user), "Fieldline Dispatch Board, round 2: try the prototype and tell us what you think"],
    ["feedback reminder", feedbackReminderSubject(user), "Reminder: your feedback on Fieldline Dispatch Board, round 2"],
    ["sign-off request", signoffRequestSubject({ ...buyer, kind: "request" }), "Your sign-off on Fieldline Dispatch Board for Harbor Mechanical, round 2"],
    ["updated case", signoffRequestSubject({ ...buyer, kind: "updated" }), "Updated business case for Fieldline Dispatch Board, round 2: your sign-off, please"],
    ["sign-off reminder", signoffReminderSubject(buyer), "Reminder: your decision on Fieldline Dispatch Board for Harbor Mechanical, round 2"],
  ])("%s", (_kind, subject, expected) => expect(subject).toBe(expected));
});
