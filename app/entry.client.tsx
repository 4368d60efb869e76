import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

/**
 * With single fetch, RemixBrowser's first render suspends (throws a promise, with no Suspense
 * boundary above it) until the loader data in the page is decoded. A key press or click on the
 * page in that moment makes React 18 hydrate synchronously, and a root that suspends in such a
 * render fails with "Root did not complete" (React error #345; fixed in React 19). So the decoding
 * starts, and is awaited, before hydrating: RemixBrowser throws its decoding promise before it
 * runs any hook, and the render that follows finds the data ready and never suspends.
 */
async function decodeLoaderData() {
  try {
    (RemixBrowser as (props: object) => unknown)({});
  } catch (thrown) {
    if (thrown instanceof Promise) await thrown;
  }
}

decodeLoaderData().then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  }),
);
