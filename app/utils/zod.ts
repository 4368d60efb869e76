import { z } from "zod";

// zod 4 builds its fast object parsers with `new Function`, after probing whether eval is allowed.
// The page's CSP forbids eval (no 'unsafe-eval'), so in the browser that probe is refused and
// reported (a CSP issue in DevTools and Lighthouse). Forms validate a few fields, so the browser
// parses without the JIT and never probes; the server keeps it. Every schema imports z from here,
// so this runs before any schema is built — and pages without a schema ship no zod at all.
if (typeof document !== "undefined") z.config({ jitless: true });

export { z };
