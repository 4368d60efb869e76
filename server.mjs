// Charter's HTTP server: Express in front of the Remix request handler.
// `node server.mjs` serves the production build; with NODE_ENV=development it runs Vite in
// middleware mode instead. Start-up (env check, migrations) is `startup()` in app/entry.server.tsx.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { ClusterMemoryStorePrimary, ClusterMemoryStoreWorker } from "@express-rate-limit/cluster-memory-store";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";

const development = process.env.NODE_ENV === "development";
const startedAt = performance.now();
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";

// `npm start` runs `node server.mjs --build-if-stale`: build only when build/ is missing or older
// than the sources (a fresh clone, a pull, an edit), so a restart serves the existing build at once.
if (!development && cluster.isPrimary && process.argv.includes("--build-if-stale")) buildIfStale();

function buildIfStale() {
  const built = "build/server/index.js";
  const newest = (entry) => {
    if (!existsSync(entry)) return 0;
    const stat = statSync(entry);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return readdirSync(entry).reduce((latest, name) => Math.max(latest, newest(join(entry, name))), stat.mtimeMs);
  };
  const sources = Math.max(...["app", "emails", "db", "public", "package.json", "vite.config.ts"].map(newest));
  if (existsSync(built) && existsSync("build/client") && statSync(built).mtimeMs >= sources) return;
  console.log("build/ is missing or older than the sources: building (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) {
    console.error("The build failed; not starting.");
    process.exit(result.status ?? 1);
  }
}

const viteDevServer = development
  ? await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined;

const loadBuild = () =>
  viteDevServer
    ? viteDevServer.ssrLoadModule("virtual:remix/server-build")
    : import("./build/server/index.js");

const build = await loadBuild();
const workers = workerCount();
if (cluster.isPrimary && workers > 1) await runPrimary(workers);
else await runServer();

/**
 * How many server processes: one per core on a PostgreSQL server (WEB_CONCURRENCY overrides), one
 * on the embedded database (PGlite lives inside one process) and in development.
 */
function workerCount() {
  if (development || !process.env.DATABASE_URL) {
    if (Number(process.env.WEB_CONCURRENCY) > 1 && !development) console.warn("WEB_CONCURRENCY is ignored on the embedded database: it runs inside one process.");
    return 1;
  }
  const asked = process.env.WEB_CONCURRENCY;
  if (asked === undefined || asked === "") return availableParallelism();
  const count = Number(asked);
  if (!Number.isInteger(count) || count < 1) {
    console.error(`WEB_CONCURRENCY must be a whole number of processes (1 or more), not "${asked}".`);
    process.exit(1);
  }
  return count;
}

/**
 * The cluster's primary: checks the environment and migrates once, keeps the rate-limit counts for
 * all workers, starts the workers and replaces one that dies. It serves no requests itself.
 */
async function runPrimary(count) {
  try {
    await build.entry.module.prepareDatabase();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  new ClusterMemoryStorePrimary().init();
  let stopping = false;
  let listening = 0;
  cluster.on("listening", () => {
    listening++;
    if (listening === count) {
      const ms = Math.round(performance.now() - startedAt);
      console.log(`Charter is ready at http://localhost:${port} (${count} worker processes, started in ${ms} ms)`);
    }
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (listening < count) {
      // A worker that dies before it listens will not do better the next time (bad settings, port taken).
      console.error(`A worker process exited (${signal ?? `code ${code}`}) before it started serving: stopping.`);
      stopAll(1);
      return;
    }
    console.error(`Worker ${worker.process.pid} exited (${signal ?? `code ${code}`}): starting another.`);
    cluster.fork();
  });
  for (let i = 0; i < count; i++) cluster.fork();

  async function stopAll(exitCode) {
    stopping = true;
    const running = Object.values(cluster.workers ?? {});
    await Promise.all(
      running.map(
        (worker) =>
          new Promise((resolve) => {
            worker.once("exit", resolve);
            worker.process.kill("SIGTERM");
            setTimeout(() => {
              worker.process.kill("SIGKILL");
              resolve();
            }, 10_000).unref();
          }),
      ),
    );
    process.exit(exitCode);
  }
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => {
    console.log(`${signal}: shutting down`);
    stopAll(0);
  });
}

/** One server process: the whole app on its own, or a cluster worker (migrations already done). */
async function runServer() {
  try {
    await build.entry.module.startup({ migrate: cluster.isPrimary });
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

  app.use(securityHeaders());
  app.use(servedMethodsOnly);
  app.use(sameOriginWrites);
  app.use(bodySizeLimit);
  app.use(rateLimits());
  // gzip, not brotli: brotli's per-response set-up cost 4–9 ms of server CPU per page in the
  // benchmark, against about 1 ms for gzip. Assets (the client JS is ~400 KB raw; browsers keep it
  // a year) get the smallest gzip; pages, compressed anew on every request, a fast level: on the
  // round page level 2 takes 0.6 ms for 25 KB where the default level takes 1.6 ms for 22 KB.
  app.use(gzipOnly);
  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    const compressFile = compression({ level: 9 });
    app.use("/assets", compressFile, express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
    // The other public files (favicon.svg, …) by name: a page request then costs no file lookup.
    const publicFiles = new Set(readdirSync("build/client").filter((name) => name !== "assets"));
    const servePublic = express.static("build/client", { maxAge: "1h" });
    app.use((req, res, next) => (publicFiles.has(req.path.split("/")[1]) ? compressFile(req, res, () => servePublic(req, res, next)) : next()));
  }
  app.use(compression({ level: 2 }));

  app.all(
    "*",
    createRequestHandler({
      // Every loader and action answers 503 (a plain page, nothing half-saved) when the database is
      // unreachable, and runs in its request's scope (see prepareBuild in app/entry.server.tsx).
      build: viteDevServer ? () => loadBuild().then(prepareBuild) : prepareBuild(build),
      mode: development ? "development" : "production",
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? null, cspNonce: res.locals.cspNonce }),
    }),
  );

  const server = app.listen(port, host, () => {
    if (cluster.isWorker) return; // the primary says when every worker is ready
    const ms = Math.round(performance.now() - startedAt);
    console.log(`Charter is ready at http://localhost:${port} (started in ${ms} ms)`);
  });

  async function shutdown(signal) {
    if (cluster.isPrimary) console.log(`${signal}: shutting down`);
    server.close();
    await build.entry.module.shutdown();
    process.exit(0);
  }
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

