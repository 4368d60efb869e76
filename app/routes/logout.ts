import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/modules/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  throw redirect("/login", { headers: { "Set-Cookie": await destroySession(request) } });
}

// Signing out is a POST; a GET (a prefetch, a link scanner) changes nothing.
export function loader() {
  throw redirect("/");
}
