import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { requireMember } from "~/modules/auth/session.server";
import { mailboxMode } from "~/modules/email/outbox.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  return {
    unreadNotices: member.unreadNotices,
    member: { name: member.name, email: member.email, role: member.role },
    workspaceName: member.workspaceName,
    showMailbox: mailboxMode() && member.role !== "viewer",
    showApiTokens: member.role === "admin",
  };
}

/** The signed-in member as the layout loaded it, for child routes (UI only; actions check on the server). */
export function useWorkspace() {
  const data = useRouteLoaderData<typeof loader>("routes/workspace");
  if (!data) throw new Error("useWorkspace must be used inside the workspace layout");
  return { ...data, canEdit: data.member.role !== "viewer", isAdmin: data.member.role === "admin" };
}

const roleName = { admin: "Admin", pm: "PM", viewer: "Viewer" } as const;

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-2 text-sm font-medium ${isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;

export default function WorkspaceLayout() {
  const { member, workspaceName, showMailbox, unreadNotices, showApiTokens } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only print:hidden focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      {/* Printed pages (a certificate, a dossier) are the document alone, without the app around it. */}
      <header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <NavLink to="/programs" className="flex items-center gap-2 font-semibold text-slate-900">
            <img src="/favicon.svg" alt="" className="size-6" width={24} height={24} />
            <span>Charter</span>
            <span className="hidden text-slate-400 sm:inline">/</span>
            <span className="hidden max-w-48 truncate font-medium text-slate-700 sm:inline">{workspaceName}</span>
          </NavLink>
          <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-1">
            <NavLink to="/programs" className={navClass}>
              Programs
            </NavLink>
            <NavLink to="/members" className={navClass}>
              Members
            </NavLink>
            {member.role !== "viewer" ? (
              <NavLink to="/notices" className={navClass}>
                Notices{" "}
                {unreadNotices > 0 ? (
                  <span className="ml-1 rounded-full bg-brand-700 px-2 py-0.5 text-xs font-semibold text-white">
                    {unreadNotices}
                    <span className="sr-only"> unread</span>
                  </span>
                ) : null}
              </NavLink>
            ) : null}
            {member.role === "admin" ? (
              <NavLink to="/settings/webhooks" className={navClass}>
                Webhooks
              </NavLink>
            ) : null}
            {member.role === "admin" ? (
              <NavLink to="/settings" end className={navClass}>
                Settings
              </NavLink>
            ) : null}
            {showApiTokens ? (
              <NavLink to="/api-tokens" className={navClass}>
                API tokens
              </NavLink>
            ) : null}
            {showMailbox ? (
              <NavLink to="/mailbox" className={navClass}>
                Mailbox
              </NavLink>
            ) : null}
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <NavLink to="/account" className="text-slate-700 underline-offset-2 hover:underline">
              <span className="font-medium">{member.name}</span> <span className="text-slate-500">· {roleName[member.role]}</span>
            </NavLink>
            <Form method="post" action="/logout">
              <button type="submit" className="rounded-md px-2 py-1 font-medium text-slate-700 underline-offset-2 hover:underline">
                Sign out
              </button>
            </Form>
          </div>
        </div>
        {/* Inside the header landmark, so a screen reader's landmark list does not skip it. */}
        {member.role === "viewer" ? (
          <p className="border-t border-slate-200 bg-slate-100 px-4 py-2 text-center text-sm text-slate-700">You have read-only access to this workspace.</p>
        ) : null}
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8 print:max-w-none print:p-0">
        <Outlet />
      </main>
    </div>
  );
}
