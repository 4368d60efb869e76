import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
// The whole stylesheet (about 7 KB compressed) goes inline in the head: no render-blocking request
// before the first paint, which on a slow phone network is most of the time to first content.
import styles from "./tailwind.css?inline";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

const errorTitles: Record<number, string> = {
  400: "The form could not be read",
  403: "Not allowed",
  404: "Page not found",
  405: "Nothing to send here",
  415: "The form could not be read",
  503: "Temporarily unavailable",
};
const errorTitle = (status: number) => errorTitles[status] ?? "Something went wrong";

// Every route names its own page; this title is for the error page, which has no route of its own.
export const meta: MetaFunction = ({ error }) => {
  if (!error) return [];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${errorTitle(status)} · Charter` }];
};

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <style dangerouslySetInnerHTML={{ __html: styles }} />
        <Links />
      </head>
      <body className="min-h-full">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? "There is nothing here, or you do not have access to it."
      : status === 403
        ? "You do not have permission to do that."
        : status === 503
          ? "Charter cannot reach its database just now, so nothing from this request was saved. Please try again in a minute."
        : status === 405
          ? "This page has no form to send, so nothing was changed."
        : isRouteErrorResponse(error) && typeof error.data === "string"
          ? error.data
          : "Something went wrong on our side. Nothing you submitted was half-saved; please try again.";
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold">{errorTitle(status)}</h1>
      <p className="mt-3 text-slate-600">{message}</p>
      <Link to="/" className="mt-6 inline-block font-medium text-brand-700 underline">
        Go to the home page
      </Link>
    </main>
  );
}