function gzipOnly(req, _res, next) {
  const accepted = req.headers["accept-encoding"];
  if (accepted) req.headers["accept-encoding"] = accepted.replace(/\bbr\b(;q=[\d.]+)?,?\s*/g, "");
  next();
}

function prepareBuild(serverBuild) {
  return serverBuild.entry.module.prepareBuild(serverBuild);
}

// ---------------------------------------------------------------------------------------------
// The HTTP edge: headers, cross-site writes, body size, rate limits.

/** Helmet's hardening headers and an enforced CSP whose scripts need this request's nonce. */
function securityHeaders() {
  const production = process.env.NODE_ENV === "production";
  const headers = helmet({
    contentSecurityPolicy: development
      ? false // Vite's dev client injects scripts of its own; the built app is what runs for people.
      : {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", "data:"],
            fontSrc: ["'self'"],
            connectSrc: ["'self'"],
            objectSrc: ["'none'"],
            baseUri: ["'none'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            ...(production ? { upgradeInsecureRequests: [] } : {}),
          },
        },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: production ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
  });
  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    headers(req, res, next);
  };
}

/**
 * Charter's pages are read (GET, HEAD) and its forms posted (POST); any other method (TRACE, PUT,
 * DELETE, OPTIONS…) gets 405 with Allow before it reaches the app, which would otherwise crash on it.
 */
const SERVED_METHODS = ["GET", "HEAD", "POST"];
function servedMethodsOnly(req, res, next) {
  if (SERVED_METHODS.includes(req.method)) return next();
  res.set("Allow", SERVED_METHODS.join(", ")).status(405).type("text/plain").send(`This address answers ${SERVED_METHODS.join(", ")} only. Nothing was changed.`);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Every state-changing request must come from this site: Origin checked, else Sec-Fetch-Site. */
function sameOriginWrites(req, res, next) {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get("origin");
  let sameSite;
  if (origin) {
    try {
      sameSite = origin !== "null" && new URL(origin).host === req.get("host");
    } catch {
      sameSite = false;
    }
  } else {
    const site = req.get("sec-fetch-site");
    sameSite = !site || site === "same-origin" || site === "none";
  }
  if (sameSite) return next();
  res.status(403).type("text/plain").send("Refused: this request came from another site. Nothing was changed.");
}

/** Forms are small: a body over the limit is refused before anything reads it. */
const MAX_BODY_BYTES = Number(process.env.MAX_BODY_BYTES || 256 * 1024);
function bodySizeLimit(req, res, next) {
  if (SAFE_METHODS.has(req.method)) return next();
  const length = req.get("content-length");
  if (length === undefined && req.get("transfer-encoding")) {
    res.status(411).type("text/plain").send("Send the form with a Content-Length. Nothing was changed.");
    return;
  }
  if (Number(length) > MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send(`The form is larger than ${Math.round(MAX_BODY_BYTES / 1024)} KB. Nothing was changed.`);
    return;
  }
  next();
}

/**
 * Per client address (req.ip: the socket, or the configured proxy's X-Forwarded-For only when
 * TRUST_PROXY is set). Over the limit: 429 with Retry-After.
 */
function rateLimits() {
  // In a cluster the counts live in the primary, so a limit holds across all worker processes.
  const limiter = (name, windowMs, limit, extra = {}) =>
    rateLimit({
      ...(cluster.isWorker ? { store: new ClusterMemoryStoreWorker({ prefix: name }) } : {}),
      windowMs,
      limit,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      ...extra,
      handler: (req, res, _next, options) => {
        const seconds = Math.ceil(options.windowMs / 1000);
        res.set("Retry-After", String(seconds)).status(429).type("text/plain").send(`Too many requests. Try again in ${Math.ceil(seconds / 60)} minutes.`);
      },
    });
  const scale = Number(process.env.RATE_LIMIT_SCALE || 1);
  const signIn = limiter("sign-in", 15 * 60_000, 10 * scale, { skipSuccessfulRequests: true });
  const signUp = limiter("sign-up", 60 * 60_000, 20 * scale);
  const tokenPages = limiter("links", 5 * 60_000, 600 * scale);
  return (req, res, next) => {
    const path = req.path.replace(/\.data$/, "");
    if (req.method === "POST" && path === "/login") return signIn(req, res, next);
    if (req.method === "POST" && path === "/setup") return signUp(req, res, next);
    if (/^\/(f|s|consent|invitations)\/[^/]+$/.test(path)) return tokenPages(req, res, next);
    next();
  };
}
