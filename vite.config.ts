import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  server: { hmr: process.env.NODE_ENV === "test" ? false : undefined },
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: {
    // Keep PGlite and postgres.js out of the server bundle: they load their own assets at run time.
    rollupOptions: { external: ["@electric-sql/pglite", "postgres", "argon2"] },
  },
  ssr: { external: ["@electric-sql/pglite", "postgres", "argon2"] },
});
