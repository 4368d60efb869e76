import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/modules/auth/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  throw redirect("/login", { headers: { "Set-Cookie": await destroySession(request, context) } });
}

// Signing out is a POST; a GET (a prefetch, a link scanner) changes nothing.
export function loader() {
  throw redirect("/");
}
