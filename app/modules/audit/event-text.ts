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
  "quote.requested": "Champion asked for a quote",
  "quote.proposed": "User's comment proposed as a quote",
  "quote.given": "Champion gave a quote",
  "quote.approved": "Buyer approved a quote for public use",
  "quote.rejected": "Buyer rejected a quote for public use",
  "quote.withdrawn": "Quote withdrawn",
  "quote.link_resent": "Quote link re-sent",
  "quote.links_revoked": "Quote links revoked",
  "go_live.saved": "Go-live plan or agreement saved",
  "go_live.marked_live": "Customer marked live",
  "requirement.added": "Technical requirement added",
  "requirement.updated": "Technical requirement edited",
  "requirement.removed": "Technical requirement removed",
  "requirement.moved": "Technical requirement moved",
  "tech_brief.saved": "Technical brief saved",
  "clearance.sent": "IT review request sent",
  "clearance.reminded": "IT review reminder sent",
  "clearance.revoked": "IT review link withdrawn",
  "clearance.opened": "IT review link first opened",
  "clearance.cleared": "Gatekeeper cleared the product",
  "clearance.cleared_with_conditions": "Gatekeeper cleared the product with conditions",
  "clearance.veto": "Gatekeeper vetoed the product",
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
        : e.actorType === "champion"
          ? `${e.contactName ?? "A champion"} (champion)`
          : e.actorType === "gatekeeper"
            ? `${e.contactName ?? "A gatekeeper"} (IT gatekeeper)`
            : e.actorType === "system"
          ? "Charter"
          : "Someone";

