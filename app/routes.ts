import { type RouteConfig, index, layout, prefix, route } from "@remix-run/route-config";

export default [
  index("routes/index.tsx"),
  route("healthz", "routes/healthz.ts"),
  route("favicon.ico", "routes/favicon.ts"),
  route("setup", "routes/setup.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.ts"),
  route("invitations/:token", "routes/invitation.tsx"),
  route("f/:token", "routes/feedback.tsx"),
  route("s/:token", "routes/signoff.tsx"),
  route("consent/:token", "routes/consent.tsx"),
  layout("routes/workspace.tsx", [
    route("programs", "routes/programs.tsx"),
    route("programs/new", "routes/program-new.tsx"),
    ...prefix("programs/:programId", [
      index("routes/program.tsx"),
      route("edit", "routes/program-edit.tsx"),
      route("customers/new", "routes/customer-new.tsx"),
      route("customers/:customerId", "routes/customer.tsx"),
      route("customers/:customerId/edit", "routes/customer-edit.tsx"),
      route("customers/:customerId/contacts/:contactId", "routes/contact-edit.tsx"),
      route("rounds/new", "routes/round-new.tsx"),
      route("rounds/:roundId", "routes/round.tsx"),
      route("rounds/:roundId/edit", "routes/round-edit.tsx"),
      route("rounds/:roundId/customers/:customerId/case", "routes/business-case.tsx"),
      route("rounds/:roundId/signoffs/:signoffId", "routes/certificate.tsx"),
    ]),
    route("members", "routes/members.tsx"),
    route("mailbox", "routes/mailbox.tsx"),
    route("mailbox/:emailId", "routes/mailbox-email.tsx"),
  ]),
] satisfies RouteConfig;
