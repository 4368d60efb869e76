/** What the audit log and its CSV call each event and who did it. */

/** Event names in words; unknown ones show their code. */
export const eventText: Record<string, string> = {
  "program.created": "Program created",
  "program.updated": "Program edited",
  "program.archived": "Program archived",
  "program.restored": "Program restored",
  "program.launched": "Program marked launched",
  "program.demo_loaded": "Demo program loaded",
  "program.case_template_saved": "Business case template saved",
  "customer.enrolled": "Customer enrolled",
  "customers.imported": "Customers imported from a CSV",
  "customer.updated": "Customer edited",
  "customer.activated": "Customer activated",
  "customer.withdrawn": "Customer withdrew",
  "customer.reenrolled": "Customer re-enrolled",
  "contact.added": "Contact added",
  "contact.updated": "Contact edited",
  "contact.removed": "Contact removed",
  "round.created": "Round planned",
  "round.updated": "Round edited",
  "round.task_add": "Task added",
  "round.task_remove": "Task removed",
  "round.task_move": "Task moved",
  "round.opened": "Round opened, invitations sent",
  "round.closed": "Round closed at the gate",
  "feedback.submitted": "Feedback submitted",
  "feedback.updated": "Feedback changed",
  "feedback.reminded": "Users reminded",
  "feedback.link_resent": "Feedback link re-sent",
  "business_case.saved": "Business case saved",
  "signoff.sent": "Sign-off request sent",
  "signoff.reminded": "Sign-off reminder sent",
  "signoff.opened": "Sign-off link first opened",
  "signoff.approved": "Buyer approved",
  "signoff.declined": "Buyer declined",
  "signoff.consent_withdrawn": "Reference consent withdrawn",
  "reference.requested": "Reference use requested",
  "reference.sent": "Reference request emailed",
  "reference.resent": "Reference request sent again",
  "reference.agreed": "Customer agreed to a reference use",
  "reference.declined": "Customer declined a reference use",
  "reference.cancelled": "Reference request cancelled",
};

export const actorText = (e: { action: string; actorType: string; memberName: string | null; contactName: string | null }) =>
  e.actorType === "member"
    ? (e.memberName ?? "A member")
    : e.actorType === "user"
      ? `${e.contactName ?? "A user"} (user)`
      : e.actorType === "buyer"
        ? `${e.contactName ?? "A buyer"} (buyer)`
        : e.actorType === "system"
          ? "Charter"
          : "Someone";

