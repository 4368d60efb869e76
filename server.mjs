// @ts-check
// Charter's HTTP server: Express in front of the Remix request handler.
// `node server.mjs` serves the production build; with NODE_ENV=development it runs Vite in
// middleware mode instead. Start-up (env check, migrations) is `startup()` in app/entry.server.tsx.
import { spawnSync } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import closeWithGrace from "close-with-grace";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";

const development = process.env.NODE_ENV === "development";
const startedAt = performance.now();
const port = Number(process.env.PORT || 3000);
/** On SIGTERM, how long requests in flight may take to finish before their connections are cut. */
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS || 10_000);
const host = process.env.HOST || "0.0.0.0";

// `npm start` runs `node server.mjs --build-if-stale`: build only when build/ is missing or older
// than the sources (a fresh clone, a pull, an edit), so a restart serves the existing build at once.
if (!development && cluster.isPrimary && process.argv.includes("--build-if-stale")) buildIfStale();

function buildIfStale() {
  const built = "build/server/index.js";
  /** @param {string} entry @returns {number} */
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

/**
 * The server build, and its entry module with Charter's own exports (startup, shutdown…).
 * @typedef {import("@remix-run/node").ServerBuild} ServerBuild
 * @typedef {typeof import("./app/entry.server")} CharterEntry
 */

// A path in a variable: the typecheck (which runs before a build exists) does not look for it.
const BUILT_SERVER = "./build/server/index.js";
/** @returns {Promise<ServerBuild>} */
const loadBuild = () =>
  viteDevServer
    ? viteDevServer.ssrLoadModule("virtual:remix/server-build").then((module) => /** @type {ServerBuild} */ (/** @type {unknown} */ (module)))
    : import(BUILT_SERVER).then((module) => /** @type {ServerBuild} */ (module));

/** @param {ServerBuild} serverBuild */
const entryOf = (serverBuild) => /** @type {CharterEntry} */ (/** @type {unknown} */ (serverBuild.entry.module));

const build = await loadBuild();
const entry = entryOf(build);
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
/** @param {number} count */
async function runPrimary(count) {
  try {
    await entry.prepareDatabase();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
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

  /** Each worker finishes its requests and closes (see runServer); one that takes too long is killed. */
  function stopWorkers() {
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).flatMap((worker) => (worker ? [worker] : []));
    return Promise.all(
      running.map(
        (worker) =>
          new Promise((resolve) => {
            worker.once("exit", resolve);
            worker.process.kill("SIGTERM");
            setTimeout(() => {
              worker.process.kill("SIGKILL");
              resolve(undefined);
            }, SHUTDOWN_GRACE_MS + 5_000).unref();
          }),
      ),
    );
  }
  /** @param {number} exitCode */
  async function stopAll(exitCode) {
    await stopWorkers();
    process.exit(exitCode);
  }
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS + 10_000, skip: ["uncaughtException", "unhandledRejection"] }, async ({ signal }) => {
    console.log(`${signal}: shutting down`);
    await stopWorkers();
  });
}

/** One server process: the whole app on its own, or a cluster worker (migrations already done). */
async function runServer() {
  try {
    await entry.startup({ migrate: cluster.isPrimary });
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
  app.use(rateLimits(entry));
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
      getLoadContext: (req, res) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? null, cspNonce: /** @type {string} */ (res.locals.cspNonce) }),
    }),
  );

  const server = app.listen(port, host, () => {
    if (cluster.isWorker) return; // the primary says when every worker is ready
    const ms = Math.round(performance.now() - startedAt);
    console.log(`Charter is ready at http://localhost:${port} (started in ${ms} ms)`);
  });

  // SIGTERM/SIGINT: stop accepting connections, let the requests in flight finish (at most
  // SHUTDOWN_GRACE_MS, then their connections are cut), then stop the background work and close the
  // database, and exit 0. close-with-grace exits 1 if all that has not ended in time.
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS + 10_000, skip: ["uncaughtException", "unhandledRejection"] }, async ({ signal }) => {
    if (cluster.isPrimary) console.log(`${signal}: shutting down`);
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    });
    await entry.shutdown();
  });
}

/**
 * @typedef {import("express").Request} Req
 * @typedef {import("express").Response} Res
 * @typedef {import("express").NextFunction} Next
 */

