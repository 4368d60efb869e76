// Charter's HTTP server: Express in front of the Remix request handler.
// `node server.mjs` serves the production build; with NODE_ENV=development it runs Vite in
// middleware mode instead. Start-up (env check, migrations) is `startup()` in app/entry.server.tsx.
import { createRequestHandler } from "@remix-run/express";
import express from "express";

const development = process.env.NODE_ENV === "development";
const startedAt = performance.now();

const viteDevServer = development
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

const loadBuild = () =>
  viteDevServer
    ? viteDevServer.ssrLoadModule("virtual:remix/server-build")
    : import("./build/server/index.js");

const build = await loadBuild();
try {
  await build.entry.module.startup();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, TRUST_PROXY says which hops to believe for the client's address (express
// "trust proxy" syntax: a hop count, "loopback", a subnet…). Unset, X-Forwarded-For is ignored.
if (process.env.TRUST_PROXY) {
  const hops = Number(process.env.TRUST_PROXY);
  app.set("trust proxy", Number.isInteger(hops) ? hops : process.env.TRUST_PROXY);
}

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

app.all(
  "*",
  createRequestHandler({
    build: viteDevServer ? loadBuild : build,
    mode: development ? "development" : "production",
    getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? null }),
  }),
);

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const server = app.listen(port, host, () => {
  const ms = Math.round(performance.now() - startedAt);
  console.log(`Charter is ready at http://localhost:${port} (started in ${ms} ms)`);
});

async function shutdown(signal) {
  console.log(`${signal}: shutting down`);
  server.close();
  await build.entry.module.shutdown();
  process.exit(0);
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
