import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getSignedInMember } from "~/modules/auth/session.server";
import { hasAnyWorkspace } from "~/modules/workspaces/workspaces.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSignedInMember(request)) throw redirect("/programs");
  throw redirect((await hasAnyWorkspace()) ? "/login" : "/setup");
}