/** @param {Req} req @param {Res} _res @param {Next} next */
function gzipOnly(req, _res, next) {
  const accepted = req.headers["accept-encoding"];
  if (accepted) req.headers["accept-encoding"] = accepted.replace(/\bbr\b(;q=[\d.]+)?,?\s*/g, "");
  next();
}

/** @param {ServerBuild} serverBuild */
function prepareBuild(serverBuild) {
  return entryOf(serverBuild).prepareBuild(serverBuild);
}

// ---------------------------------------------------------------------------------------------
// The HTTP edge: headers, cross-site writes, body size, rate limits.

/** Helmet's hardening headers and an enforced CSP whose scripts need this request's nonce. */
function securityHeaders() {
  const production = process.env.NODE_ENV === "production";
  // Upgrading requests makes sense only where the site is served over https (a production server
  // on plain http, as the tests run it on 127.0.0.1, would send the browser to a port with no TLS).
  const servedOverHttps = production && (process.env.APP_URL ?? "").startsWith("https:");
  const headers = helmet({
    contentSecurityPolicy: development
      ? false // Vite's dev client injects scripts of its own; the built app is what runs for people.
      : {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'", (_req, res) => `'nonce-${/** @type {Res} */ (res).locals.cspNonce}'`],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", "data:"],
            fontSrc: ["'self'"],
            connectSrc: ["'self'"],
            objectSrc: ["'none'"],
            baseUri: ["'none'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
            ...(servedOverHttps ? { upgradeInsecureRequests: [] } : {}),
          },
        },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: production ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
  });
  /** @param {Req} req @param {Res} res @param {Next} next */
  return (req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    headers(req, res, (error) => {
      // A workspace's logo is shown by emails and by the mailbox's sandboxed frame (an opaque
      // origin): the route says cross-origin, which helmet's same-origin would contradict.
      if (req.path.startsWith("/logos/")) res.removeHeader("Cross-Origin-Resource-Policy");
      next(error);
    });
  };
}

/**
 * Charter's pages are read (GET, HEAD) and its forms posted (POST); any other method (TRACE, PUT,
 * DELETE, OPTIONS…) gets 405 with Allow before it reaches the app, which would otherwise crash on it.
 */
