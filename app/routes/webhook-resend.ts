import type { ActionFunctionArgs } from "@remix-run/node";
import { applyResendWebhook } from "~/modules/email/outbox.server";
import { env } from "~/utils/env.server";

/** Resend's delivery events (bounces, complaints). Off unless RESEND_WEBHOOK_SECRET is set. */
export async function action({ request }: ActionFunctionArgs) {
  const secret = env().RESEND_WEBHOOK_SECRET;
  if (!secret) return new Response("Not found", { status: 404 });
  const accepted = await applyResendWebhook({
    secret,
    body: await request.text(),
    headers: { id: request.headers.get("svix-id"), timestamp: request.headers.get("svix-timestamp"), signature: request.headers.get("svix-signature") },
  });
  return new Response(accepted ? "ok" : "Invalid signature", { status: accepted ? 200 : 401 });
}

export function loader() {
  return new Response("Not found", { status: 404 });
}
