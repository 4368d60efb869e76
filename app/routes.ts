import { type RouteConfig, index, layout, prefix, route } from "@remix-run/route-config";

export default [
  index("routes/index.tsx"),
  route("healthz", "routes/healthz.ts"),
  route("setup", "routes/setup.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.ts"),
  route("invitations/:token", "routes/invitation.tsx"),
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
    ]),
    route("members", "routes/members.tsx"),
  ]),
] satisfies RouteConfig;