const SERVED_METHODS = ["GET", "HEAD", "POST"];
/** @param {Req} req @param {Res} res @param {Next} next */
function servedMethodsOnly(req, res, next) {
  if (SERVED_METHODS.includes(req.method)) return next();
  res.set("Allow", SERVED_METHODS.join(", ")).status(405).type("text/plain").send(`This address answers ${SERVED_METHODS.join(", ")} only. Nothing was changed.`);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every state-changing request must come from this site: Origin checked, else Sec-Fetch-Site.
 * @param {Req} req @param {Res} res @param {Next} next
 */
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
/** @param {Req} req @param {Res} res @param {Next} next */
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
 * Rate limits: over a limit, 429 with Retry-After. The client's address is req.ip (the socket, or
 * the configured proxy's X-Forwarded-For only when TRUST_PROXY is set). Each limit is keyed on
 * what an attacker has to vary and a crowd does not share: emailed links per token and address
 * (one busy office network, many buyers behind one address, each has their own link) with a wider
 * limit per address; failed sign-ins per typed account and address (ten wrong passwords for one
 * account slow that account from that address, not its colleague's) with a wider limit per address;
 * refused API tokens per address, like failed sign-ins, within a ceiling on token reads.
 * Keys are hashes: no token or email is kept in the counts. On PostgreSQL the counts live in the
 * database, so a limit holds across every server and worker; on the embedded database (one
 * process) in memory.
 * @param {CharterEntry} app
 */
function rateLimits(app) {
  const scale = Number(process.env.RATE_LIMIT_SCALE || 1);
  const secret = process.env.SESSION_SECRET || "charter-local-development-secret-not-for-production";
  /** @param {string} value */
  const keyHash = (value) => createHmac("sha256", secret).update(value).digest("base64url").slice(0, 32);
  /**
   * @param {string} name
   * @param {number} windowMs
   * @param {number} limit
   * @param {(req: Req, res: Res) => string} key
   * @param {Partial<import("express-rate-limit").Options>} [extra]
   */
  const limiter = (name, windowMs, limit, key, extra = {}) =>
    rateLimit({
      ...(process.env.DATABASE_URL ? { store: new app.PostgresRateLimitStore(name) } : {}),
      windowMs,
      limit: Math.max(1, Math.round(limit * scale)),
      standardHeaders: "draft-7",
      legacyHeaders: false,
      keyGenerator: (req, res) => keyHash(key(req, res)),
      // The key is a hash of more than the address, so express-rate-limit's IPv6 check does not apply.
      validate: { keyGeneratorIpFallback: false },
      ...extra,
      handler: (req, res, _next, options) => {
        const reset = /** @type {{ rateLimit?: { resetTime?: Date } }} */ (req).rateLimit?.resetTime;
        const seconds = Math.max(1, Math.ceil(reset ? (reset.getTime() - Date.now()) / 1000 : options.windowMs / 1000));
        res.set("Retry-After", String(seconds)).status(429).type("text/plain").send(`Too many requests. Try again in ${Math.ceil(seconds / 60)} minutes.`);
      },
    });
  /** @param {Req} req */
  const address = (req) => req.ip ?? req.socket.remoteAddress ?? "";
  /** @param {Req} req @param {Res} res */
  const account = (req, res) => `${address(req)}|${String(res.locals.typedEmail ?? "")}`;
  /** @param {Req} req */
  const link = (req) => `${address(req)}|${createHash("sha256").update(req.path.replace(/\.data$/, "")).digest("hex")}`;

  const failedSignInPerAccount = limiter("sign-in", 15 * 60_000, 10, account, { skipSuccessfulRequests: true });
  const failedSignInPerAddress = limiter("sign-in-address", 15 * 60_000, 100, address, { skipSuccessfulRequests: true });
  // Workspace sign-ups per address an hour: 20, or SIGN_UP_LIMIT_PER_HOUR (a training room behind
  // one address, or a test run that creates a workspace per test).
  const signUp = limiter("sign-up", 60 * 60_000, Number(process.env.SIGN_UP_LIMIT_PER_HOUR || 20), address);
  const linkPerToken = limiter("link", 5 * 60_000, 100, link);
  const linksPerAddress = limiter("links-address", 5 * 60_000, 3000, address);
  // API tokens, as sign-in: ten refused tokens from an address in 15 minutes, then 429; and a ceiling on reads.
  const failedTokensPerAddress = limiter("api-token", 15 * 60_000, 10, address, { skipSuccessfulRequests: true });
  const tokenReadsPerAddress = limiter("api-token-address", 15 * 60_000, 600, address);
  /** @param {import("express").RequestHandler[]} chain @returns {import("express").RequestHandler} */
  const all = (chain) => (req, res, next) => {
    const [first, ...rest] = chain;
    if (!first) return next();
    first(req, res, (/** @type {unknown} */ error) => (error ? next(error) : all(rest)(req, res, next)));
  };
  const signIn = all([readTypedEmail, failedSignInPerAddress, failedSignInPerAccount]);
  const links = all([linksPerAddress, linkPerToken]);
  const apiTokenReads = all([failedTokensPerAddress, tokenReadsPerAddress]);
  /** @param {Req} req @param {Res} res @param {Next} next */
  return (req, res, next) => {
    const path = req.path.replace(/\.data$/, "");
    if (req.method === "POST" && path === "/login") return signIn(req, res, next);
    if (req.method === "POST" && path === "/setup") return signUp(req, res, next);
    if (/^\/(f|s|g|q|r|consent|invitations)\/[^/]+$/.test(path)) return links(req, res, next);
    if (req.get("authorization") !== undefined) return apiTokenReads(req, res, next);
    next();
  };
}

/**
 * The email typed into the sign-in form, for the rate limit's key (normalised as sign-in compares
 * it). The body is read here and put back in front of the stream, so the app reads it as sent.
 * @param {Req} req @param {Res} res @param {Next} next
 */
function readTypedEmail(req, res, next) {
  const length = Number(req.get("content-length") ?? 0);
  const form = req.is("application/x-www-form-urlencoded");
  if (!form || !Number.isInteger(length) || length <= 0 || length > MAX_BODY_BYTES) return next();
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  const finish = () => {
    req.off("data", onData);
    req.off("end", finish);
    req.off("error", finish);
    req.pause();
    const body = Buffer.concat(chunks);
    if (!req.readableEnded) req.unshift(body);
    const email = new URLSearchParams(body.toString("utf8")).get("email");
    res.locals.typedEmail = (email ?? "").trim().toLowerCase();
    next();
  };
  /** @param {Buffer} chunk */
  const onData = (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= length) finish();
  };
  req.on("data", onData);
  req.once("end", finish);
  req.once("error", finish);
}
